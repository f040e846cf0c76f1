// `biorex rescore EXPERIMENT --criteria …`: scores the predictions that finished runs left in their
// run dirs again, with the same code the runner scores a run with when it ends (scoreRunOutputs),
// and replaces their stored results. Nothing is trained; a run whose files are gone is reported.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { openStore, type RunRecord, type TrackingStore } from '../tracking/index.ts';
import { CRITERIA, DEFAULT_CRITERIA, type Criterion } from '../vocabulary.ts';
import { scoreRunOutputs } from './score.ts';

export interface RescoreOptions {
  /** criteria to add; the run's stored criteria, the spec's and the default ones are scored too */
  criteria: string[];
  /** data root of the gold documents (default: the stored spec's data.root, else the default root) */
  root?: string;
  log?: (line: string) => void;
}

export interface RescoreResult {
  experiment: string;
  criteria: string[];
  rescored: { id: number; label: string; rows: number }[];
  skipped: { id: number; label: string; reason: string }[];
}

/** The eval sets and their instance roles of a stored run, as derive.ts named them: `${target}/${split}`. */
function evaluatedRoles(run: RunRecord): Record<string, string> {
  const splits = Array.isArray(run.identity.eval_splits) ? (run.identity.eval_splits as string[]) : ['test'];
  return Object.fromEntries(splits.map((split) => [split, `${run.target}/${split}`]));
}

function checkCriteria(criteria: string[], file: string): Criterion[] {
  const bad = criteria.filter((c) => !(CRITERIA as readonly string[]).includes(c));
  if (bad.length) {
    throw new InputError({ file, message: `unknown criterion ${bad.map((b) => `"${b}"`).join(', ')}`, fix: `use one of: ${CRITERIA.join(', ')}` });
  }
  return criteria as Criterion[];
}

export async function rescoreExperiment(store: TrackingStore | string, experiment: string, o: RescoreOptions): Promise<RescoreResult> {
  if (typeof store === 'string' && !existsSync(store)) {
    throw new InputError({ file: store, message: 'no tracking store here', fix: 'pass the store the experiment ran with (--db FILE, default work/biorex.sqlite or $BIOREX_DB)' });
  }
  const s = typeof store === 'string' ? openStore(store) : store;
  try {
    const e = s.getExperiment(experiment);
    if (!e) {
      const known = s.listExperiments().map((x) => x.name);
      throw new InputError({
        file: s.file,
        message: `no experiment named "${experiment}" in the store`,
        fix: known.length ? `use one of: ${known.join(', ')}` : 'run an experiment first (`biorex run SPEC`)',
      });
    }
    const asked = checkCriteria(o.criteria, s.file);
    const specCriteria = ((e.spec.evaluate as { criteria?: string[] } | undefined)?.criteria ?? []).filter((c) => (CRITERIA as readonly string[]).includes(c));
    const specRoot = (e.spec.data as { root?: string } | undefined)?.root;
    const result: RescoreResult = { experiment, criteria: [], rescored: [], skipped: [] };
    const seen = new Set<number>();
    const wanted = new Set<string>();
    for (const run of s.experimentRuns(experiment)) {
      if (seen.has(run.id)) continue; // one entry per row the run fills
      seen.add(run.id);
      const skip = (reason: string) => {
        result.skipped.push({ id: run.id, label: run.label, reason });
        o.log?.(`run ${run.id} (${run.label}): not rescored — ${reason}`);
      };
      if (run.status !== 'done') {
        skip(`status ${run.status}`);
        continue;
      }
      const config = run.config as { files?: Record<string, string[]>; manifest?: string } | null;
      if (!run.runDir || !config?.files || !config.manifest) {
        skip('the store holds no run config (files, manifest) for it');
        continue;
      }
      const evaluate = evaluatedRoles(run);
      const absent = [
        config.manifest,
        ...Object.keys(evaluate).flatMap((role) => [config.files![role]?.[0] ?? `${role} instances`, join(run.runDir!, 'predictions', `${role}.jsonl`)]),
      ].filter((f) => !existsSync(f));
      if (absent.length) {
        skip(`missing ${absent.join(', ')}`);
        continue;
      }
      // Keep what the run was scored on before: its stored criteria stay, the asked ones are added.
      const stored = [...new Set(s.getResults({ runId: run.id }).map((r) => r.criterion))].filter((c) => (CRITERIA as readonly string[]).includes(c));
      const criteria = [...new Set([...DEFAULT_CRITERIA, ...specCriteria, ...stored, ...asked])];
      criteria.forEach((c) => wanted.add(c));
      const data = (run.identity.data ?? {}) as { max_docs?: number | null };
      const rows = await scoreRunOutputs({
        runDir: run.runDir,
        files: config.files,
        evaluate,
        manifest: config.manifest,
        target: run.target,
        root: o.root ?? specRoot,
        criteria,
        limitedDocs: data.max_docs !== undefined && data.max_docs !== null,
      });
      s.putResults(run.id, rows);
      result.rescored.push({ id: run.id, label: run.label, rows: rows.length });
      o.log?.(`run ${run.id} (${run.label}): ${rows.length} result rows (${criteria.join(', ')})`);
    }
    result.criteria = [...wanted];
    return result;
  } finally {
    if (typeof store === 'string') s.close();
  }
}
