// The plan: a validated spec expanded into runs, each with its content hash (instance sets are
// built, or found in the cache, to know their file hashes) and its status in the store.
import { join } from 'node:path';
import Table from 'cli-table3';
import { InputError } from '../errors.ts';
import {
  expandSpec,
  parsePlmRef,
  runHash,
  runIdentity,
  runPlm,
  type Expansion,
  type LoadedSpec,
  type RunInputs,
  type RunTemplate,
} from '../experiments/index.ts';
import type { RunStatus, TrackingStore } from '../tracking/index.ts';
import { pairKey } from '../vocabulary.ts';
import { TINY_PLM, TINY_PLM_ARGS, trainerVersion } from '../python.ts';
import { resolveRunRef, runModelDir } from './encoders.ts';
import { setHashes, type InstanceProvider, type RunSets } from './instances.ts';

export interface PlannedRun extends RunTemplate {
  hash: string;
  identity: Record<string, unknown>;
  sets: RunSets;
  /** `plm: tiny`: the instance file whose texts train the tiny PLM's vocabulary, and its sha256. */
  tinyPlmText?: { file: string; sha256: string };
  /**
   * `plm` naming a run (its encoder): that run, and the spec's text for it (`plm` is then `run:<hash>`).
   * `id` is unset for a run of an earlier experiment of the same file that is not in the store yet.
   */
  plmSource?: { hash: string; id?: number; label: string; written: string };
}

export interface Plan {
  loaded: LoadedSpec;
  expansion: Expansion;
  runs: PlannedRun[];
  trainerVersion: string;
}

export type PlanStatus = RunStatus | 'missing';

/**
 * The run a `plm` reference names, found among the runs of an earlier experiment of the same spec file
 * (`biorex plan` of a file that trains the encoders and then uses them), or undefined.
 */
function inEarlierPlan(ref: NonNullable<ReturnType<typeof parsePlmRef>>, earlier: readonly Plan[]): PlannedRun | undefined {
  if (ref.kind !== 'cell') return undefined;
  const plan = earlier.find((p) => p.loaded.spec.name === ref.experiment);
  if (!plan) return undefined;
  const row = plan.expansion.rows.find((r) => r.label.toLowerCase() === ref.row.toLowerCase() || String(r.index + 1) === ref.row);
  const hits = plan.runs.filter((r) => r.configuration === ref.configuration && r.seed === ref.seed && row !== undefined && r.rows.includes(row.index));
  return hits.length === 1 ? hits[0] : undefined;
}

export async function planExperiment(
  loaded: LoadedSpec,
  opts: { provider: InstanceProvider; trainerVersion?: string; store?: TrackingStore; earlier?: readonly Plan[] },
): Promise<Plan> {
  const expansion = expandSpec(loaded.spec);
  const version = opts.trainerVersion ?? trainerVersion();
  const runs: PlannedRun[] = [];
  const seen = new Map<string, PlannedRun>();
  for (const written of expansion.runs) {
    // A PLM naming a finished run: the run's encoder. Its identity holds that run's hash.
    const ref = parsePlmRef(written.plm);
    let plmSource: PlannedRun['plmSource'];
    let t = written;
    if (ref) {
      const planned = inEarlierPlan(ref, opts.earlier ?? []);
      if (planned) {
        const stored = opts.store?.getRunByHash(planned.hash);
        plmSource = { hash: planned.hash, ...(stored ? { id: stored.id } : {}), label: planned.label, written: written.plm };
      } else {
        if (!opts.store)
          throw new InputError({ file: loaded.file, message: `plm '${written.plm}' names a run, and there is no tracking store to find it in`, fix: 'run the experiment that trains it first (it creates the store), or pass --db FILE' });
        const source = resolveRunRef(opts.store, ref);
        runModelDir(opts.store, source); // its encoder must be there
        plmSource = { hash: source.hash, id: source.id, label: source.label, written: written.plm };
      }
      t = { ...written, plm: runPlm(plmSource.hash) };
    }
    const sets = await opts.provider.resolve(t.input, { root: t.data.root });
    const inputs: RunInputs = {
      instanceHashes: { main: setHashes(sets.main), ...(sets.stage1 ? { stage1: setHashes(sets.stage1) } : {}) },
      trainerVersion: version,
    };
    let tinyPlmText: PlannedRun['tinyPlmText'];
    if (t.plm === TINY_PLM) {
      // The tiny PLM's vocabulary comes from the target's own training texts (same for every configuration).
      const own = await opts.provider.resolve({ kind: 'corpus', corpus: t.target, view: 'native', prompt: true, ...(t.input.allowSplitOverlap ? { allowSplitOverlap: true } : {}) }, { root: t.data.root });
      const file = own.main.manifest.files.train;
      const sha = own.main.manifest.fileHashes.train;
      if (!file || !sha) throw new Error(`plm: tiny needs a training split of ${t.target} to build its vocabulary`);
      tinyPlmText = { file: join(own.main.dir, file), sha256: sha };
      inputs.instanceHashes.tiny_plm = { text: sha, args: TINY_PLM_ARGS.join(' ') };
    }
    const hash = runHash(t, inputs);
    const prev = seen.get(hash);
    if (prev) {
      for (const r of t.rows) if (!prev.rows.includes(r)) prev.rows.push(r);
      continue;
    }
    const run: PlannedRun = { ...t, rows: [...t.rows], hash, identity: runIdentity(t, inputs), sets, ...(tinyPlmText ? { tinyPlmText } : {}), ...(plmSource ? { plmSource } : {}) };
    seen.set(hash, run);
    runs.push(run);
  }
  return { loaded, expansion, runs, trainerVersion: version };
}

