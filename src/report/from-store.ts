// The adapter: tracking store → ReportModel. Reads an experiment's stored spec, its runs (with the
// table rows they fill), their results, metrics, timings, artifacts and environments, computes the
// p-values with src/stats (significance.ts) and attaches the paper's values when the spec names a
// reference. One experiment gives the Table 3 layout (rows = training combinations); several
// experiments given together give the Table 4 layout (one row per experiment's target).
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import {
  aggregateFolds,
  degenerateEvalSets,
  degenerateMessage,
  DEGENERATE_CRITERION,
  DEGENERATE_PAIR_TYPE,
  predictsOnlyNegatives,
} from '../evaluation/index.ts';
import { CONFIGURATIONS, CORPUS_FACTS, ExperimentSpecSchema, describeRows, type ExperimentSpec } from '../experiments/index.ts';
import { openStore, type Environment, type ExperimentRecord, type RunRecord, type TrackingStore } from '../tracking/index.ts';
import { COMBINATION_CRITERIA, DEFAULT_CRITERIA, pairKey } from '../vocabulary.ts';
import type {
  Cell,
  Column,
  PlmResult,
  ReportModel,
  ReportSetup,
  ResultTable,
  RunEntry,
  Score,
  SizePoint,
  TableRow,
  TrainingCurve,
} from './model.ts';
import { DEFAULT_CONFIGURATION_LABELS } from './model.ts';
import { loadPaper, parsePaperReference, type PaperResults } from './paper.ts';
import { attachPaperPlmColumns, attachPaperTable, paperPlmName, paperPlmRows, paperSizePoints } from './paper-values.ts';
import { DEGENERATE_MARK } from './format.ts';
import { buildSetup } from './setup.ts';
import { addAverageRow, addPairedTests } from './significance.ts';

/** The criterion the paper's tables use (the reference evaluator's multi-class file: pair + relation type). */
export const PAPER_CRITERION = 'pair+type';

export interface LoadReportOptions {
  /** criteria to tabulate (default: the spec's evaluate.criteria) */
  criteria?: string[];
  /** directory of paper-values files (default experiments/paper) */
  paperDir?: string;
  /** title for a multi-experiment (Table 4) report */
  title?: string;
}

type LinkedRun = RunRecord & { rowIndex: number; rowLabel: string | null; pair: string | null };

interface Loaded {
  name: string;
  title: string | null;
  specPath: string | null;
  reference: string | null;
  spec: ExperimentSpec | undefined;
  rawSpec: Record<string, unknown>;
  profile: string | null;
  overrides: string[];
  runs: LinkedRun[];
}

const CRITERION_LABEL: Record<string, string> = {
  pair: 'entity pair',
  'pair+type': 'entity pair + relation type',
  'pair+novelty': 'entity pair + novelty',
  all: 'pair + relation type + novelty',
};

/** Opens the store at `storePath` (read-only) or uses an open one, and builds the report model. */
export function loadReportModel(
  store: TrackingStore | string,
  experiments: string | string[],
  options: LoadReportOptions = {},
): ReportModel {
  const own = typeof store === 'string';
  const s = typeof store === 'string' ? openStoreForReport(store) : store;
  try {
    const names = [experiments].flat();
    if (names.length === 0) throw new Error('loadReportModel: name at least one experiment');
    const loaded = names.map((n) => loadExperiment(s, n));
    return loaded.length === 1 ? singleExperiment(s, loaded[0], options) : testSetsReport(s, loaded, options);
  } finally {
    if (own) s.close();
  }
}

function openStoreForReport(file: string): TrackingStore {
  if (!existsSync(file)) {
    throw new InputError({
      file,
      message: 'no tracking store here',
      fix: 'run the experiment first (`biorex run SPEC`), or pass the store with --db FILE (default work/biorex.sqlite, or $BIOREX_DB)',
    });
  }
  return openStore(file, { readonly: true });
}

function loadExperiment(store: TrackingStore, name: string): Loaded {
  const e = store.getExperiment(name);
  if (!e) {
    const known = store.listExperiments().map((x) => x.name);
    throw new InputError({
      file: store.file,
      message: `no experiment named "${name}" in the store`,
      fix: known.length ? `use one of: ${known.join(', ')}` : 'run an experiment first (`biorex run SPEC`)',
    });
  }
  const parsed = ExperimentSpecSchema.safeParse(e.spec);
  return {
    name: e.name,
    title: e.title,
    specPath: e.specPath,
    reference: e.reference ?? (typeof e.spec.reference === 'string' ? e.spec.reference : null),
    spec: parsed.success ? parsed.data : undefined,
    rawSpec: e.spec,
    profile: e.profile,
    overrides: overridesOf(e),
    runs: store.experimentRuns(name),
  };
}

/**
 * The `--set` overrides an experiment was run with, as "path=value" lines: from the experiment
 * record's `overrides`, else the stored spec's (a list of lines, or an object path → value).
 */
