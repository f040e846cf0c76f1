// Turns the model's tables into display-ready cells (mean ± sd, significance star, bold best,
// paper value and difference) once, so the HTML, Markdown, CSV and LaTeX writers agree.
import { meanSd } from '../stats/index.ts';
import type { Cell, Column, ResultTable, Score, TableRow } from './model.ts';
import { MIN_PAIRED_UNITS } from './significance.ts';

export interface Summary {
  n: number;
  mean: number;
  /** sample standard deviation (n − 1); undefined for a single score */
  sd?: number;
  meanP?: number;
  meanR?: number;
}

/** Mean ± sample sd over a cell's per-seed / per-fold scores. */
export function summarize(scores: Score[]): Summary | undefined {
  if (scores.length === 0) return undefined;
  const f = meanSd(scores.map((s) => s.f));
  const ps = scores.map((s) => s.p).filter((x): x is number => x !== undefined);
  const rs = scores.map((s) => s.r).filter((x): x is number => x !== undefined);
  return {
    n: f.n,
    mean: f.mean,
    sd: f.n > 1 ? f.sd : undefined,
    meanP: ps.length === f.n ? meanSd(ps).mean : undefined,
    meanR: rs.length === f.n ? meanSd(rs).mean : undefined,
  };
}

export type CellKind =
  /** reproduced value(s) */
  | 'value'
  /** the configuration does not apply to the row: "–" */
  | 'not-applicable'
  /** a reference-only column (SOTA): the paper's value is the cell's value */
  | 'reference'
  /** applicable but no result yet */
  | 'missing'
  /** the runs finished but were not scored on the table's criterion (`biorex rescore` scores them) */
  | 'not-scored';

export interface FormattedCell {
  column: Column;
  kind: CellKind;
  summary?: Summary;
  /** p used for the star: the corrected p when the model has one, else the raw p */
  p?: number;
  pRaw?: number;
  /** the corrected p, when a correction was applied (every writer shows this same value) */
  pAdjusted?: number;
  /** compared with the baseline, but not testable: why */
  notTestable?: string;
  significant: boolean;
  best: boolean;
  paper?: number | null;
  paperNote?: string;
  /** ours − paper, when both exist */
  diff?: number;
  missing?: number;
  notScored?: number;
  /** runs of the cell that predict no relation at all */
  degenerate?: number;
  isBaseline: boolean;
}

export interface FormattedRow {
  row: TableRow;
  cells: FormattedCell[];
}

export interface FormattedTable {
  table: ResultTable;
  rows: FormattedRow[];
  /** any cell has a paper value → show the paper line / columns */
  hasPaper: boolean;
  /** largest number of units in a cell (1 → no ± sd anywhere) */
  maxN: number;
  /** any p-value at all (to explain the star) */
  hasTests: boolean;
  /** some comparison with the baseline could not be tested */
  hasNotTestable: boolean;
  usesAdjusted: boolean;
  hasNotApplicable: boolean;
  /** some cell's runs were not scored on the criterion */
  hasNotScored: boolean;
  /** some cell holds degenerate runs */
  hasDegenerate: boolean;
}

/** Values are compared as displayed (one decimal), so ties in the table are all bold. */
const round1 = (x: number): number => Math.round(x * 10) / 10;

function formatCell(table: ResultTable, column: Column, cell: Cell | undefined): FormattedCell {
  const isBaseline = column.id === table.baseline;
  const base = { column, significant: false, best: false, isBaseline };
  if (!cell) return { ...base, kind: 'missing' };
  const paper = cell.paper;
  if (!cell.applicable) return { ...base, kind: 'not-applicable', paper, paperNote: cell.paperNote };
  if (column.referenceOnly) return { ...base, kind: 'reference', paper, paperNote: cell.paperNote };
  const summary = summarize(cell.scores);
  const p = cell.pAdjusted ?? cell.p;
  return {
    ...base,
    kind: summary ? 'value' : cell.notScored ? 'not-scored' : 'missing',
    summary,
    p,
    pRaw: cell.p,
    pAdjusted: cell.pAdjusted,
    notTestable: cell.notTestable,
    significant: !isBaseline && p !== undefined && p < table.test.alpha,
    paper,
    paperNote: cell.paperNote,
    diff: summary && typeof paper === 'number' ? summary.mean - paper : undefined,
    missing: cell.missing,
    notScored: cell.notScored,
    degenerate: cell.degenerate,
  };
}

