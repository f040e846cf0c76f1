// Fills a table's p-values from its scores, with src/stats: a paired t-test of each configuration
// against the baseline in every row (units matched by name: the same seed or fold), Holm over the
// configurations of a row, and Table 4's Average row tested across rows (the paper's "pairwise
// t-test in mean F-score"). A pair of columns with fewer than MIN_PAIRED_UNITS matched units, or
// whose differences are all equal (zero variance), is "not testable": it gets a reason, never a p.
import { holm, meanSd, pairedTTest } from '../stats/index.ts';
import type { Cell, Comparison, ResultTable, Score, TableRow } from './model.ts';

export interface TestOptions {
  alpha?: number;
  /** 'holm': correct over the configurations compared with the baseline in each row */
  correction?: 'holm' | 'none';
}

/** Pairs two cells' scores by unit name; returns matched F arrays. */
export function matchUnits(a: Score[], b: Score[]): { a: number[]; b: number[]; units: string[] } {
  const byUnit = new Map(b.map((s) => [s.unit, s.f]));
  const out = { a: [] as number[], b: [] as number[], units: [] as string[] };
  for (const s of a) {
    const other = byUnit.get(s.unit);
    if (other === undefined) continue;
    out.a.push(s.f);
    out.b.push(other);
    out.units.push(s.unit);
  }
  return out;
}

/** Fewest matched units a paired t-test is run on: with 2 it has 1 degree of freedom and says nothing. */
export const MIN_PAIRED_UNITS = 3;

export type PairedOutcome =
  | { testable: true; n: number; p: number; t: number }
  | { testable: false; n: number; reason: string };

/** The table's paired t-test on matched values, or why it cannot be run. */
export function pairedOutcome(a: readonly number[], b: readonly number[]): PairedOutcome {
  const n = a.length;
  if (n < MIN_PAIRED_UNITS) return { testable: false, n, reason: `not testable: n = ${n} < ${MIN_PAIRED_UNITS}` };
  const r = pairedTTest(a, b);
  if (!(r.sdDiff > 0)) return { testable: false, n, reason: 'not testable: zero variance (every paired difference is equal)' };
  return { testable: true, n, p: r.p, t: r.t };
}

type Tested = { col: string; outcome: PairedOutcome };

/** Holm over the testable outcomes of one family; fills cells and comparisons for all of them. */
function record(
  rowId: string,
  baseline: string,
  tests: Tested[],
  correction: 'holm' | 'none',
  cells: Record<string, Cell>,
  comparisons: Comparison[],
): void {
  const ok = tests.filter((t): t is { col: string; outcome: Extract<PairedOutcome, { testable: true }> } => t.outcome.testable);
  const adjusted = correction === 'holm' && ok.length > 1 ? holm(ok.map((t) => t.outcome.p)).adjusted : undefined;
  for (const t of tests) {
    const o = t.outcome;
    if (o.testable) {
      const pAdjusted = adjusted?.[ok.findIndex((x) => x.col === t.col)];
      cells[t.col] = { ...cells[t.col], p: o.p, pAdjusted };
      comparisons.push({ row: rowId, a: t.col, b: baseline, p: o.p, pAdjusted, statistic: o.t, n: o.n, source: 'ours' });
    } else {
      cells[t.col] = { ...cells[t.col], notTestable: o.reason };
      comparisons.push({ row: rowId, a: t.col, b: baseline, n: o.n, notTestable: o.reason, source: 'ours' });
    }
  }
}

const testable = (table: ResultTable, colId: string, cell: Cell | undefined): cell is Cell =>
  !!cell &&
  cell.applicable &&
  cell.scores.length > 0 &&
  colId !== table.baseline &&
  !table.columns.find((c) => c.id === colId)?.referenceOnly;

/**
 * Returns a copy of the table with `p` (and `pAdjusted` with Holm) on every cell with at least
 * MIN_PAIRED_UNITS units matched with the baseline cell of its row and differences that vary, a
 * `notTestable` reason on the other compared cells, and one 'ours' comparison for each.
 * Summary rows are left alone (see addAverageRow).
 */