function overridesOf(e: ExperimentRecord): string[] {
  const own = (e as unknown as { overrides?: unknown }).overrides;
  const raw = Array.isArray(own) && own.length ? own : e.spec.overrides;
  if (Array.isArray(raw)) return raw.map(String);
  if (raw && typeof raw === 'object') return Object.entries(raw).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [];
}

/** Runs once each (a run filling several rows appears once per row in `experimentRuns`). */
function uniqueRuns(all: Loaded[]): LinkedRun[] {
  const seen = new Map<number, LinkedRun>();
  for (const l of all) for (const r of l.runs) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}

/** The Setup section of experiments (compared with the referenced paper's settings when given). */
function setupOf(store: TrackingStore, all: Loaded[], paper: PaperResults | undefined, options: LoadReportOptions): ReportSetup {
  const runs = uniqueRuns(all);
  const environments = new Map<number, Environment>();
  for (const r of runs) {
    if (r.environmentId === null || environments.has(r.environmentId)) continue;
    const env = store.getEnvironment(r.environmentId);
    if (env) environments.set(r.environmentId, env);
  }
  return buildSetup({
    experiments: all.map((l) => ({
      name: l.name,
      target: l.spec?.target ?? String(l.rawSpec.target ?? ''),
      profile: l.profile,
      specPath: l.specPath,
      sizes: l.spec?.sizes,
      criteria: criteriaOf(l, options),
      evalSet: evalSetOf(l),
      overrides: l.overrides,
    })),
    runs,
    environments,
    paper: paper?.settings ? { settings: paper.settings, label: paper.citation } : undefined,
  });
}

/** A note at the top naming the runs that predict no relation at all. */
function degenerateNote(model: ReportModel): void {
  const runs = model.runs.filter((r) => r.degenerate);
  if (runs.length === 0) return;
  const ids = runs.map((r) => r.id);
  model.notes = [
    ...(model.notes ?? []),
    `${runs.length} of ${model.runs.length} run${model.runs.length > 1 ? 's' : ''} ${runs.length > 1 ? 'are' : 'is'} degenerate — no relation predicted at all ` +
      `(every pair negative; F 0, accuracy = share of negatives): run${runs.length > 1 ? 's' : ''} ${ids.slice(0, 12).join(', ')}${ids.length > 12 ? ', …' : ''}. ` +
      `Their cells are marked ${DEGENERATE_MARK}.`,
  ];
}

/** The note that paper values are shown although the settings differ (top of the report and tables). */
function settingsNotes(model: ReportModel): void {
  const diff = model.setup?.differences ?? [];
  if (diff.length === 0) return;
  const withPaper = model.tables.filter((t) => t.rows.some((r) => Object.values(r.cells).some((c) => typeof c.paper === 'number')));
  model.notes = [
    ...(model.notes ?? []),
    `Settings differ from the paper: ${diff.join('; ')}.${withPaper.length ? " The paper's values are still shown beside ours, for reference" : ''} (see Setup).`,
  ];
  for (const t of withPaper) t.notes = [...(t.notes ?? []), `Settings differ from the paper's (${diff.length} setting${diff.length > 1 ? 's' : ''}, see Setup).`];
}

function referencedPaper(ref: string | null, dir?: string): { paper: PaperResults; table?: string } | undefined {
  if (!ref) return undefined;
  const r = parsePaperReference(ref);
  return { paper: loadPaper(r.paperId, dir), table: r.table };
}

const pct = (x: number | null | undefined): number | undefined => (x === null || x === undefined ? undefined : x * 100);
const unitOf = (r: RunRecord) => (r.fold !== null ? `seed ${r.seed} fold ${r.fold}` : `seed ${r.seed}`);

/** Results of a run as a lookup (criterion, pair type) → score, for one eval set. */
type StoredScore = { f: number; p?: number; r?: number; tp?: number; fp?: number; fn?: number };

function resultsByRun(store: TrackingStore, experiment: string, evalSet: string) {
  const map = new Map<number, Map<string, StoredScore>>();
  for (const row of store.getResults({ experiment, evalSet })) {
    if (row.f1 === null) continue;
    let m = map.get(row.runId);
    if (!m) map.set(row.runId, (m = new Map()));
    m.set(`${row.criterion}\t${row.pairType}`, {
      f: row.f1 * 100,
      p: pct(row.precision),
      r: pct(row.recall),
      tp: row.tp ?? undefined,
      fp: row.fp ?? undefined,
      fn: row.fn ?? undefined,
    });
  }
  return map;
}

function evalSetOf(l: Loaded): string {
  const on = l.spec?.evaluate.on;
  const first = Array.isArray(on) ? on[0] : on;
  const target = l.spec?.target ?? (l.rawSpec.target as string | undefined) ?? 'BioRED';
  return first ?? `${target}/test`;
}