export function formatTable(table: ResultTable): FormattedTable {
  let hasPaper = false;
  let maxN = 0;
  let hasTests = false;
  let usesAdjusted = false;
  let hasNotApplicable = false;
  let hasNotTestable = false;
  let hasNotScored = false;
  let hasDegenerate = false;
  const rows = table.rows.map((row) => {
    const cells = table.columns.map((c) => formatCell(table, c, row.cells[c.id]));
    const valued = cells.filter((c) => c.kind === 'value' && c.summary);
    const best = Math.max(...valued.map((c) => round1(c.summary!.mean)));
    for (const c of valued) {
      // A lone value is not "best" of anything.
      c.best = valued.length > 1 && round1(c.summary!.mean) === best;
      maxN = Math.max(maxN, c.summary!.n);
    }
    for (const c of cells) {
      if (typeof c.paper === 'number') hasPaper = true;
      if (c.p !== undefined) hasTests = true;
      if (c.pAdjusted !== undefined) usesAdjusted = true;
      if (c.notTestable) hasNotTestable = true;
      if (c.notScored) hasNotScored = true;
      if (c.degenerate) hasDegenerate = true;
      if (c.kind === 'not-applicable') hasNotApplicable = true;
    }
    return { row, cells };
  });
  return { table, rows, hasPaper, maxN, hasTests, hasNotTestable, usesAdjusted, hasNotApplicable, hasNotScored, hasDegenerate };
}

/** Marks a cell holding runs that predict no relation at all. */
export const DEGENERATE_MARK = '⚠';

/** Tooltip / note text of a cell's degenerate runs. */
export function degenerateText(c: FormattedCell): string {
  // counted in runs (a cross-validated seed is several fold runs), so not "of n"
  const n = c.degenerate ?? 0;
  return `degenerate: ${n} run${n > 1 ? 's' : ''} of this cell predict${n > 1 ? '' : 's'} no relation at all`;
}

/** The text of a cell without a value, the same in every writer: "not scored", "2 runs missing", "no result". */
export function pendingText(c: FormattedCell): string {
  if (c.kind === 'not-scored') return c.missing ? `not scored (${c.missing} run${c.missing > 1 ? 's' : ''} missing)` : 'not scored';
  return c.missing ? `${c.missing} run${c.missing > 1 ? 's' : ''} missing` : 'no result';
}

// ---- number formatting shared by the writers -------------------------------------------------

export const fmt1 = (x: number): string => (Math.abs(x) < 0.05 ? 0 : x).toFixed(1);

/** Signed difference with one decimal: "+1.2", "-0.3", "0.0". */
export function fmtDiff(x: number, minus = '-'): string {
  const r = round1(x);
  if (r === 0) return '0.0';
  return r > 0 ? `+${r.toFixed(1)}` : `${minus}${Math.abs(r).toFixed(1)}`;
}

export function fmtP(p: number): string {
  if (p < 0.001) return '< 0.001';
  if (p < 0.01) return p.toFixed(3);
  return p.toFixed(2 + (p < 0.1 ? 1 : 0));
}

export function fmtSeconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '';
  if (s < 1) return `${(s * 1000).toFixed(0)} ms`;
  if (s < 120) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${(s / 60).toFixed(1)} min`;
  const h = Math.floor(s / 3600);
  return `${h} h ${Math.round((s - h * 3600) / 60)} min`;
}

/** The headers of a table's two row columns (every writer uses them). */
export function rowHeaders(t: ResultTable): [string, string] {
  return t.rowHeaders ?? [t.layout === 'test-sets' ? 'Test set' : 'Training set', 'Pair'];
}

/** Sentence describing how the table's numbers and marks are computed (all writers use it). */
export function describeTable(ft: FormattedTable, baselineLabel: string): string[] {
  const t = ft.table;
  const out: string[] = [];
  out.push(`${t.metric ?? 'F-score'} (%)${t.evalSet ? ` on ${t.evalSet}` : ''}${t.criterion ? `, criterion: ${t.criterion}` : ''}.`);
  if (ft.maxN > 1) out.push(`Cells show mean ± sample sd over ${t.test.units} (n up to ${ft.maxN}).`);
  if (ft.hasTests) {
    const adj = ft.usesAdjusted && t.test.correction ? `, ${t.test.correction}` : '';
    out.push(
      `* p < ${t.test.alpha} against ${baselineLabel} (${t.test.name} over ${t.test.units}${adj}).`,
    );
  }
  if (ft.hasNotTestable)
    out.push(`Not testable (no p, no star): fewer than ${MIN_PAIRED_UNITS} paired ${t.test.units} or zero variance of the differences.`);
  out.push(t.layout === 'plm-columns' ? 'Bold: best reproduced value in the row (across PLMs).' : 'Bold: best reproduced value in the row.');
  if (ft.hasPaper) out.push(`Grey: the paper's value${t.paperLabel ? ` (${t.paperLabel})` : ''} and Δ = ours − paper.`);
  if (ft.hasNotApplicable) out.push(t.layout === 'plm-columns' ? '–: no run for that PLM.' : '–: the configuration does not apply to that row.');
  if (ft.hasDegenerate) out.push(`${DEGENERATE_MARK}: the cell includes degenerate runs, which predict no relation at all (F 0; see the runs).`);
  if (ft.hasNotScored)
    out.push(`Not scored: those runs finished but their stored results do not include this criterion${t.rescoreHint ? `; \`${t.rescoreHint}\` scores their stored predictions` : ''}.`);
  return out;
}
