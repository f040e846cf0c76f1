// Puts the paper's values into a report model: beside our cells, as a SOTA column, as overlay
// points for the size sweep and as rows of the PLM comparison.
import type { Column, Comparison, PlmResult, ResultTable, SizeSweep, TableRow } from './model.ts';
import type { PaperResults, PaperTestSetsTable, PaperTrainingSetsTable } from './paper.ts';

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
/** Entity pairs compare unordered: the paper writes <G,C>, the experiments stage <C,G>. */
const normPair = (s: string) => [...norm(s)].sort().join('');
const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && a.map(norm).sort().join('|') === b.map(norm).sort().join('|');

/** Our column id → the paper's column id (the BioRED-only baseline is "Original" in Table 3, "Target" in Table 4). */
function paperColumn(id: string, paperColumns: { id: string }[]): string | undefined {
  if (paperColumns.some((c) => c.id === id)) return id;
  const alias: Record<string, string> = { original: 'target', target: 'original' };
  const a = alias[id];
  return a && paperColumns.some((c) => c.id === a) ? a : undefined;
}

/** Matches rows of a Table 3 layout by external corpora + pair (labels as a fallback). */
function matchTrainingRow(row: TableRow, paper: PaperTrainingSetsTable) {
  if (row.externalAll) {
    const widest = [...paper.rows].sort((a, b) => b.external.length - a.external.length)[0];
    return widest && normPair(widest.pair) === normPair(row.pair) ? widest : undefined;
  }
  return (
    paper.rows.find((p) => row.external && sameSet(row.external, p.external) && normPair(p.pair) === normPair(row.pair)) ??
    paper.rows.find((p) => norm(p.label) === norm(row.label) && normPair(p.pair) === normPair(row.pair))
  );
}

function matchTestRow(row: TableRow, paper: PaperTestSetsTable) {
  if (row.kind === 'summary') return norm(row.label) === norm(paper.average.label) ? paper.average : undefined;
  return paper.rows.find((p) => norm(p.testSet) === norm(row.testSet ?? row.label));
}

export interface AttachOptions {
  /** label for the caption, e.g. "paper Table 3" */
  paperLabel?: string;
}

/**
 * Returns a copy of `table` with the paper's value in every matched cell, the paper's p-values as
 * comparisons, and (Table 4) a reference-only SOTA column.
 */
export function attachPaperTable(
  table: ResultTable,
  paper: PaperResults,
  which: 'table3' | 'table4',
  options: AttachOptions = {},
): ResultTable {
  const pt = paper.tables[which];
  const columns: Column[] = [...table.columns];
  const sota = pt.columns.find((c) => c.referenceOnly);
  if (sota && !columns.some((c) => c.id === sota.id)) columns.push({ id: sota.id, label: sota.label, referenceOnly: true });
  const rowLabelToId = new Map<string, string>();
  const rows = table.rows.map((row) => {
    const match = which === 'table3' ? matchTrainingRow(row, pt as PaperTrainingSetsTable) : matchTestRow(row, pt as PaperTestSetsTable);
    if (!match) return row;
    if (!rowLabelToId.has(norm(match.label))) rowLabelToId.set(norm(match.label), row.id);
    const cells = { ...row.cells };
    for (const col of columns) {
      const pc = paperColumn(col.id, pt.columns);
      if (!pc || !(pc in match.values)) continue;
      const existing = cells[col.id] ?? { applicable: col.referenceOnly || match.values[pc] !== null, scores: [] };
      cells[col.id] = {
        ...existing,
        applicable: col.referenceOnly ? true : existing.applicable,
        paper: match.values[pc],
        paperNote: col.referenceOnly && 'sotaSystem' in match ? (match.sotaSystem as string | undefined) : existing.paperNote,
      };
    }
    return { ...row, cells };
  });
  const colFromPaper = (id: string) => table.columns.find((c) => paperColumn(c.id, pt.columns) === id)?.id;
  // The paper's p-values only for comparisons this table makes: a row it has, both columns present.
  const paperComparisons: Comparison[] = pt.pValues.flatMap((pv) => {
    const row = rowLabelToId.get(norm(pv.row));
    const a = colFromPaper(pv.a);
    const b = colFromPaper(pv.b);
    return row !== undefined && a !== undefined && b !== undefined ? [{ row, a, b, p: pv.p, source: 'paper' as const }] : [];
  });
  return {
    ...table,
    columns,
    rows,
    comparisons: [...(table.comparisons ?? []).filter((c) => c.source !== 'paper'), ...paperComparisons],
    paperLabel: options.paperLabel ?? (which === 'table3' ? 'paper Table 3' : 'paper Table 4'),
  };
}