function criteriaOf(l: Loaded, options: LoadReportOptions): string[] {
  return options.criteria ?? l.spec?.evaluate.criteria ?? [...DEFAULT_CRITERIA];
}

/** The runs that make up a table: the first PLM and the largest training size (the sweep uses the others). */
function tableRuns(l: Loaded, plm?: string): LinkedRun[] {
  const plms = [...new Set(l.runs.map((r) => r.plm))];
  const declared = l.spec ? [l.spec.plm].flat()[0] : undefined;
  const chosenPlm = plm ?? (declared !== undefined && plms.includes(declared) ? declared : plms[0]);
  const sizes = l.runs.filter((r) => r.plm === chosenPlm).map((r) => r.size);
  const full = sizes.includes(1) ? 1 : Math.max(...sizes);
  return l.runs.filter((r) => r.plm === chosenPlm && r.size === full);
}

function compareOptions(l: Loaded) {
  const c = l.spec?.compare;
  return {
    baseline: c?.baseline ?? 'original',
    alpha: c?.alpha ?? 0.05,
    correction: c?.correction ?? 'holm',
    bootstrapRequested: c?.test === 'bootstrap',
  };
}

function cellFromRuns(runs: LinkedRun[], results: ReturnType<typeof resultsByRun>, criterion: string, pair: string): Cell {
  const scores: Score[] = [];
  let missing = 0;
  let notScored = 0;
  // Cross-validation: each fold is a run; one seed's folds are pooled (TP/FP/FN summed, then P/R/F —
  // the headline of docs/evaluation.md), so the unit is the seed. A seed with a fold missing is missing.
  const cv = new Map<number, { run: LinkedRun; r: StoredScore }[]>();
  for (const run of runs) {
    const r = results.get(run.id)?.get(`${criterion}\t${pairKey(pair)}`);
    if (!r) {
      // a finished run without this row was not scored on the criterion (`biorex rescore` adds it)
      if (run.status === 'done') notScored++;
      else missing++;
      continue;
    }
    if (run.fold !== null && r.tp !== undefined && r.fp !== undefined && r.fn !== undefined) {
      let list = cv.get(run.seed);
      if (!list) cv.set(run.seed, (list = []));
      list.push({ run, r });
      continue;
    }
    scores.push({ unit: unitOf(run), runId: String(run.id), ...r });
  }
  for (const [seed, folds] of cv) {
    if (runs.some((x) => x.seed === seed && !folds.some((f) => f.run.id === x.id))) continue; // counted as missing above
    const pooled = aggregateFolds(folds.map((f) => ({ fold: f.run.fold!, tp: f.r.tp!, fp: f.r.fp!, fn: f.r.fn! }))).pooled;
    scores.push({
      unit: `seed ${seed}`,
      runId: folds.map((f) => f.run.id).join(','),
      f: pooled.f * 100,
      p: pooled.p * 100,
      r: pooled.r * 100,
      tp: pooled.tp,
      fp: pooled.fp,
      fn: pooled.fn,
    });
  }
  const degenerate = runs.filter((run) => isDegenerate(results, run.id)).length;
  return { applicable: true, scores, missing: missing || undefined, notScored: notScored || undefined, degenerate: degenerate || undefined };
}

/** The run predicted no relation on the table's eval set (evaluation/degenerate.ts decides). */
function isDegenerate(results: ReturnType<typeof resultsByRun>, runId: number): boolean {
  const r = results.get(runId)?.get(`${DEGENERATE_CRITERION}\t${DEGENERATE_PAIR_TYPE}`);
  return !!r && predictsOnlyNegatives({ tp: r.tp ?? null, fp: r.fp ?? null, fn: r.fn ?? null });
}

function columnsFor(configurations: string[], layout: 'training-sets' | 'test-sets'): Column[] {
  return configurations.map((id) => ({
    id,
    label: layout === 'test-sets' && id === 'original' ? 'Target' : (DEFAULT_CONFIGURATION_LABELS[id] ?? id),
  }));
}

function testDescription(l: Loaded, units: string) {
  const c = compareOptions(l);
  return { name: 'paired t-test (two-sided)', units, alpha: c.alpha };
}

