// tables.md: the result tables (and the PLM / size-sweep data) as GitHub-flavoured Markdown.
import { summarizeSizes } from './charts.ts';
import { escapeMarkdown as md } from './escape.ts';
import type { FormattedCell, FormattedTable } from './format.ts';
import { DEGENERATE_MARK, describeTable, fmt1, fmtDiff, fmtP, fmtSeconds, pendingText, rowHeaders } from './format.ts';
import type { ReportModel, ReportSetup } from './model.ts';
import { configurationLabel } from './model.ts';

function cellMd(c: FormattedCell): string {
  const paper =
    typeof c.paper === 'number'
      ? ` (paper ${fmt1(c.paper)}${c.diff !== undefined ? `, Δ ${fmtDiff(c.diff)}` : ''})`
      : '';
  if (c.kind === 'not-applicable') return `–${paper}`;
  if (c.kind === 'reference')
    return typeof c.paper === 'number' ? `${fmt1(c.paper)}${c.paperNote ? ` (${md(c.paperNote)})` : ''}` : '–';
  if (c.kind === 'missing' || c.kind === 'not-scored' || !c.summary) return `(${pendingText(c)})${paper}`;
  const v = fmt1(c.summary.mean);
  return (
    (c.best ? `**${v}**` : v) +
    (c.summary.sd !== undefined ? ` ± ${fmt1(c.summary.sd)}` : '') +
    (c.significant ? '\\*' : '') +
    (c.degenerate ? ` ${DEGENERATE_MARK}` : '') +
    paper
  );
}

export function tableMarkdown(ft: FormattedTable, number: number): string {
  const t = ft.table;
  const baselineLabel = t.columns.find((c) => c.id === t.baseline)?.label ?? t.baseline;
  const header = [
    ...rowHeaders(t).map(md),
    ...t.columns.map((c) => md(c.label) + (c.id === t.baseline ? ' (baseline)' : '')),
  ];
  const lines = [
    `## Table ${number}. ${md(t.title)}`,
    '',
    ...(t.caption ? [md(t.caption), ''] : []),
    `| ${header.join(' | ')} |`,
    `| --- | --- | ${t.columns.map(() => '---:').join(' | ')} |`,
    ...ft.rows.map((r) => {
      const label = r.row.kind === 'summary' ? `**${md(r.row.label)}**` : md(r.row.label);
      return `| ${label} | ${md(r.row.pair)} | ${r.cells.map(cellMd).join(' | ')} |`;
    }),
    '',
    ...[...describeTable(ft, baselineLabel), ...(t.notes ?? [])].map((n) => `${md(n)}  `),
  ];
  const ours = (t.comparisons ?? []).filter((c) => c.source === 'ours');
  const paper = (t.comparisons ?? []).filter((c) => c.source === 'paper');
  const label = (id: string) => t.columns.find((c) => c.id === id)?.label ?? id;
  const rowLabel = (row?: string, rl?: string) => rl ?? t.rows.find((r) => r.id === row)?.label ?? row ?? 'whole table';
  if (ours.length || paper.length) {
    lines.push('', `Tests (${md(t.test.name)} over ${md(t.test.units)}):`, '');
    for (const c of ours)
      lines.push(
        `- ${md(rowLabel(c.row, c.rowLabel))}: ${md(label(c.a))} vs ${md(label(c.b))}: ` +
          (c.p !== undefined ? `p = ${fmtP(c.p)}` + (c.pAdjusted !== undefined ? ` (adjusted ${fmtP(c.pAdjusted)})` : '') : md(c.notTestable ?? 'not testable')) +
          (c.n !== undefined ? `, n = ${c.n}` : ''),
      );
    for (const c of paper)
      if (c.p !== undefined) lines.push(`- paper, ${md(rowLabel(c.row, c.rowLabel))}: ${md(label(c.a))} vs ${md(label(c.b))}: p = ${fmtP(c.p)}`);
  }
  return lines.join('\n');
}

export function renderMarkdown(model: ReportModel, tables: FormattedTable[]): string {
  const e = model.experiment;
  const out: string[] = [`# ${md(e.title)}`, '', `Experiment: ${md(e.name)}  `];
  if (e.reference) out.push(`Reference: ${md(e.reference.id)}${e.reference.citation ? ` — ${md(e.reference.citation)}` : ''}  `);
  if (e.generatedAt) out.push(`Generated: ${md(e.generatedAt)}  `);
  out.push('');
  for (const n of model.notes ?? []) out.push(`> ${md(n)}`, '');
  tables.forEach((ft, i) => out.push(tableMarkdown(ft, i + 1), ''));
  if (model.plmComparison?.rows.length) {
    out.push('## PLM comparison (Supplementary Table 1 layout)', '');
    out.push('| PLM | Source | P | R | F | Training / epoch | Prediction / 1000 pairs | Device |');
    out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of model.plmComparison.rows)
      out.push(
        `| ${md(r.plm)} | ${r.source} | ${r.p !== undefined ? fmt1(r.p) : ''} | ${r.r !== undefined ? fmt1(r.r) : ''} | ${fmt1(r.f)}${r.fSd !== undefined ? ` ± ${fmt1(r.fSd)}` : ''} | ${fmtSeconds(r.trainSecondsPerEpoch)} | ${fmtSeconds(r.predictSecondsPer1000Pairs)} | ${md(r.device ?? '')} |`,
      );
    out.push('');
  }
  if (model.sizeSweep?.points.length) {
    const paper = new Map((model.sizeSweep.paper ?? []).map((p) => [`${p.configuration}\u0000${p.size}`, p.f]));
    out.push('## Training-size sweep', '', '| Configuration | Documents | n | mean F | sd | min | max | paper |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of summarizeSizes(model.sizeSweep)) {
      const pv = paper.get(`${r.configuration}\u0000${r.size}`);
      out.push(
        `| ${md(configurationLabel(model, r.configuration))} | ${r.size} | ${r.n} | ${fmt1(r.mean)} | ${r.sd !== undefined ? fmt1(r.sd) : ''} | ${fmt1(r.min)} | ${fmt1(r.max)} | ${pv !== undefined ? fmt1(pv) : ''} |`,
      );
    }
    out.push('');
  }
  if (model.setup) out.push(setupMarkdown(model.setup), '');
  return out.join('\n');
}

function setupMarkdown(setup: ReportSetup): string {
  const withPaper = setup.groups.some((g) => g.rows.some((r) => r.paper !== undefined));
  const lines = ['## Setup', ''];
  if (setup.differences.length) lines.push(`**Settings differ from the paper:** ${md(setup.differences.join('; '))}.`, '');
  lines.push(withPaper ? '| Setting | This experiment | Paper |' : '| Setting | This experiment |', withPaper ? '| --- | --- | --- |' : '| --- | --- |');
  for (const g of setup.groups) {
    lines.push(withPaper ? `| **${md(g.title)}** | | |` : `| **${md(g.title)}** | |`);
    for (const r of g.rows)
      lines.push(`| ${md(r.setting)} | ${md(r.ours)}${r.differs ? ' (≠ paper)' : ''} |${withPaper ? ` ${md(r.paper ?? '')} |` : ''}`);
  }
  for (const k of setup.skipped) lines.push('', `${md(k.set)}: ${k.total} input item(s) skipped while building (--lenient; ${md(k.manifest)})`);
  return lines.join('\n');
}
