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

export function trainingCurveCharts(model: ReportModel): ChartFigure[] {
  const curves = (model.curves ?? [])
    .filter((c) => c.points.length > 0)
    .map((c) => ({ ...c, points: thinPoints([...c.points].sort((a, b) => a.step - b.step)) }));
  const keys = [...new Set(curves.map((c) => c.key))];
  return keys.map((key, i) => {
    const these = curves.filter((c) => c.key === key);
    const configs = orderConfigurations(model, these.map((c) => c.configuration));
    const label = (id: string) => configurationLabel(model, id);
    const colour = configurationColour(configs, label, { symbolOpacity: 1, symbolType: 'stroke', symbolStrokeWidth: 2.5 });
    const runs = new Set(these.map((c) => c.runId)).size;
    const aggregated = runs > MAX_INDIVIDUAL_CURVES;
    const x = { field: 'step', type: 'quantitative', title: 'Training step' };
    let spec: VegaLiteSpec;
    let caption: string;
    if (!aggregated) {
      spec = {
        data: {
          values: these.flatMap((c) =>
            c.points.map((p) => ({ run: c.runId, configuration: label(c.configuration), step: p.step, value: p.value })),
          ),
        },
        mark: { type: 'line', strokeWidth: 1.4, opacity: 0.85, interpolate: 'linear' },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: key, scale: { zero: false } },
          color: colour,
          detail: { field: 'run', type: 'nominal' },
        },
      };
      caption = `${key} against training step, one line per run (${runs} runs), coloured by configuration.`;
    } else {
      const rows = aggregateCurves(these, label);
      spec = {
        data: { values: rows },
        layer: [
          {
            mark: { type: 'area', opacity: 0.18 },
            encoding: {
              x,
              y: { field: 'min', type: 'quantitative', title: key, scale: { zero: false } },
              y2: { field: 'max' },
              color: colour,
            },
          },
          {
            mark: { type: 'line', strokeWidth: 1.8 },
            encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: colour },
          },
        ],
      };
      caption = `${key} against training step: mean over runs per configuration (line) and min–max over runs (band); ${runs} runs.`;
    }
    return {
      id: `curve-${i + 1}`,
      title: `Training curve: ${key}`,
      caption,
      spec: { width: 560, height: 260, ...spec },
    };
  });
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

export function buildCharts(model: ReportModel): ChartFigure[] {
  return [
    ...trainingCurveCharts(model),
    sizeSweepChart(model),
    plmComparisonChart(model),
  ].filter((c): c is ChartFigure => c !== undefined);
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
