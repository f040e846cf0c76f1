// renderReport: the model → index.html + tables.md + tables.csv + tables.tex in one folder.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildCharts, buildDiagnosticCharts, renderSvg } from './charts.ts';
import { renderCsv } from './csv.ts';
import { formatTable } from './format.ts';
import { renderHtml } from './html.ts';
import { renderLatex } from './latex.ts';
import { renderMarkdown } from './markdown.ts';
import type { ReportModel } from './model.ts';

export interface RenderOptions {
  /**
   * Copy every run's prediction files into the report folder (predictions/run-<id>/) and link those,
   * so the folder works on its own. Without it the links point into the work dir, relative to the
   * report: they keep working when the report folder and the work dir move together.
   */
  copyPredictions?: boolean;
  /** add the Diagnostics section (learning rate, throughput and other bookkeeping curves) */
  diagnostics?: boolean;
}

export interface RenderedReport {
  outDir: string;
  files: { html: string; markdown: string; csv: string; latex: string };
  charts: number;
  tables: number;
  /** milliseconds spent pre-rendering charts and writing everything */
  timings: { charts: number; total: number };
  /** prediction files copied into the report folder (copyPredictions) */
  copied: number;
}

/** Copies the runs' prediction files under `dir`/predictions/run-<id>/ and points the model at the copies. */
function copyPredictionFiles(model: ReportModel, dir: string): { model: ReportModel; copied: number } {
  let copied = 0;
  const runs = model.runs.map((r) => {
    if (!r.predictions?.length) return r;
    const predictions = r.predictions.map((p) => {
      const from = resolve(dir, p.path);
      if (!existsSync(from)) return p; // nothing to copy: the link stays where the run left it
      const to = join(dir, 'predictions', `run-${r.id.replace(/[^A-Za-z0-9_.-]/g, '_')}`, basename(from));
      mkdirSync(join(to, '..'), { recursive: true });
      copyFileSync(from, to);
      copied++;
      return { ...p, path: to };
    });
    return { ...r, predictions };
  });
  return { model: { ...model, runs, predictionLinks: 'copied' }, copied };
}

export async function renderReport(model: ReportModel, outDir: string, options: RenderOptions = {}): Promise<RenderedReport> {
  const t0 = performance.now();
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const copy = options.copyPredictions ? copyPredictionFiles(model, dir) : { model, copied: 0 };
  const stamped: ReportModel = {
    ...copy.model,
    experiment: { generatedAt: new Date().toISOString(), generator: 'biorex-workbench', ...copy.model.experiment },
  };
  const figures = buildCharts(stamped);
  const charts = [];
  for (const figure of figures) charts.push({ figure, svg: await renderSvg(figure.spec) });
  const diagnostics = [];
  for (const figure of options.diagnostics ? buildDiagnosticCharts(stamped) : []) diagnostics.push({ figure, svg: await renderSvg(figure.spec) });
  const tChart = performance.now();
  const tables = stamped.tables.map((t) => formatTable(t));
  const files = {
    html: join(dir, 'index.html'),
    markdown: join(dir, 'tables.md'),
    csv: join(dir, 'tables.csv'),
    latex: join(dir, 'tables.tex'),
  };
  writeFileSync(files.html, renderHtml(stamped, charts, dir, diagnostics));
  writeFileSync(files.markdown, renderMarkdown(stamped, tables));
  writeFileSync(files.csv, renderCsv(tables));
  writeFileSync(files.latex, renderLatex(stamped, tables));
  return {
    outDir: dir,
    files,
    charts: charts.length + diagnostics.length,
    tables: tables.length,
    timings: { charts: tChart - t0, total: performance.now() - t0 },
    copied: copy.copied,
  };
}
