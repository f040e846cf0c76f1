// Vega-Lite chart specs for the report, and their pre-rendering to SVG in Node (vega's headless
// 'none' renderer), so the HTML needs no script. Vega escapes every text it writes into the SVG.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { meanSd } from '../stats/index.ts';
import type { PlmComparison, ReportModel, SizeSweep, TrainingCurve } from './model.ts';
import { configurationLabel } from './model.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type VegaLiteSpec = Record<string, any>;

export interface ChartFigure {
  id: string;
  title: string;
  /** what the chart shows and how the band is computed */
  caption: string;
  spec: VegaLiteSpec;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Shared look: quiet axes, no frame, the page's font. */
export const CHART_CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    titleColor: '#333',
    labelColor: '#444',
    gridColor: '#eceff3',
    domainColor: '#9aa3ad',
    tickColor: '#9aa3ad',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600, labelLimit: 260 },
  title: { fontSize: 13, fontWeight: 600, anchor: 'start', color: '#222', offset: 8 },
  header: { labelFontSize: 12, titleFontSize: 12 },
};

// Fixed colours per configuration so a configuration looks the same in every chart.
const KNOWN_COLOURS: Record<string, string> = {
  original: '#4c78a8',
  target: '#2f4b7c',
  tl: '#f58518',
  mtl: '#54a24b',
  biorex: '#e45756',
};
const EXTRA_COLOURS = ['#72b7b2', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac', '#eeca3b', '#1f77b4', '#8c564b'];

function colourScale(ids: string[], label: (id: string) => string): { domain: string[]; range: string[] } {
  let k = 0;
  const unique = [...new Set(ids)];
  return {
    domain: unique.map(label),
    range: unique.map((id) => KNOWN_COLOURS[id] ?? EXTRA_COLOURS[k++ % EXTRA_COLOURS.length]),
  };
}

/** The colour channel of a chart with one series per configuration (the same colours in every chart). */
function configurationColour(configs: string[], label: (id: string) => string, legend: Record<string, unknown>) {
  return { field: 'configuration', type: 'nominal', title: 'Configuration', scale: colourScale(configs, label), sort: configs.map(label), legend };
}

function orderConfigurations(model: ReportModel, ids: Iterable<string>): string[] {
  const declared = model.experiment.configurations ?? [];
  const order = [...declared, 'original', 'target', 'tl', 'mtl', 'biorex'];
  return [...new Set(ids)].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
}

/** Above this many runs, training curves are drawn as mean line + min–max band per configuration. */
export const MAX_INDIVIDUAL_CURVES = 60;

/** Points kept per curve: enough for the shape, small enough that the SVG stays light. */
export const MAX_CURVE_POINTS = 300;

/** Every k-th point (first and last kept), so a long curve draws at most `max` points. */
export function thinPoints<T>(points: T[], max = MAX_CURVE_POINTS): T[] {
  if (points.length <= max) return points;
  const stride = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % stride === 0);
  if (out.at(-1) !== points.at(-1)) out.push(points.at(-1)!);
  return out;
}

/**
 * An F-score axis around the values, at least 10 points wide and within 0–100, on multiples of 5:
 * never the degenerate [0, 0] domain that draws a single point on an axis labelled "0.000000".
 */
export function fDomain(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  let a = Math.floor((lo - 1) / 5) * 5;
  let b = Math.ceil((hi + 1) / 5) * 5;
  if (b - a < 10) {
    const mid = (a + b) / 2;
    a = Math.floor((mid - 5) / 5) * 5;
    b = a + 10;
  }
  if (a < 0) [a, b] = [0, Math.max(b - a, 10)];
  if (b > 100) [a, b] = [Math.min(a, 90), 100];
  return [a, b];
}

/**
 * The results figure: every table's configurations × rows as points — the mean F over seeds (or
 * folds), a line over their min–max and a small dot per seed — with the paper's value as a hollow
 * diamond where the table has one. One panel per table (criterion) when there are several.
 */