function singleExperiment(store: TrackingStore, l: Loaded, options: LoadReportOptions): ReportModel {
  const ref = referencedPaper(l.reference, options.paperDir);
  const target = l.spec?.target ?? String(l.rawSpec.target ?? '');
  if (CORPUS_FACTS[target]?.nary || ref?.table === 'table5' || ref?.table === 'table6') return plmColumnsExperiment(store, l, ref);
  const configurations = l.spec?.configurations ?? [...new Set(l.runs.map((r) => r.configuration))];
  const cmp = compareOptions(l);
  const evalSet = evalSetOf(l);
  const results = resultsByRun(store, l.name, evalSet);
  const rowsInfo = l.spec
    ? describeRows(l.spec)
    : [...new Map(l.runs.map((r) => [r.rowIndex, { index: r.rowIndex, label: r.rowLabel ?? `row ${r.rowIndex + 1}`, pair: r.pair ?? 'All', externals: [] as string[] }])).values()];
  const plms = [...new Set(l.runs.map((r) => r.plm))];
  const runsForTables = tableRuns(l);
  const hasFolds = runsForTables.some((r) => r.fold !== null);
  const notes: string[] = [];
  if (cmp.bootstrapRequested)
    notes.push('The spec asks for a paired bootstrap; stored results hold no per-document counts, so the tables use the paired t-test over seeds.');
  if (plms.length > 1) notes.push(`Tables show ${plms[0]}; the PLM comparison figure shows every PLM.`);

  const tables: ResultTable[] = [];
  for (const criterion of criteriaOf(l, options)) {
    const rows: TableRow[] = rowsInfo.map((info) => {
      const cells: Record<string, Cell> = {};
      for (const conf of configurations) {
        const runs = runsForTables.filter((r) => r.rowIndex === info.index && r.configuration === conf);
        cells[conf] =
          runs.length === 0 && (conf === 'tl' || conf === 'mtl')
            ? { applicable: false, scores: [] } // expansion skipped it: no external corpus with spans
            : cellFromRuns(runs, results, criterion, info.pair);
      }
      const externalAll = l.spec?.rows?.[info.index]?.external === 'all';
      return { id: `row-${info.index}`, label: info.label, pair: info.pair, external: info.externals, externalAll, cells };
    });
    let table: ResultTable = {
      id: `${l.name}-${criterion}`.replace(/[^A-Za-z0-9_-]/g, '-'),
      layout: 'training-sets',
      title: criteriaOf(l, options).length > 1 ? `${l.title ?? l.name} — ${CRITERION_LABEL[criterion] ?? criterion}` : (l.title ?? l.name),
      caption:
        `Rows are training combinations; each row is scored on its entity-pair subset of ${evalSet}.` +
        (configurations.includes('original') ? ' Original is the target-only model.' : ''),
      criterion: CRITERION_LABEL[criterion] ?? criterion,
      evalSet,
      columns: columnsFor(configurations, 'training-sets'),
      baseline: configurations.includes(cmp.baseline) ? cmp.baseline : configurations[0],
      test: testDescription(l, hasFolds ? 'seeds × folds' : 'seeds'),
      rows,
      rescoreHint: rows.some((r) => Object.values(r.cells).some((c) => c.notScored)) ? `biorex rescore ${l.name} --criteria ${criterion}` : undefined,
    };
    table = addPairedTests(table, { alpha: cmp.alpha, correction: cmp.correction });
    if (ref && target === 'BioRED' && criterion === PAPER_CRITERION && (!ref.table || ref.table === 'table3'))
      table = attachPaperTable(table, ref.paper, 'table3');
    tables.push(table);
  }

  const model: ReportModel = {
    experiment: {
      name: l.name,
      title: l.title ?? l.name,
      description: l.spec?.description,
      target,
      plms,
      configurations,
      seeds: l.spec?.seeds ?? [...new Set(l.runs.map((r) => r.seed))],
      sizes: l.spec && l.spec.sizes.length > 1 ? l.spec.sizes : undefined,
      specPath: l.specPath ?? undefined,
      storePath: store.file,
      reference: l.reference ? { id: l.reference, citation: ref?.paper.citation } : undefined,
    },
    tables,
    curves: curvesOf(store, l.runs),
    sizeSweep: sizeSweepOf(l, results, ref && target === 'BioRED' ? ref.paper : undefined),
    plmComparison: plmComparisonOf(l, results, ref && target === 'BioRED' ? ref.paper : undefined),
    runs: [],
    notes,
  };
  Object.assign(model, appendixOf(store, [l]));
  model.setup = setupOf(store, [l], ref?.paper, options);
  settingsNotes(model);
  degenerateNote(model);
  return model;
}