export function addPairedTests(table: ResultTable, opts: TestOptions = {}): ResultTable {
  const correction = opts.correction ?? 'holm';
  const comparisons: Comparison[] = (table.comparisons ?? []).filter((c) => c.source !== 'ours');
  const rows = table.rows.map((row) => {
    if (row.kind === 'summary') return row;
    const base = row.cells[table.baseline];
    if (!base || base.scores.length === 0) return row;
    const tests: Tested[] = [];
    for (const col of table.columns) {
      const cell = row.cells[col.id];
      if (!testable(table, col.id, cell)) continue;
      const m = matchUnits(cell.scores, base.scores);
      tests.push({ col: col.id, outcome: pairedOutcome(m.a, m.b) });
    }
    if (tests.length === 0) return row;
    const cells = { ...row.cells };
    record(row.id, table.baseline, tests, correction, cells, comparisons);
    return { ...row, cells };
  });
  return {
    ...table,
    rows,
    comparisons,
    test: {
      ...table.test,
      alpha: opts.alpha ?? table.test.alpha,
      correction:
        correction === 'holm'
          ? `Holm over the configurations compared with ${table.columns.find((c) => c.id === table.baseline)?.label ?? table.baseline} in each row`
          : table.test.correction,
    },
  };
}

/**
 * Appends Table 4's Average row. Each column's cell: per unit present in every data row, the mean
 * over rows (so mean ± sd is over seeds), or one score = the mean of the row means when units do
 * not line up. Its p: paired t-test over rows (per-row mean F of the column vs of the baseline).
 */
export function addAverageRow(table: ResultTable, opts: TestOptions & { label?: string } = {}): ResultTable {
  const data = table.rows.filter((r) => r.kind !== 'summary');
  const id = 'average';
  const cells: Record<string, Cell> = {};
  const rowMeans = new Map<string, (number | undefined)[]>();
  for (const col of table.columns) {
    if (col.referenceOnly) continue;
    const per = data.map((r) => r.cells[col.id]);
    const means = per.map((c) => (c && c.applicable && c.scores.length ? meanSd(c.scores.map((s) => s.f)).mean : undefined));
    rowMeans.set(col.id, means);
    if (means.some((m) => m === undefined)) {
      cells[col.id] = { applicable: per.some((c) => c?.applicable), scores: [], missing: means.filter((m) => m === undefined).length };
      continue;
    }
    const common = per
      .map((c) => new Set(c!.scores.map((s) => s.unit)))
      .reduce((acc, s) => new Set([...acc].filter((u) => s.has(u))));
    const scores: Score[] =
      common.size > 0
        ? [...common].map((unit) => ({
            unit,
            f: meanSd(per.map((c) => c!.scores.find((s) => s.unit === unit)!.f)).mean,
          }))
        : [{ unit: 'mean of rows', f: meanSd(means as number[]).mean }];
    cells[col.id] = { applicable: true, scores };
  }
  const comparisons: Comparison[] = [...(table.comparisons ?? [])];
  const baseMeans = rowMeans.get(table.baseline);
  const tests: Tested[] = [];
  if (baseMeans && baseMeans.every((m) => m !== undefined)) {
    for (const col of table.columns) {
      const means = rowMeans.get(col.id);
      if (col.id === table.baseline || !means || means.some((m) => m === undefined)) continue;
      tests.push({ col: col.id, outcome: pairedOutcome(means as number[], baseMeans as number[]) });
    }
  }
  record(id, table.baseline, tests, opts.correction ?? 'holm', cells, comparisons);
  const average: TableRow = { id, label: opts.label ?? 'Average', pair: 'All', kind: 'summary', cells };
  return {
    ...table,
    rows: [...data, average],
    comparisons,
    notes: [
      ...(table.notes ?? []),
      `${average.label} row: mean over the ${data.length} test sets; its p compares the per-test-set mean F with the baseline's (paired t-test over test sets, n = ${data.length}).`,
    ],
  };
}