export function resultsChart(model: ReportModel): ChartFigure | undefined {
  const label = (id: string) => configurationLabel(model, id);
  const points: Record<string, unknown>[] = [];
  const seeds: Record<string, unknown>[] = [];
  const paper: Record<string, unknown>[] = [];
  const rowOrder: string[] = [];
  const panels: string[] = [];
  let maxN = 0;
  for (const t of model.tables) {
    const panel = t.criterion ?? t.title;
    let any = false;
    for (const r of t.rows) {
      const row = t.layout === 'training-sets' ? `${r.label} ${r.pair}` : r.label;
      for (const c of t.columns) {
        if (c.referenceOnly) continue;
        const cell = r.cells[c.id];
        if (!cell?.applicable) continue;
        const base = { panel, row, configuration: label(c.id) };
        const fs = cell.scores.map((x) => x.f);
        if (fs.length) {
          any = true;
          maxN = Math.max(maxN, fs.length);
          points.push({ ...base, mean: meanSd(fs).mean, min: Math.min(...fs), max: Math.max(...fs), n: fs.length });
          for (const x of cell.scores) seeds.push({ ...base, f: x.f, unit: x.unit });
        }
        if (typeof cell.paper === 'number') paper.push({ ...base, f: cell.paper });
        if (!rowOrder.includes(row) && (fs.length || typeof cell.paper === 'number')) rowOrder.push(row);
      }
    }
    if (any && !panels.includes(panel)) panels.push(panel);
  }
  if (points.length === 0) return undefined;
  const configs = orderConfigurations(model, model.tables.flatMap((t) => t.columns.filter((c) => !c.referenceOnly).map((c) => c.id)));
  const colour = configurationColour(configs, label, { orient: 'top', symbolType: 'circle', symbolOpacity: 1 });
  const y = { field: 'row', type: 'nominal', title: null, sort: rowOrder, axis: { labelLimit: 260, labelFontSize: 11.5 } };
  const yOffset = { field: 'configuration', type: 'nominal', sort: configs.map(label) };
  // with yOffset the height step is per configuration within a row
  const step = 11;
  /** One panel: the layers over the values of `panel` (all values when undefined), its own F axis. */
  const panelSpec = (panel: string | undefined, width: number): VegaLiteSpec => {
    const of = (xs: Record<string, unknown>[]) => (panel === undefined ? xs : xs.filter((v) => v.panel === panel));
    const mine = of(points);
    const domain = fDomain([...mine.flatMap((p) => [p.min as number, p.max as number]), ...of(paper).map((p) => p.f as number)]);
    const x = { type: 'quantitative', title: 'F-score (%)', scale: { domain }, axis: { format: '~r' } };
    const layers: VegaLiteSpec[] = [
      { data: { values: mine }, mark: { type: 'rule', strokeWidth: 1.6, opacity: 0.7 }, encoding: { y, yOffset, x: { ...x, field: 'min' }, x2: { field: 'max' }, color: colour } },
      { data: { values: of(seeds) }, mark: { type: 'point', filled: true, size: 14, opacity: 0.55 }, encoding: { y, yOffset, x: { ...x, field: 'f' }, color: colour } },
      {
        data: { values: mine },
        mark: { type: 'point', filled: true, size: 70, opacity: 1, stroke: 'white', strokeWidth: 0.8 },
        encoding: { y, yOffset, x: { ...x, field: 'mean' }, color: colour },
      },
    ];
    if (of(paper).length) {
      layers.push({
        data: { values: of(paper) },
        mark: { type: 'point', shape: 'diamond', filled: false, size: 90, strokeWidth: 1.6, color: '#1d2330', opacity: 1 },
        encoding: { y, yOffset, x: { ...x, field: 'f' } },
      });
    }
    return { width, height: { step }, ...(panel !== undefined ? { title: panel } : {}), layer: layers };
  };
  const spec: VegaLiteSpec =
    panels.length > 1
      ? { hconcat: panels.map((p) => panelSpec(p, 300)), resolve: { scale: { color: 'shared', y: 'independent', x: 'independent' } } }
      : panelSpec(undefined, 560);
  const paperLabel = model.tables.find((t) => t.paperLabel && t.rows.some((r) => Object.values(r.cells).some((c) => typeof c.paper === 'number')))?.paperLabel;
  return {
    id: 'results',
    title: 'Results: F-score by row and configuration',
    caption:
      `Each configuration's mean F-score (large dot)${maxN > 1 ? `, the spread over seeds from minimum to maximum (line) and each seed (small dots; n up to ${maxN})` : ''}` +
      (paper.length ? `; hollow diamonds are the paper's values${paperLabel ? ` (${paperLabel})` : ''}` : '') +
      `. The numbers are in the tables above.`,
    spec,
  };
}

