// `biorex reproduce`: one command from a catalog name to a report.
//
//   spec(s) → corpora (checked; copied from a mirror with --from) → instance sets → runs (the runner
//   skips done runs and resumes failed/interrupted ones; it scores each run as it finishes) →
//   statistics + report (src/report) → a summary table on the terminal.
//
// Resumable by construction: everything lives in the tracking store and the work dir, so running the
// same command again trains only what is missing and renders the report again.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fetchCorpora, listCorpora } from '../corpora/index.ts';
import { InputError } from '../errors.ts';
import { defaultDataRoot, workAndStore } from '../locations.ts';
import { expandSpec, loadSpecs, parsePlmRef, plmList, type LoadedSpec } from '../experiments/index.ts';
import { loadReportModel } from '../report/from-store.ts';
import { renderReport, type RenderedReport, type ReportModel } from '../report/index.ts';
import { runExperiments, type ProgressMode, type RunExperimentOptions, type RunSummary } from '../runner/index.ts';
import { summaryText } from './summary.ts';

export interface ReproduceOptions {
  /** A catalog name (experiments/NAME.yaml) or the path of a spec file (one or several experiments). */
  experiment: string;
  /** Apply the spec's profile (e.g. `smoke`). */
  profile?: string;
  /** Data root holding the corpora (overrides the spec's data.root); default $BIOREX_DATA or data/corpora. */
  data?: string;
  /** A local mirror laid out like the data root: the corpora the experiment needs are copied from it (`data fetch --from`). */
  from?: string;
  /** Tracking store (default <work>/biorex.sqlite or $BIOREX_DB). */
  db?: string;
  /** Work dir (default $BIOREX_WORK or ./work). */
  work?: string;
  /** Report folder (default reports/<name>). */
  out?: string;
  jobs?: number;
  cpu?: boolean;
  rerunFailed?: boolean;
  /** Progress display of the runs (`none` = quiet). */
  progress?: ProgressMode;
  /** Where the pipeline's own status lines go (default stderr; quiet: nowhere). */
  log?: (line: string) => void;
  /** Passed to the runner (tests). */
  runner?: Pick<RunExperimentOptions, 'python' | 'trainerOverrides' | 'handleSignals' | 'trainerVersion'>;
}

export interface ReproduceResult {
  /** The experiment (one spec) or the file's base name (several). */
  name: string;
  specFile: string;
  experiments: string[];
  profile?: string;
  dataRoots: string[];
  runs: RunSummary[];
  model: ReportModel;
  report: RenderedReport;
  /** The report's main table (and PLM / size tables) as text. */
  summary: string;
  /** 0 every run done; 1 a run failed; 130 interrupted. */
  exitCode: 0 | 1 | 130;
  seconds: { data: number; runs: number; report: number; total: number };
}

/** Registry roles a run reads; other files (alternate formats, extras) may be absent. */
const OPTIONAL_ROLES = new Set(['alternate', 'extra', 'doc']);

/** Every corpus a spec's runs read: the target and the externals of every run. */
export function corporaOf(spec: LoadedSpec['spec']): string[] {
  const names = new Set<string>([spec.target]);
  for (const r of expandSpec(spec).runs) for (const c of r.externals) names.add(c);
  return [...names];
}

/** Experiments whose runs' encoders other experiments of the file name as their `plm` (experiment/configuration/row/seed). */
export function encoderSources(specs: readonly LoadedSpec[]): Set<string> {
  const out = new Set<string>();
  for (const l of specs)
    for (const plm of plmList(l.spec)) {
      const ref = parsePlmRef(plm);
      if (ref?.kind === 'cell') out.add(ref.experiment);
    }
  return out;
}

export async function reproduce(opts: ReproduceOptions): Promise<ReproduceResult> {
  const t0 = performance.now();
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const resolved = loadSpecs(opts.experiment, { profile: opts.profile });
  const { specs } = resolved;
  const { work, db } = workAndStore(opts);
  mkdirSync(dirname(db), { recursive: true });
  if (opts.data) for (const l of specs) l.spec.data.root = resolve(opts.data); // not part of run identities

  // ---- corpora -------------------------------------------------------------------------------
  const byRoot = new Map<string, Set<string>>();
  for (const l of specs) {
    const root = resolve(l.spec.data.root ?? defaultDataRoot());
    const set = byRoot.get(root) ?? new Set<string>();
    for (const c of corporaOf(l.spec)) set.add(c);
    byRoot.set(root, set);
  }
  for (const [root, names] of byRoot) {
    const corpora = [...names];
    if (opts.from) {
      log(`corpora: ${corpora.join(', ')} from ${opts.from} into ${root}`);
      const results = await fetchCorpora({ root, from: resolve(opts.from), corpora, log });
      const failed = results.filter((r) => r.action === 'failed');
      if (failed.length > 0) {
        throw new InputError({
          file: resolve(opts.from),
          message: `could not copy ${failed.length} corpus file(s): ${failed.map((f) => `${f.corpus} ${f.path}`).join(', ')}`,
          fix: 'check that the mirror is laid out like the data root (`biorex data list --root MIRROR`), or fetch them with `biorex data fetch`',
        });
      }
    }
    const missing = (await listCorpora({ root, corpora })).filter((f) => f.state === 'missing' && !OPTIONAL_ROLES.has(f.role));
    if (missing.length > 0) {
      const which = [...new Set(missing.map((f) => f.corpus))];
      throw new InputError({
        file: root,
        message: `the experiment needs corpora that are not in the data root: ${which.join(', ')} (${missing.length} file(s) missing, e.g. ${missing[0].absPath})`,
        fix: `point --data at a folder holding them (e.g. --data ../shared/corpora), copy them from a mirror with --from DIR, or run \`biorex data fetch ${which.join(' ')}\``,
      });
    }
  }
  const tData = performance.now();

  // ---- runs (each scored by the runner as it finishes) ---------------------------------------
  const { runs, exitCode } = await runExperiments(
    resolved,
    { profile: opts.profile, db, work, jobs: opts.jobs, cpu: opts.cpu, rerunFailed: opts.rerunFailed, progress: opts.progress ?? 'auto', ...opts.runner },
    (l, i) => {
      if (specs.length > 1) log(`experiment ${i + 1}/${specs.length}: ${l.spec.name}${l.spec.title ? ` — ${l.spec.title}` : ''}`);
    },
  );
  const tRuns = performance.now();

  // ---- statistics + report ---------------------------------------------------------------------
  const names = specs.map((l) => l.spec.name);
  // An experiment of the file that only trains the encoders a later one starts from (paper Tables 5
  // and 6) is not a table of the report: its runs are named in the table's notes.
  const sources = encoderSources(specs);
  const reported = names.filter((n) => !sources.has(n));
  const model = loadReportModel(db, reported.length ? reported : names);
  if (opts.profile) {
    model.notes = [
      `Profile "${opts.profile}" (${resolved.file}): a scaled-down run of the experiment; its numbers are not comparable with the paper's.`,
      ...(model.notes ?? []),
    ];
  }
  const out = resolve(opts.out ?? join('reports', resolved.name));
  const report = await renderReport(model, out);
  const tEnd = performance.now();
  const s = (a: number, b: number) => (b - a) / 1000;
  return {
    name: resolved.name,
    specFile: resolved.file,
    experiments: names,
    profile: opts.profile,
    dataRoots: [...byRoot.keys()],
    runs,
    model,
    report,
    summary: summaryText(model),
    exitCode,
    seconds: { data: s(t0, tData), runs: s(tData, tRuns), report: s(tRuns, tEnd), total: s(t0, tEnd) },
  };
}