/** Supplementary Figure 1 as overlay points for the size-sweep chart. */
export function paperSizePoints(paper: PaperResults): NonNullable<SizeSweep['paper']> {
  return paper.tables.supplementaryFigure1.series.flatMap((s) =>
    s.points.map((p) => ({ configuration: s.configuration, label: s.label, size: p.documents, f: p.f })),
  );
}

/**
 * Supplementary Table 1 as PLM-comparison rows: one row with the training time and the GPU
 * prediction time, one with the CPU prediction time (the paper reports both).
 */
export function paperPlmRows(paper: PaperResults): PlmResult[] {
  return paper.tables.supplementaryTable1.rows.flatMap((r) => [
    {
      plm: r.plm,
      source: 'paper' as const,
      p: r.p,
      r: r.r,
      f: r.f,
      trainSecondsPerEpoch: r.trainingTimePerEpoch.seconds,
      predictSecondsPer1000Pairs: r.predictionPer1000Pairs.gpu.seconds,
      device: 'GPU',
    },
    { plm: r.plm, source: 'paper' as const, f: r.f, predictSecondsPer1000Pairs: r.predictionPer1000Pairs.cpu.seconds, device: 'CPU' },
  ]);
}

/** The paper's PLM name for a Hugging Face id (or the id's last segment). */
export function paperPlmName(plm: string, paper: PaperResults): string {
  const row = paper.tables.supplementaryTable1.rows.find(
    (r) => r.hubIds.some((h) => norm(h) === norm(plm)) || norm(r.plm) === norm(plm),
  );
  return row?.plm ?? plm.split('/').pop() ?? plm;
}

/**
 * Paper Tables 5 and 6 beside a PLM-columns table: a column's kind (`plm` = the plain PLM, the
 * paper's SOTA row; `original` = the BioRED encoder; `biorex` = the BioREx encoder) picks the paper's
 * row; Table 5's rows are matched by evaluation (Positive / Any Combination) and match (exact / partial),
 * Table 6's by measure (P / R / F).
 */
export function attachPaperPlmColumns(table: ResultTable, paper: PaperResults, which: 'table5' | 'table6', kindOf: (columnId: string) => string): ResultTable {
  const paperRow = <T extends { plm: string }>(rows: T[], kind: string): T | undefined =>
    kind === 'plm' ? rows.find((r) => /sota/i.test(r.plm)) : kind === 'original' ? rows.find((r) => norm(r.plm) === 'biored') : kind === 'biorex' ? rows.find((r) => norm(r.plm) === 'biorex') : undefined;
  const rows = table.rows.map((row) => {
    const cells = { ...row.cells };
    for (const col of table.columns) {
      let value: number | undefined;
      if (which === 'table5') {
        const match = paperRow(paper.tables.table5.rows.filter((r) => norm(r.evaluation) === norm(row.label)), kindOf(col.id));
        if (match) value = /partial/i.test(row.pair) ? match.partialMatch : match.exactMatch;
      } else {
        const match = paperRow(paper.tables.table6.rows, kindOf(col.id));
        const field = ({ 'prf-p': 'p', 'prf-r': 'r', 'prf-f': 'f' } as const)[row.id as 'prf-p' | 'prf-r' | 'prf-f'];
        if (match && field) value = match[field];
      }
      if (value === undefined || !cells[col.id]) continue;
      cells[col.id] = { ...cells[col.id], paper: value };
    }
    return { ...row, cells };
  });
  return { ...table, rows, paperLabel: which === 'table5' ? 'paper Table 5' : 'paper Table 6' };
}