/** Bookkeeping the trainer logs beside the learning curves: drawn only in the Diagnostics section. */
export const DIAGNOSTIC_KEY = /(^|\/)(lr|instances_per_s|seconds|instances|checkpoint)$/;

export function isDiagnosticKey(key: string): boolean {
  return DIAGNOSTIC_KEY.test(key);
}

/** A metric worth a panel: some run has two points or more, and its values are not all equal. */
function drawable(curves: TrainingCurve[]): boolean {
  if (!curves.some((c) => c.points.length >= 2)) return false;
  const values = curves.flatMap((c) => c.points.map((p) => p.value));
  return Math.max(...values) > Math.min(...values);
}

/**
 * The training curves as ONE figure of small multiples: a panel per metric (train/loss, dev/loss,
 * dev/f1, …), one line per run coloured by configuration (or, above MAX_INDIVIDUAL_CURVES runs, the
 * mean and min–max band per configuration). Metrics with a single point or a constant value get no
 * panel (they are named in the caption); `diagnostics` selects the bookkeeping metrics instead.
 */
export function trainingCurvesChart(model: ReportModel, which: 'learning' | 'diagnostics' = 'learning'): ChartFigure | undefined {
  const curves = (model.curves ?? [])
    .filter((c) => c.points.length > 0 && (which === 'diagnostics') === isDiagnosticKey(c.key))
    .map((c) => ({ ...c, points: thinPoints([...c.points].sort((a, b) => a.step - b.step)) }));
  const allKeys = [...new Set(curves.map((c) => c.key))];
  const keys = allKeys.filter((k) => drawable(curves.filter((c) => c.key === k)));
  const skipped = allKeys.filter((k) => !keys.includes(k));
  if (keys.length === 0) return undefined;
  const shown = curves.filter((c) => keys.includes(c.key));
  const configs = orderConfigurations(model, shown.map((c) => c.configuration));
  const label = (id: string) => configurationLabel(model, id);
  const colour = configurationColour(configs, label, { symbolOpacity: 1, symbolType: 'stroke', symbolStrokeWidth: 2.5, orient: 'top' });
  const runs = new Set(shown.map((c) => c.runId)).size;
  const aggregated = runs > MAX_INDIVIDUAL_CURVES;
  const x = { field: 'step', type: 'quantitative', title: 'Training step', axis: { format: '~s', tickCount: 5 } };
  const yAxis = { format: '~r', tickCount: 5 };
  let spec: VegaLiteSpec;
  if (!aggregated) {
    spec = {
      data: {
        values: shown.flatMap((c) =>
          c.points.map((p) => ({ key: c.key, run: c.runId, configuration: label(c.configuration), step: p.step, value: p.value })),
        ),
      },
      spec: {
        width: 250,
        height: 150,
        mark: { type: 'line', strokeWidth: 1.3, opacity: 0.8, interpolate: 'linear' },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false }, axis: yAxis },
          color: colour,
          detail: { field: 'run', type: 'nominal' },
        },
      },
    };
  } else {
    const rows = keys.flatMap((key) => aggregateCurves(shown.filter((c) => c.key === key), label).map((r) => ({ key, ...r })));
    spec = {
      data: { values: rows },
      spec: {
        width: 250,
        height: 150,
        layer: [
          {
            mark: { type: 'area', opacity: 0.18 },
            encoding: { x, y: { field: 'min', type: 'quantitative', title: null, scale: { zero: false }, axis: yAxis }, y2: { field: 'max' }, color: colour },
          },
          { mark: { type: 'line', strokeWidth: 1.6 }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: colour } },
        ],
      },
    };
  }
  const diag = which === 'diagnostics';
  return {
    id: diag ? 'diagnostics-curves' : 'training-curves',
    title: diag ? 'Diagnostics: learning rate, throughput and bookkeeping by training step' : 'Training curves',
    caption:
      `One panel per metric against the training step (each panel has its own scale); ` +
      (aggregated
        ? `the mean over runs per configuration (line) and the min–max over runs (band), ${runs} runs.`
        : `one line per run (${runs} runs), coloured by configuration.`) +
      (skipped.length ? ` Not drawn (a single point or a constant value): ${skipped.join(', ')}.` : '') +
      (diag ? '' : ' Learning-rate and throughput curves are in the Diagnostics section (biorex report --diagnostics).'),
    spec: {
      ...spec,
      facet: { field: 'key', type: 'nominal', title: null, sort: keys, header: { labelFontSize: 12, labelFontWeight: 600, labelColor: '#222' } },
      columns: Math.min(3, keys.length),
      resolve: { scale: { x: 'independent', y: 'independent' } },
    },
  };
}

