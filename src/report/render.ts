// renderReport: the model → index.html + tables.md + tables.csv + tables.tex in one folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildCharts, renderSvg } from './charts.ts';
import { renderCsv } from './csv.ts';
import { formatTable } from './format.ts';
import { renderHtml } from './html.ts';
import { renderLatex } from './latex.ts';
import { renderMarkdown } from './markdown.ts';
import type { ReportModel } from './model.ts';

export interface RenderedReport {
  outDir: string;
  files: { html: string; markdown: string; csv: string; latex: string };
  charts: number;
  tables: number;
  /** milliseconds spent pre-rendering charts and writing everything */
  timings: { charts: number; total: number };
}

export async function renderReport(model: ReportModel, outDir: string): Promise<RenderedReport> {
  const t0 = performance.now();
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const stamped: ReportModel = {
    ...model,
    experiment: { generatedAt: new Date().toISOString(), generator: 'biorex-workbench', ...model.experiment },
  };
  const figures = buildCharts(stamped);
  const charts = [];
  for (const figure of figures) charts.push({ figure, svg: await renderSvg(figure.spec) });
  const tChart = performance.now();
  const tables = stamped.tables.map((t) => formatTable(t));
  const files = {
    html: join(dir, 'index.html'),
    markdown: join(dir, 'tables.md'),
    csv: join(dir, 'tables.csv'),
    latex: join(dir, 'tables.tex'),
  };
  writeFileSync(files.html, renderHtml(stamped, charts, dir));
  writeFileSync(files.markdown, renderMarkdown(stamped, tables));
  writeFileSync(files.csv, renderCsv(tables));
  writeFileSync(files.latex, renderLatex(stamped, tables));
  return {
    outDir: dir,
    files,
    charts: charts.length,
    tables: tables.length,
    timings: { charts: tChart - t0, total: performance.now() - t0 },
  };
}