/** Several experiments, one per target corpus → Table 4 layout with an Average row. */
function testSetsReport(store: TrackingStore, all: Loaded[], options: LoadReportOptions): ReportModel {
  const configurations = [...new Set(all.flatMap((l) => l.spec?.configurations ?? l.runs.map((r) => r.configuration)))];
  const cmp = compareOptions(all[0]);
  const criterion = options.criteria?.[0] ?? PAPER_CRITERION;
  const ref = all.map((l) => referencedPaper(l.reference, options.paperDir)).find((r) => r && (!r.table || r.table === 'table4'));
  const targetOf = (l: Loaded) => l.spec?.target ?? String(l.rawSpec.target ?? l.name);
  const targets = all.map(targetOf);
  const unscored: string[] = [];
  const rows: TableRow[] = all.map((l, i) => {
    const target = targetOf(l);
    const evalSet = evalSetOf(l);
    const results = resultsByRun(store, l.name, evalSet);
    const runs = tableRuns(l);
    // The row of the experiment scored on All pairs (Table 4 scores each test set as a whole).
    const rowIndex = l.spec ? (describeRows(l.spec).find((r) => r.pair === 'All')?.index ?? 0) : 0;
    const cells: Record<string, Cell> = {};
    for (const conf of configurations) {
      const these = runs.filter((r) => r.configuration === conf && r.rowIndex === rowIndex);
      cells[conf] = these.length ? cellFromRuns(these, results, criterion, 'All') : { applicable: false, scores: [] };
    }
    if (Object.values(cells).some((c) => c.notScored)) unscored.push(l.name);
    // Two experiments with the same target: each row carries its experiment's name.
    const label = targets.filter((t) => t === target).length > 1 ? `${target} (${l.name})` : target;
    return { id: `exp-${i}`, label, testSet: target, experiment: l.name, pair: 'All', cells };
  });
  let table: ResultTable = {
    id: 'test-sets',
    layout: 'test-sets',
    title: options.title ?? 'Performance on the test sets of the individual datasets',
    caption: `One row per experiment (${all.map((l) => l.name).join(', ')}), each scored on its target's test set.`,
    criterion: CRITERION_LABEL[criterion] ?? criterion,
    columns: columnsFor(configurations, 'test-sets'),
    baseline: configurations.includes(cmp.baseline) ? cmp.baseline : configurations[0],
    test: testDescription(all[0], 'seeds (folds for cross-validated corpora)'),
    rows,
    rescoreHint: unscored.length ? unscored.map((n) => `biorex rescore ${n} --criteria ${criterion}`).join('; ') : undefined,
  };
  table = addAverageRow(addPairedTests(table, { alpha: cmp.alpha, correction: cmp.correction }), { correction: cmp.correction });
  if (ref) table = attachPaperTable(table, ref.paper, 'table4');
  const model: ReportModel = {
    experiment: {
      name: all.map((l) => l.name).join(' + '),
      title: table.title,
      configurations,
      plms: [...new Set(all.flatMap((l) => l.runs.map((r) => r.plm)))],
      seeds: [...new Set(all.flatMap((l) => l.runs.map((r) => r.seed)))].sort((a, b) => a - b),
      storePath: store.file,
      reference: ref ? { id: 'paper/' + ref.paper.id + '#table4', citation: ref.paper.citation } : undefined,
    },
    tables: [table],
    curves: curvesOf(store, all.flatMap((l) => l.runs)),
    runs: [],
  };
  Object.assign(model, appendixOf(store, all));
  model.setup = setupOf(store, all, ref?.paper, options);
  settingsNotes(model);
  degenerateNote(model);
  return model;
}

/** Checkpoint markers are not a metric (the other bookkeeping goes to the Diagnostics section). */
const NOT_A_CURVE = /(^|\/)checkpoint$/;

/** Every metric key of every run (deduplicated runs; original runs fill several rows). */
function curvesOf(store: TrackingStore, runs: LinkedRun[]): TrainingCurve[] {
  const out: TrainingCurve[] = [];
  const seen = new Set<number>();
  for (const run of runs) {
    if (seen.has(run.id)) continue;
    seen.add(run.id);
    const byKey = new Map<string, { step: number; value: number }[]>();
    for (const m of store.getMetrics(run.id)) {
      if (m.value === null || !Number.isFinite(m.value) || NOT_A_CURVE.test(m.key)) continue;
      let list = byKey.get(m.key);
      if (!list) byKey.set(m.key, (list = []));
      list.push({ step: m.step, value: m.value });
    }
    for (const [key, points] of byKey) out.push({ runId: String(run.id), configuration: run.configuration, key, points });
  }
  return out;
}

function sizeSweepOf(l: Loaded, results: ReturnType<typeof resultsByRun>, paper?: PaperResults): ReportModel['sizeSweep'] {
  const sizes = [...new Set(l.runs.map((r) => r.size))];
  if (sizes.length < 2) return undefined;
  const criterion = criteriaOf(l, {}).includes(PAPER_CRITERION) ? PAPER_CRITERION : criteriaOf(l, {})[0];
  const rows = l.spec ? describeRows(l.spec) : [];
  const rowIndex = rows.find((r) => r.pair === 'All')?.index ?? 0;
  const plm = l.runs[0]?.plm;
  const points: SizePoint[] = [];
  const seen = new Set<number>();
  for (const run of l.runs) {
    if (run.rowIndex !== rowIndex || run.plm !== plm || seen.has(run.id)) continue;
    seen.add(run.id);
    const r = results.get(run.id)?.get(`${criterion}\tall`);
    if (r) points.push({ configuration: run.configuration, size: run.size, seed: run.seed, f: r.f });
  }
  // Sizes > 1 are document counts, sizes ≤ 1 fractions; one axis cannot show both, so when counts
  // are present the fractional runs (e.g. size 1 = the full set, shown in the tables) are left out.
  const documents = points.some((p) => p.size > 1);
  const shown = documents ? points.filter((p) => p.size > 1) : points;
  if (shown.length === 0) return undefined;
  return {
    xLabel: documents ? 'Training documents' : 'Training size (fraction of the target training documents)',
    points: shown,
    paper: paper && documents ? paperSizePoints(paper) : undefined,
  };
}

