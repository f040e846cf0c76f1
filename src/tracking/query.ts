// Read-side helpers over the store: run comparison and CSV export (used by `biorex runs` and reports).
import { writeFileSync } from 'node:fs';
import type { ResultRow, RunRecord, TrackingStore } from './store.ts';

export interface RunComparison {
  a: RunRecord;
  b: RunRecord;
  /** Identity fields that differ (dotted paths), with both values. */
  differences: { path: string; a: unknown; b: unknown }[];
  /** Results present in either run, keyed by eval set / criterion / pair type. */
  results: { evalSet: string; criterion: string; pairType: string; a: ResultRow | null; b: ResultRow | null; deltaF1: number | null }[];
}

export function compareRuns(store: TrackingStore, refA: string, refB: string): RunComparison {
  const a = store.findRun(refA);
  const b = store.findRun(refB);
  const differences: RunComparison['differences'] = [];
  diff(a.identity, b.identity, '', differences);
  const key = (r: ResultRow) => `${r.evalSet}\t${r.criterion}\t${r.pairType}`;
  const ra = new Map(store.getResults({ runId: a.id }).map((r) => [key(r), r]));
  const rb = new Map(store.getResults({ runId: b.id }).map((r) => [key(r), r]));
  const keys = [...new Set([...ra.keys(), ...rb.keys()])].sort();
  const results = keys.map((k) => {
    const [evalSet, criterion, pairType] = k.split('\t');
    const x = ra.get(k) ?? null;
    const y = rb.get(k) ?? null;
    return { evalSet, criterion, pairType, a: x, b: y, deltaF1: x?.f1 != null && y?.f1 != null ? y.f1 - x.f1 : null };
  });
  return { a, b, differences, results };
}

function diff(a: unknown, b: unknown, path: string, out: RunComparison['differences']): void {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of [...keys].sort()) diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, a, b });
}

/** Column order of `biorex runs export --csv`: one line per run × result (a run without results: one line). */
export const CSV_COLUMNS = [
  'run_id', 'hash', 'experiment', 'row', 'row_label', 'pair', 'label', 'configuration', 'mode', 'target', 'externals',
  'plm', 'seed', 'size', 'fold', 'status', 'attempts', 'duration_s', 'eval_set', 'criterion', 'pair_type', 'tp', 'fp',
  'fn', 'precision', 'recall', 'f1', 'scorer', 'error_kind', 'error',
] as const;

export function exportRows(store: TrackingStore, filter: { experiment?: string } = {}): Record<(typeof CSV_COLUMNS)[number], unknown>[] {
  const out: Record<string, unknown>[] = [];
  const links = new Map<number, { experiment: string; row: number; rowLabel: string | null; pair: string | null }[]>();
  const linkRows = store.db
    .prepare(
      `SELECT er.run_id, e.name, er.row_index, er.row_label, er.pair FROM experiment_runs er
       JOIN experiments e ON e.id = er.experiment_id ${filter.experiment ? 'WHERE e.name = ?' : ''} ORDER BY e.name, er.row_index`,
    )
    .all(...(filter.experiment ? [filter.experiment] : [])) as { run_id: number; name: string; row_index: number; row_label: string | null; pair: string | null }[];
  for (const l of linkRows) {
    const list = links.get(l.run_id) ?? [];
    list.push({ experiment: l.name, row: l.row_index, rowLabel: l.row_label, pair: l.pair });
    links.set(l.run_id, list);
  }
  const runs = store.listRuns(filter.experiment ? { experiment: filter.experiment } : {});
  for (const run of runs) {
    const base = {
      run_id: run.id, hash: run.hash, label: run.label, configuration: run.configuration, mode: run.mode, target: run.target,
      externals: run.externals.join('+'), plm: run.plm, seed: run.seed, size: run.size, fold: run.fold, status: run.status,
      attempts: run.attempts, duration_s: run.durationS, error_kind: run.errorKind, error: run.error,
    };
    const results = store.getResults({ runId: run.id });
    const where = links.get(run.id) ?? [{ experiment: null, row: null, rowLabel: null, pair: null }];
    for (const l of where) {
      const link = { experiment: l.experiment, row: l.row, row_label: l.rowLabel, pair: l.pair };
      if (results.length === 0) out.push({ ...base, ...link });
      for (const r of results) {
        out.push({
          ...base, ...link, eval_set: r.evalSet, criterion: r.criterion, pair_type: r.pairType, tp: r.tp, fp: r.fp, fn: r.fn,
          precision: r.precision, recall: r.recall, f1: r.f1, scorer: r.scorer,
        });
      }
    }
  }
  return out as Record<(typeof CSV_COLUMNS)[number], unknown>[];
}

export function toCsv(rows: Record<string, unknown>[], columns: readonly string[] = CSV_COLUMNS): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'string' ? v : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export function exportCsv(store: TrackingStore, file: string, filter: { experiment?: string } = {}): number {
  const rows = exportRows(store, filter);
  writeFileSync(file, toCsv(rows));
  return rows.length;
}

export interface PlmLink {
  hash: string;
  id: number;
  label: string;
  /** The PLM this run started from, as stored (`run:<hash>` for another run's encoder). */
  plm: string;
}

/**
 * The hash chain of a run's PLM: the run, the run whose fine-tuned encoder it started from
 * (`plm: run:<hash>`), that run's source, and so on, ending with the run whose plm is a plain PLM.
 */
export function plmChain(store: TrackingStore, run: RunRecord): PlmLink[] {
  const out: PlmLink[] = [];
  const seen = new Set<string>();
  let r: RunRecord | undefined = run;
  while (r && !seen.has(r.hash)) {
    seen.add(r.hash);
    out.push({ hash: r.hash, id: r.id, label: r.label, plm: r.plm });
    const m = /^run:([0-9a-f]{64})$/.exec(r.plm);
    r = m ? store.getRunByHash(m[1]) : undefined;
  }
  return out;
}

/** Everything `biorex runs show` tells about one run (id or hash prefix). */
export function runDetail(store: TrackingStore, ref: string) {
  const r = store.findRun(ref);
  return {
    ...r,
    attemptsDetail: store.attemptsOf(r.id),
    results: store.getResults({ runId: r.id }),
    artifacts: store.getArtifacts(r.id),
    environment: r.environmentId ? store.getEnvironment(r.environmentId) : null,
    metricKeys: [...new Set(store.getMetrics(r.id).map((m) => m.key))],
    plmChain: plmChain(store, r),
  };
}
export type RunDetail = ReturnType<typeof runDetail>;

/** A run's headline F1: pair + relation type over all pairs, else pair over all pairs. */
export function mainF1(store: TrackingStore, run: RunRecord): number | null | undefined {
  const res = store.getResults({ runId: run.id, pairType: 'all' });
  return (res.find((x) => x.criterion === 'pair+type') ?? res.find((x) => x.criterion === 'pair'))?.f1;
}