function aggregateCurves(curves: TrainingCurve[], label: (id: string) => string) {
  const groups = new Map<string, number[]>();
  for (const c of curves) {
    for (const p of c.points) {
      const k = `${c.configuration}\u0000${p.step}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(p.value);
    }
  }
  return [...groups].map(([k, v]) => {
    const [configuration, step] = k.split('\u0000');
    return { configuration: label(configuration), step: Number(step), mean: meanSd(v).mean, min: Math.min(...v), max: Math.max(...v) };
  });
}

export interface SizeSummaryRow {
  configuration: string;
  size: number;
  n: number;
  mean: number;
  sd?: number;
  min: number;
  max: number;
}

/** Mean, sd, min and max of F over seeds for each (configuration, size). */
export function summarizeSizes(sweep: SizeSweep): SizeSummaryRow[] {
  const groups = new Map<string, number[]>();
  for (const p of sweep.points) {
    const k = `${p.configuration}\u0000${p.size}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(p.f);
  }
  return [...groups]
    .map(([k, v]) => {
      const [configuration, size] = k.split('\u0000');
      const ms = meanSd(v);
      return {
        configuration,
        size: Number(size),
        n: v.length,
        mean: ms.mean,
        sd: v.length > 1 ? ms.sd : undefined,
        min: Math.min(...v),
        max: Math.max(...v),
      };
    })
    .sort((a, b) => a.configuration.localeCompare(b.configuration) || a.size - b.size);
}

export function sizeSweepChart(model: ReportModel): ChartFigure | undefined {
  const sweep = model.sizeSweep;
  if (!sweep || sweep.points.length === 0) return undefined;
  const label = (id: string) => configurationLabel(model, id);
  const summary = summarizeSizes(sweep);
  const paper = sweep.paper ?? [];
  const configs = orderConfigurations(model, [...summary.map((s) => s.configuration), ...paper.map((p) => p.configuration)]);
  const colour = configurationColour(configs, label, { symbolOpacity: 1, symbolType: 'circle' });
  const x = { field: 'size', type: 'quantitative', title: sweep.xLabel ?? 'Training documents', axis: { values: [...new Set([...summary.map((s) => s.size), ...paper.map((p) => p.size)])].sort((a, b) => a - b) } };
  const yTitle = 'F-score (%)';
  const ours = summary.map((s) => ({ ...s, configuration: label(s.configuration), source: 'ours' }));
  const multiSeed = summary.some((s) => s.n > 1);
  const layers: VegaLiteSpec[] = [];
  if (multiSeed) {
    layers.push({
      data: { values: ours },
      mark: { type: 'area', opacity: 0.18 },
      encoding: { x, y: { field: 'min', type: 'quantitative', title: yTitle, scale: { zero: false } }, y2: { field: 'max' }, color: colour },
    });
  }
  const dash = {
    field: 'source',
    type: 'nominal',
    title: 'Source',
    scale: { domain: paper.length ? ['ours', 'paper'] : ['ours'], range: paper.length ? [[1, 0], [5, 4]] : [[1, 0]] },
    legend: { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 300 },
  };
  layers.push(
    {
      data: { values: ours },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y: { field: 'mean', type: 'quantitative', title: yTitle, scale: { zero: false } }, color: colour, strokeDash: dash },
    },
    {
      data: { values: ours },
      mark: { type: 'point', filled: true, size: 45, opacity: 1 },
      encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: colour },
    },
  );
  if (paper.length > 0) {
    const paperValues = paper.map((p) => ({ configuration: label(p.configuration), size: p.size, f: p.f, source: 'paper' }));
    layers.push(
      {
        data: { values: paperValues },
        mark: { type: 'line', strokeWidth: 1.3, opacity: 0.85 },
        encoding: { x, y: { field: 'f', type: 'quantitative' }, color: colour, strokeDash: dash },
      },
      {
        data: { values: paperValues },
        mark: { type: 'point', shape: 'diamond', filled: false, size: 60, strokeWidth: 1.3 },
        encoding: { x, y: { field: 'f', type: 'quantitative' }, color: colour },
      },
    );
  }
  const seeds = Math.max(...summary.map((s) => s.n));
  return {
    id: 'size-sweep',
    title: 'F-score against training-set size',
    caption:
      `Mean F over seeds for each configuration and number of training documents (solid line)` +
      (multiSeed ? `; the band spans the minimum to the maximum over seeds (up to ${seeds} seeds)` : '') +
      (paper.length > 0 ? `; dashed lines with hollow diamonds are the paper's values (Supplementary Figure 1).` : '.'),
    spec: { width: 560, height: 300, layer: layers },
  };
}