function plmComparisonOf(l: Loaded, results: ReturnType<typeof resultsByRun>, paper?: PaperResults): ReportModel['plmComparison'] {
  const plms = [...new Set(l.runs.map((r) => r.plm))];
  if (plms.length < 2) return undefined;
  const configurations = l.spec?.configurations ?? [];
  const conf = configurations.includes('biorex') ? 'biorex' : (configurations.at(-1) ?? l.runs[0].configuration);
  const criterion = criteriaOf(l, {}).includes(PAPER_CRITERION) ? PAPER_CRITERION : criteriaOf(l, {})[0];
  const rows = l.spec ? describeRows(l.spec) : [];
  const rowIndex = rows.find((r) => r.pair === 'All')?.index ?? 0;
  const out: PlmResult[] = [];
  for (const plm of plms) {
    const runs = l.runs.filter((r) => r.plm === plm && r.configuration === conf && r.rowIndex === rowIndex);
    const full = runs.some((r) => r.size === 1) ? 1 : Math.max(...runs.map((r) => r.size));
    const scored = runs
      .filter((r) => r.size === full)
      .map((r) => ({ run: r, s: results.get(r.id)?.get(`${criterion}\tall`) }))
      .filter((x): x is { run: LinkedRun; s: NonNullable<typeof x.s> } => x.s !== undefined);
    if (scored.length === 0) continue;
    const avg = (xs: (number | undefined)[]) => {
      const v = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
      return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
    };
    const t = scored.map((x) => timingFacts(x.run));
    const fs = scored.map((x) => x.s.f);
    const mean = avg(fs)!;
    out.push({
      plm: paper ? paperPlmName(plm, paper) : plm,
      source: 'ours',
      f: mean,
      p: avg(scored.map((x) => x.s.p)),
      r: avg(scored.map((x) => x.s.r)),
      fSd: fs.length > 1 ? Math.sqrt(fs.reduce((a, x) => a + (x - mean) ** 2, 0) / (fs.length - 1)) : undefined,
      seeds: fs.length,
      trainSecondsPerEpoch: avg(t.map((x) => x.trainPerEpoch)),
      predictSecondsPer1000Pairs: avg(t.map((x) => x.predictPer1000)),
      device: t.find((x) => x.device)?.device,
    });
  }
  if (out.length === 0) return undefined;
  return { rows: [...out, ...(paper ? paperPlmRows(paper) : [])] };
}

/** Facts from the trainer's timings.json as stored with the run (train_seconds, epochs[], predict_seconds_per_1000, device). */
function timingFacts(run: RunRecord): { trainPerEpoch?: number; predictPer1000?: number; device?: string } {
  const t = (run.timings ?? {}) as Record<string, unknown>;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
  const epochs = Array.isArray(t.epochs) ? (t.epochs as { seconds?: unknown }[]) : [];
  const epochSeconds = epochs.map((e) => num(e.seconds)).filter((x): x is number => x !== undefined);
  const trainPerEpoch = epochSeconds.length
    ? epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length
    : num(t.train_seconds_per_epoch);
  const device = typeof t.device_name === 'string' ? t.device_name : typeof t.device === 'string' ? t.device : undefined;
  return { trainPerEpoch, predictPer1000: num(t.predict_seconds_per_1000), device };
}

/**
 * The run dir as stored, or — when the work dir has moved since (the store travels inside it, at
 * <work>/biorex.sqlite by default) — the same run dir under the store's folder.
 */
function locateRunDir(store: TrackingStore, runDir: string | null): string | null {
  if (!runDir || existsSync(runDir)) return runDir;
  const moved = join(dirname(store.file), 'runs', basename(runDir));
  return existsSync(moved) ? moved : runDir;
}

