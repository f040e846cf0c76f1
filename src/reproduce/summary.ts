// The report's main table as text for the terminal: the same cells as the HTML/Markdown report
// (src/report formatTable: mean ± sd over seeds, `*` = significant against the baseline, the
// paper's value in parentheses), plus the PLM comparison and the size sweep when the report has them.
import Table from 'cli-table3';
import { DEGENERATE_MARK, formatTable, pendingText, rowHeaders, type FormattedTable, type ReportModel, type ResultTable } from '../report/index.ts';

type FormattedCell = FormattedTable['rows'][number]['cells'][number];

const fmt = (x: number) => x.toFixed(1);

function cellText(c: FormattedCell): string {
  if (c.kind === 'not-applicable') return '–';
  if (c.kind === 'reference') return typeof c.paper === 'number' ? `(${fmt(c.paper)})` : '';
  if (c.kind === 'missing' || c.kind === 'not-scored' || !c.summary) return c.kind === 'not-scored' || c.missing ? pendingText(c) : '';
  const s = c.summary;
  let t = fmt(s.mean) + (s.sd !== undefined ? ` ± ${fmt(s.sd)}` : '') + (c.significant ? '*' : '') + (c.degenerate ? ` ${DEGENERATE_MARK}` : '');
  if (typeof c.paper === 'number') t += ` (${fmt(c.paper)})`;
  return t;
}

/** The table the summary shows: the paper's criterion (pair + relation type) when present. */
export function mainTable(model: ReportModel): ResultTable | undefined {
  return model.tables.find((t) => /relation type/.test(t.criterion ?? '') && !/novelty/.test(t.criterion ?? '')) ?? model.tables[0];
}

const plain = {
  chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  style: { head: [] as string[], border: [] as string[] },
};

export function summaryText(model: ReportModel): string {
  const out: string[] = [];
  const main = mainTable(model);
  // Small tables (the quickstart, one row per criterion) are all shown; big ones only the paper's criterion.
  const shown = main && main.rows.length <= 3 ? [main, ...model.tables.filter((t) => t !== main)] : main ? [main] : [];
  for (const table of shown) {
    if (out.length) out.push('');
    const ft = formatTable(table);
    const criterion = table.criterion && !table.title.includes(table.criterion) ? ` — ${table.criterion}` : '';
    out.push(`${table.title}${criterion}`, `${table.metric ?? 'F-score'} (%)${table.evalSet ? ` on ${table.evalSet}` : ''}`);
    const t = new Table({ head: [...rowHeaders(table).map((x, i) => (i === 0 && table.layout !== 'plm-columns' ? '' : x.toLowerCase())), ...table.columns.map((c) => c.label)], ...plain });
    for (const r of ft.rows) t.push([r.row.label, r.row.pair, ...r.cells.map(cellText)]);
    out.push(t.toString());
    const notes: string[] = [];
    if (ft.maxN > 1) notes.push('mean ± sd over seeds');
    if (ft.hasTests) notes.push(`* p < ${table.test.alpha} against ${table.columns.find((c) => c.id === table.baseline)?.label ?? table.baseline}`);
    if (ft.hasPaper) notes.push('(paper value)');
    if (ft.hasNotApplicable) notes.push('– does not apply');
    if (ft.hasDegenerate) notes.push(`${DEGENERATE_MARK} degenerate runs (predict no relation)`);
    if (notes.length) out.push(notes.join('; '));
  }
  const plms = model.plmComparison?.rows.filter((r) => r.source === 'ours') ?? [];
  if (plms.length > 1) {
    const t = new Table({ head: ['PLM', 'P', 'R', 'F', 'train s/epoch', 'predict s/1000 pairs', 'device'], ...plain });
    const n = (x: number | undefined) => (x === undefined ? '' : fmt(x));
    for (const r of plms) t.push([r.plm, n(r.p), n(r.r), n(r.f), n(r.trainSecondsPerEpoch), n(r.predictSecondsPer1000Pairs), r.device ?? '']);
    out.push('', 'PLM comparison', t.toString());
  }
  const sweep = model.sizeSweep?.points ?? [];
  if (sweep.length > 0) {
    const sizes = [...new Set(sweep.map((p) => p.size))].sort((a, b) => a - b);
    const confs = [...new Set(sweep.map((p) => p.configuration))];
    const t = new Table({ head: ['configuration', ...sizes.map(String)], ...plain });
    for (const c of confs) {
      t.push([
        c,
        ...sizes.map((s) => {
          const fs = sweep.filter((p) => p.configuration === c && p.size === s).map((p) => p.f);
          return fs.length ? fmt(fs.reduce((a, b) => a + b, 0) / fs.length) : '';
        }),
      ]);
    }
    out.push('', `Training-size sweep — mean F (%) by ${model.sizeSweep?.xLabel ?? 'size'}`, t.toString());
  }
  return out.join('\n');
}
