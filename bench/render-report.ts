// Bench: rendering a report for an experiment with 500 runs.
//   npx tsx bench/render-report.ts [--repeats N]
// Two measurements (median of N, ms):
//   model → files: renderReport on an in-memory model of 500 runs (Table 3 + Table 4 layouts,
//     100-step training curves per run, a size sweep, a PLM comparison, the paper values);
//   store → files: loadReportModel from a SQLite tracking store holding a 500-run experiment
//     (results, metrics, timings, artifacts), then renderReport.
// Writes bench/results/render-report.json.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReportModel } from '../src/report/from-store.ts';
import { renderReport } from '../src/report/index.ts';
import { syntheticModel } from '../test/fixtures/report/synthetic-model.ts';
import { fillExperiment, tempStore } from '../test/fixtures/report/synthetic-store.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repeatsArg = process.argv.indexOf('--repeats');
const REPEATS = repeatsArg > 0 ? Number(process.argv[repeatsArg + 1]) : 5;
const RUNS = 500;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x);

const out = mkdtempSync(join(tmpdir(), 'bench-report-'));

// ---- in-memory model: 300 Table 3 runs (10 seeds), 120 Table 4 runs (5 seeds), 50 sweep, 30 PLM ----
const model = syntheticModel({ seedsTable3: 10, seedsTable4: 5, sizeSeeds: 5, plmSeeds: 10, curveSteps: 100, maxRuns: RUNS });
if (model.runs.length !== RUNS) throw new Error(`synthetic model has ${model.runs.length} runs, expected ${RUNS}`);
const modelMs: number[] = [];
const chartMs: number[] = [];
let htmlBytes = 0;
for (let i = 0; i < REPEATS; i++) {
  const t0 = performance.now();
  const r = await renderReport(model, join(out, 'model'));
  modelMs.push(performance.now() - t0);
  chartMs.push(r.timings.charts);
  htmlBytes = statSync(r.files.html).size;
}

// ---- tracking store: a 9-row, 4-configuration spec over enough seeds for 500 runs ----
const { store, file, dir } = tempStore();
const seeds = Array.from({ length: 23 }, (_, i) => i + 1);
const spec = `
name: bench-500
title: Rendering bench (500 runs)
target: BioRED
plm: prajjwal1/bert-tiny
configurations: [original, tl, mtl, biorex]
rows:
  - {external: [BC5CDR]}
  - {external: [DDI]}
  - {external: [AIMed]}
  - {external: [HPRD50]}
  - {external: [DrugProt]}
  - {external: [PharmGKB]}
  - {external: [DisGeNET]}
  - {external: [EMU]}
  - {external: all}
seeds: [${seeds.join(', ')}]
reference: paper/biorex-2023#table3
`;
const tFill = performance.now();
fillExperiment(store, spec, { curveSteps: 100, maxRuns: RUNS });
const fillMs = performance.now() - tFill;
const storeRuns = store.listRuns({ experiment: 'bench-500' }).length;
store.close();
const loadMs: number[] = [];
const storeMs: number[] = [];
for (let i = 0; i < REPEATS; i++) {
  const t0 = performance.now();
  const m = loadReportModel(file, 'bench-500');
  const t1 = performance.now();
  await renderReport(m, join(out, 'store'));
  loadMs.push(t1 - t0);
  storeMs.push(performance.now() - t0);
}
rmSync(dir, { recursive: true, force: true });
rmSync(out, { recursive: true, force: true });

const result = {
  bench: 'render-report',
  date: new Date().toISOString(),
  host: { cpus: cpus().length, cpu: cpus()[0]?.model, loadavg: loadavg().map((x) => Math.round(x * 100) / 100), node: process.version },
  repeats: REPEATS,
  model: { runs: RUNS, curvePoints: model.curves!.reduce((n, c) => n + c.points.length, 0), medianMs: round(median(modelMs)), chartsMedianMs: round(median(chartMs)), htmlBytes, allMs: modelMs.map(round) },
  store: { runs: storeRuns, fillMs: round(fillMs), loadMedianMs: round(median(loadMs)), loadAndRenderMedianMs: round(median(storeMs)), allMs: storeMs.map(round) },
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/render-report.json'), JSON.stringify(result, null, 2) + '\n');
console.log(
  `render-report (${RUNS} runs, median of ${REPEATS}): model → files ${result.model.medianMs} ms (charts ${result.model.chartsMedianMs} ms, index.html ${(htmlBytes / 1e6).toFixed(2)} MB); ` +
    `store (${storeRuns} runs) → model ${result.store.loadMedianMs} ms, → files ${result.store.loadAndRenderMedianMs} ms. Load average ${result.host.loadavg[0]}.`,
);