function appendixOf(store: TrackingStore, all: Loaded[]): Pick<ReportModel, 'runs' | 'environments'> {
  const runs: RunEntry[] = [];
  const environments: Record<string, Record<string, unknown>> = {};
  const seen = new Map<number, RunEntry>();
  for (const l of all) {
    for (const r of l.runs) {
      const prev = seen.get(r.id);
      if (prev) {
        // original runs fill several rows
        if (r.rowLabel && prev.row && !prev.row.split('; ').includes(r.rowLabel)) prev.row += `; ${r.rowLabel}`;
        continue;
      }
      const envKey = r.environmentId !== null ? `env-${r.environmentId}` : undefined;
      if (envKey && !environments[envKey]) {
        const env = store.getEnvironment(r.environmentId!);
        if (env) environments[envKey] = env as Record<string, unknown>;
      }
      const timings: Record<string, number> = {};
      const t = (r.timings ?? {}) as Record<string, unknown>;
      const facts = timingFacts(r);
      if (typeof t.train_seconds === 'number') timings.train = t.train_seconds;
      if (facts.trainPerEpoch !== undefined) timings['train / epoch'] = facts.trainPerEpoch;
      if (facts.predictPer1000 !== undefined) timings['predict / 1000'] = facts.predictPer1000;
      if (r.durationS !== null) timings.total = r.durationS;
      const artifacts = store.getArtifacts(r.id).filter((a) => /predict/i.test(a.kind) || /predictions?[\\/]/.test(a.path));
      // The runner stores artifact paths relative to the run dir: made absolute against it (never
      // against the current directory), so the renderer can link them relative to the report folder.
      const runDir = locateRunDir(store, r.runDir);
      let predictions = artifacts.map((a) => ({ label: basename(a.path), path: runDir ? resolve(runDir, a.path) : resolve(a.path) }));
      if (predictions.length === 0 && runDir) {
        const guess = join(runDir, 'predictions', 'test.jsonl');
        if (existsSync(guess)) predictions = [{ label: 'test.jsonl', path: resolve(guess) }];
      }
      const degenerate = degenerateEvalSets(store.getResults({ runId: r.id }));
      const entry: RunEntry = {
        id: String(r.id),
        degenerate: degenerate.length ? degenerateMessage(degenerate) : undefined,
        configuration: r.configuration,
        row: r.rowLabel ?? undefined,
        plm: r.plm,
        seed: r.seed,
        size: r.size !== 1 ? r.size : undefined,
        fold: r.fold ?? undefined,
        status: r.status,
        error: r.error ? `${r.errorKind ? `[${r.errorKind}] ` : ''}${r.error}${r.stderrTail ? `\n\n${r.stderrTail}` : ''}` : undefined,
        config: (r.config ?? r.identity) as Record<string, unknown>,
        environment: envKey,
        timings,
        startedAt: r.startedAt ?? undefined,
        finishedAt: r.finishedAt ?? undefined,
        predictions,
        extra: { label: r.label, hash: r.hash, attempts: r.attempts, ...(r.timings ? { timings: r.timings } : {}) },
      };
      seen.set(r.id, entry);
      runs.push(entry);
    }
  }
  return { runs, environments };
}

// ---------------------------------------------------------------------------------------------
// Paper Tables 5 and 6: one experiment on an unseen task (drug combinations, GDA) with several PLMs —
// a model's own PLM and the encoders of finished runs (`plm: run:HASH`). One column per PLM, the
// first (the plain PLM) is the baseline; rows are the task's scores.

/** Rows of the drug-combination table: the dataset authors' four scores (src/evaluation/drugcombo.ts). */
const COMBINATION_ROWS = COMBINATION_CRITERIA.map((criterion) => {
  const [view, match] = criterion.split('/');
  return { criterion, label: view === 'positive' ? 'Positive Combination' : 'Any Combination', pair: `${match} match` };
});

/** What a PLM column is: a plain PLM, or the encoder of a run (its configuration picks the paper's row). */
export interface PlmColumnInfo {
  id: string;
  label: string;
  /** `plm`: a hub id / folder / tiny; otherwise the configuration of the run whose encoder it is. */
  kind: string;
  source?: { hash: string; label: string; target: string };
}

function plmColumns(store: TrackingStore, l: Loaded, paper: PaperResults | undefined): PlmColumnInfo[] {
  const plms = [...new Set(l.runs.map((r) => r.plm))];
  const info = plms.map((plm): PlmColumnInfo => {
    const m = /^run:([0-9a-f]{64})$/.exec(plm);
    const src = m ? store.getRunByHash(m[1]) : undefined;
    if (!m) return { id: plm, label: paper ? paperPlmName(plm, paper) : (plm.split('/').pop() ?? plm), kind: 'plm' };
    if (!src) return { id: plm, label: `encoder of run ${m[1].slice(0, 8)}`, kind: 'unknown' };
    const what = src.configuration === 'biorex' ? 'BioREx' : src.configuration === 'original' ? src.target : `${DEFAULT_CONFIGURATION_LABELS[src.configuration] ?? src.configuration} ${src.target}`;
    return { id: plm, label: `${what} encoder`, kind: src.configuration, source: { hash: src.hash, label: src.label, target: src.target } };
  });
  // plain PLMs first (in the spec's order), then encoders in configuration order (Original, …, BioREx)
  const rank = (c: PlmColumnInfo) => (c.kind === 'plm' ? -1 : (CONFIGURATIONS as readonly string[]).indexOf(c.kind) + 0.5 * Number(c.kind === 'unknown'));
  return info.sort((a, b) => rank(a) - rank(b) || plms.indexOf(a.id) - plms.indexOf(b.id));
}