/** Registers the experiment and its runs in the store; returns run id by hash. */
export function recordPlan(store: TrackingStore, plan: Plan): Map<string, number> {
  const { spec, file, profile } = plan.loaded;
  const ids = store.registerRuns(
    plan.runs.map((r) => ({
      hash: r.hash,
      label: r.label,
      configuration: r.configuration,
      mode: r.mode,
      target: r.target,
      externals: r.externals,
      plm: r.plm,
      seed: r.seed,
      size: r.size,
      ...(r.fold !== undefined ? { fold: r.fold } : {}),
      identity: r.identity,
    })),
  );
  const byHash = new Map(plan.runs.map((r, i) => [r.hash, ids[i]]));
  const experimentId = store.upsertExperiment({
    name: spec.name,
    title: spec.title,
    specPath: file,
    profile,
    reference: spec.reference,
    spec,
  });
  store.setExperimentRuns(
    experimentId,
    plan.runs.flatMap((r) =>
      r.rows.map((row) => {
        const info = plan.expansion.rows[row];
        return { runId: byHash.get(r.hash)!, rowIndex: row, rowLabel: info?.label, pair: info ? pairKey(info.pair) : undefined };
      }),
    ),
  );
  return byHash;
}

export function planStatuses(plan: Plan, store?: TrackingStore): Map<string, PlanStatus> {
  if (!store) return new Map(plan.runs.map((r) => [r.hash, 'missing' as const]));
  return store.statusOf(plan.runs.map((r) => r.hash));
}

export interface PlanJson {
  experiment: string;
  title?: string;
  profile?: string;
  trainerVersion: string;
  rows: { index: number; label: string; pair: string; externals: string[] }[];
  skipped: Expansion['skipped'];
  warnings: string[];
  counts: Record<PlanStatus | 'total', number>;
  runs: {
    hash: string;
    status: PlanStatus;
    label: string;
    configuration: string;
    mode: string;
    externals: string[];
    rows: number[];
    plm: string;
    seed: number;
    size: number;
    fold: number | null;
    instanceSets: string[];
  }[];
}

export function planToJson(plan: Plan, statuses: Map<string, PlanStatus>): PlanJson {
  const counts: PlanJson['counts'] = { total: plan.runs.length, done: 0, failed: 0, interrupted: 0, running: 0, missing: 0, pending: 0 };
  for (const r of plan.runs) counts[statuses.get(r.hash) ?? 'missing']++;
  return {
    experiment: plan.loaded.spec.name,
    ...(plan.loaded.spec.title ? { title: plan.loaded.spec.title } : {}),
    ...(plan.loaded.profile ? { profile: plan.loaded.profile } : {}),
    trainerVersion: plan.trainerVersion,
    rows: plan.expansion.rows.map((r) => ({ index: r.index, label: r.label, pair: r.pair, externals: r.externals })),
    skipped: plan.expansion.skipped,
    warnings: plan.loaded.warnings,
    counts,
    runs: plan.runs.map((r) => ({
      hash: r.hash,
      status: statuses.get(r.hash) ?? 'missing',
      label: r.label,
      configuration: r.configuration,
      mode: r.mode,
      externals: r.externals,
      rows: r.rows,
      plm: r.plm,
      seed: r.seed,
      size: r.size,
      fold: r.fold ?? null,
      instanceSets: [r.sets.main.name, ...(r.sets.stage1 ? [r.sets.stage1.name] : [])],
    })),
  };
}

export function formatPlan(json: PlanJson): string {
  const lines: string[] = [];
  lines.push(`${json.experiment}${json.title ? ` — ${json.title}` : ''}${json.profile ? ` [profile ${json.profile}]` : ''}`);
  const c = json.counts;
  lines.push(
    `${c.total} runs: ${c.done} done, ${c.failed} failed, ${c.interrupted} interrupted, ${c.running} running, ${c.missing} missing`,
  );
  const table = new Table({
    head: ['#', 'status', 'hash', 'configuration', 'externals', 'rows', 'plm', 'seed', 'size', 'fold'],
    style: { head: [], border: [] },
  });
  json.runs.forEach((r, i) => {
    table.push([
      String(i + 1),
      r.status,
      r.hash.slice(0, 10),
      r.configuration,
      r.externals.length > 3 ? `${r.externals.length} corpora` : r.externals.join('+') || '—',
      r.rows.map((x) => json.rows[x]?.label ?? String(x)).join(', '),
      r.plm.split('/').pop() ?? r.plm,
      String(r.seed),
      r.size === 1 ? 'all' : String(r.size),
      r.fold === null ? '' : String(r.fold),
    ]);
  });
  lines.push(table.toString());
  for (const s of json.skipped) lines.push(`no ${s.configuration} run for row ${json.rows[s.row]?.label ?? s.row}: ${s.reason}`);
  for (const w of json.warnings) lines.push(`note: ${w}`);
  return lines.join('\n');
}
