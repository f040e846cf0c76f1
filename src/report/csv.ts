// tables.csv: one line per table cell (tidy), so the numbers can be re-analysed without parsing
// the layout. Quoting per RFC 4180; text that a spreadsheet would run as a formula is defused.
import { csvLine } from './escape.ts';
import type { FormattedTable } from './format.ts';

export const CSV_HEADER = [
  'table',
  'layout',
  'eval_set',
  'criterion',
  'row',
  'pair',
  'row_kind',
  'configuration',
  'column_label',
  'is_baseline',
  'status',
  'n',
  'mean_f',
  'sd_f',
  'mean_p',
  'mean_r',
  'p_value',
  'p_adjusted',
  'test_note',
  'significant',
  'best',
  'paper_f',
  'diff_f',
  'missing_runs',
  'not_scored_runs',
  'degenerate_runs',
];

const r4 = (x: number | undefined): number | undefined => (x === undefined ? undefined : Math.round(x * 1e4) / 1e4);

export function renderCsv(tables: FormattedTable[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const ft of tables) {
    const t = ft.table;
    for (const r of ft.rows) {
      for (const c of r.cells) {
        lines.push(
          csvLine([
            t.id,
            t.layout,
            t.evalSet,
            t.criterion,
            r.row.label,
            r.row.pair,
            r.row.kind ?? 'data',
            c.column.id,
            c.column.label,
            c.isBaseline,
            c.kind,
            c.summary?.n,
            r4(c.summary?.mean),
            r4(c.summary?.sd),
            r4(c.summary?.meanP),
            r4(c.summary?.meanR),
            c.pRaw,
            c.pAdjusted,
            c.notTestable,
            c.kind === 'value' ? c.significant : undefined,
            c.kind === 'value' ? c.best : undefined,
            c.paper ?? undefined,
            r4(c.diff),
            c.missing,
            c.notScored,
            c.degenerate,
          ]),
        );
      }
    }
  }
  return lines.join('\r\n') + '\r\n';
}