function plmColumnsExperiment(store: TrackingStore, l: Loaded, ref: { paper: PaperResults; table?: string } | undefined): ReportModel {
  const target = l.spec?.target ?? String(l.rawSpec.target ?? '');
  const combinations = CORPUS_FACTS[target]?.nary ?? false;
  const evalSet = evalSetOf(l);
  const results = resultsByRun(store, l.name, evalSet);
  const cmp = compareOptions(l);
  const columns = plmColumns(store, l, ref?.paper);
  const sizes = l.runs.map((r) => r.size);
  const full = sizes.includes(1) ? 1 : Math.max(...sizes);
  const runsOf = (plm: string) => l.runs.filter((r) => r.plm === plm && r.size === full);
  const measured: { id: string; label: string; pair: string; criterion: string; field: 'f' | 'p' | 'r' }[] = combinations
    ? COMBINATION_ROWS.map((r) => ({ ...r, id: r.criterion.replace('/', '-'), field: 'f' as const }))
    : (['p', 'r', 'f'] as const).map((field) => ({ id: `prf-${field}`, label: { p: 'Precision', r: 'Recall', f: 'F-score' }[field], pair: 'pair + relation type', criterion: PAPER_CRITERION, field }));
  const rows: TableRow[] = measured.map((m) => {
    const cells: Record<string, Cell> = {};
    for (const col of columns) {
      const runs = runsOf(col.id);
      const cell = runs.length === 0 ? { applicable: false, scores: [] } : cellFromRuns(runs, results, m.criterion, 'All');
      cells[col.id] = m.field === 'f' ? cell : { ...cell, scores: cell.scores.filter((s) => s[m.field] !== undefined).map((s) => ({ ...s, f: s[m.field]! })) };
    }
    return { id: m.id, label: m.label, pair: m.pair, cells };
  });
  const encoders = columns.filter((c) => c.source);
  const notes = [
    combinations
      ? 'Scores of the dataset\'s authors: Positive Combination = POS against the rest, Any Combination = POS, NEG or COMB against no combination; exact match = the same drugs, partial match = at least two shared drugs, worth |A∩B|/|A∪B| (docs/evaluation.md).'
      : 'Micro P/R/F over the gene–disease pairs of the test abstracts.',
    combinations
      ? 'The paper swapped the PLM in the system of Tiktinsky et al. 2022; ours is the workbench classifier ([CLS] + linear head) over the same candidates (drug subsets marked in the paragraph), with the same candidate selection and scorer.'
      : 'The paper used ATLOP (adaptive thresholding, localized context pooling over entity mentions) with the PLM swapped; ours is the workbench classifier ([CLS] + linear head) over tagged abstracts, so the numbers are not the same system.',
    ...encoders.map((c) => `${c.label}: the fine-tuned encoder (heads dropped) of run ${c.source!.hash.slice(0, 10)} (${c.source!.label}).`),
  ];
  let table: ResultTable = {
    id: `${l.name}-plms`.replace(/[^A-Za-z0-9_-]/g, '-'),
    layout: 'plm-columns',
    rowHeaders: combinations ? ['Evaluation', 'Match'] : ['Measure', 'Criterion'],
    metric: combinations ? 'F-score' : 'Score',
    title: l.title ?? l.name,
    caption: `Columns are PLMs: ${columns[0]?.label ?? 'the first'} is the baseline, the others start from the encoder of a finished run.`,
    evalSet,
    columns: columns.map((c) => ({ id: c.id, label: c.label })),
    baseline: columns[0]?.id ?? '',
    test: testDescription(l, 'seeds'),
    rows,
    notes,
  };
  table = addPairedTests(table, { alpha: cmp.alpha, correction: cmp.correction });
  if (ref && (ref.table === 'table5' || ref.table === 'table6'))
    table = attachPaperPlmColumns(table, ref.paper, ref.table, (id) => columns.find((c) => c.id === id)?.kind ?? 'plm');
  const model: ReportModel = {
    experiment: {
      name: l.name,
      title: l.title ?? l.name,
      description: l.spec?.description,
      target,
      plms: columns.map((c) => c.label),
      configurations: [...new Set(l.runs.map((r) => r.configuration))],
      seeds: l.spec?.seeds ?? [...new Set(l.runs.map((r) => r.seed))],
      specPath: l.specPath ?? undefined,
      storePath: store.file,
      reference: l.reference ? { id: l.reference, citation: ref?.paper.citation } : undefined,
    },
    tables: [table],
    curves: curvesOf(store, l.runs),
    runs: [],
    notes: [],
  };
  Object.assign(model, appendixOf(store, [l]));
  return model;
}