export function plmComparisonChart(model: ReportModel): ChartFigure | undefined {
  const cmp: PlmComparison | undefined = model.plmComparison;
  if (!cmp || cmp.rows.length === 0) return undefined;
  const plms = [...new Set(cmp.rows.map((r) => r.plm))];
  const colour = { field: 'plm', type: 'nominal', title: 'PLM', scale: colourScale(plms.map((p) => `plm:${p}`), (id) => id.slice(4)) };
  const shape = {
    field: 'source',
    type: 'nominal',
    title: 'Source',
    scale: { domain: ['ours', 'paper'], range: ['circle', 'diamond'] },
  };
  const train = cmp.rows
    .filter((r) => r.trainSecondsPerEpoch !== undefined)
    .map((r) => ({ plm: r.plm, source: r.source, f: r.f, seconds: r.trainSecondsPerEpoch, device: r.device ?? '' }));
  const predict = cmp.rows
    .filter((r) => r.predictSecondsPer1000Pairs !== undefined)
    .map((r) => ({ plm: r.plm, source: r.source, f: r.f, seconds: r.predictSecondsPer1000Pairs, device: r.device ?? '' }));
  const panel = (values: object[], title: string): VegaLiteSpec => ({
    width: 300,
    height: 260,
    data: { values },
    layer: [
      {
        mark: { type: 'point', size: 80, filled: true, opacity: 0.9 },
        encoding: {
          x: { field: 'seconds', type: 'quantitative', title, scale: { type: 'log', nice: false, padding: 18 } },
          y: { field: 'f', type: 'quantitative', title: 'F-score (%)', scale: { zero: false, padding: 14 } },
          color: colour,
          shape,
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 10, color: '#444' },
        encoding: {
          x: { field: 'seconds', type: 'quantitative' },
          y: { field: 'f', type: 'quantitative' },
          text: { field: 'device', type: 'nominal' },
        },
      },
    ],
  });
  const panels: VegaLiteSpec[] = [];
  if (train.length) panels.push(panel(train, 'Training time per epoch (s, log scale)'));
  if (predict.length) panels.push(panel(predict, 'Prediction time per 1000 pairs (s, log scale)'));
  if (panels.length === 0) return undefined;
  const hasPaper = cmp.rows.some((r) => r.source === 'paper');
  return {
    id: 'plm-comparison',
    title: 'PLM comparison: F-score against training and prediction time',
    caption:
      'F-score on the evaluation set against training time per epoch (left) and prediction time per 1000 pairs (right), ' +
      'one point per PLM; points are labelled with the device the time was measured on.' +
      (hasPaper ? " Diamonds are the paper's values (Supplementary Table 1, GPU and CPU prediction times)." : ''),
    spec: { hconcat: panels, resolve: { scale: { color: 'shared', shape: 'shared' } } },
  };
}

/** The report's figures: the results figure first, then the size sweep, the PLM comparison and the training curves. */
export function buildCharts(model: ReportModel): ChartFigure[] {
  return [resultsChart(model), sizeSweepChart(model), plmComparisonChart(model), trainingCurvesChart(model)].filter(
    (c): c is ChartFigure => c !== undefined,
  );
}

/** The Diagnostics section's figures (`biorex report --diagnostics`). */
export function buildDiagnosticCharts(model: ReportModel): ChartFigure[] {
  return [trainingCurvesChart(model, 'diagnostics')].filter((c): c is ChartFigure => c !== undefined);
}

/** Compiles a Vega-Lite spec and renders it to an SVG string without a browser. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CHART_CONFIG, background: 'white', ...spec };
  const compiled = vl.compile(full as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
  try {
    // width/height stay: CSS caps the width at the column and the viewBox keeps the aspect ratio.
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
