// The figures: one results figure (configurations × rows, seed spread, paper markers), the training
// curves collapsed into one figure of small multiples, bookkeeping curves only in Diagnostics.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCharts, buildDiagnosticCharts, fDomain, renderSvg, resultsChart, trainingCurvesChart } from '../../src/report/charts.ts';
import { renderReport } from '../../src/report/index.ts';
import type { ReportModel, TrainingCurve } from '../../src/report/model.ts';
import { syntheticModel } from '../fixtures/report/synthetic-model.ts';

const curve = (runId: string, configuration: string, key: string, values: number[]): TrainingCurve => ({
  runId,
  configuration,
  key,
  points: values.map((value, i) => ({ step: (i + 1) * 10, value })),
});

/** A model with one table of one row and the curves the trainer logs for two short runs. */
function smallModel(curves: TrainingCurve[]): ReportModel {
  return {
    experiment: { name: 'x', title: 'X', configurations: ['original', 'biorex'] },
    tables: [
      {
        id: 't',
        layout: 'training-sets',
        title: 'T',
        criterion: 'entity pair',
        columns: [{ id: 'original', label: 'Original' }, { id: 'biorex', label: 'BioREx' }],
        baseline: 'original',
        test: { name: 'paired t-test', units: 'seeds', alpha: 0.05 },
        rows: [
          {
            id: 'r',
            label: 'Sample+X',
            pair: 'All',
            cells: {
              original: { applicable: true, scores: [{ unit: 'seed 1', f: 0 }] },
              biorex: { applicable: true, scores: [{ unit: 'seed 1', f: 0 }], paper: 0 },
            },
          },
        ],
      },
    ],
    curves,
    runs: [],
  };
}

describe('report: figures', function () {
  this.timeout(60_000);

  it('results figure: a mean, a min–max line and every seed per (row, configuration), the paper as diamonds', () => {
    const m = syntheticModel({ seedsTable3: 3 });
    const fig = resultsChart(m)!;
    expect(fig.id).to.equal('results');
    // one panel per table (criterion)
    expect(fig.spec.hconcat.map((p: { title: string }) => p.title)).to.deep.equal(m.tables.map((t) => t.criterion));
    const [rule, seeds, means, paper] = fig.spec.hconcat[0].layer;
    const t3 = m.tables[0];
    const cells = t3.rows.flatMap((r) => t3.columns.filter((c) => !c.referenceOnly && r.cells[c.id]?.applicable && r.cells[c.id].scores.length).map((c) => ({ r, c })));
    expect(means.data.values).to.have.length(cells.length);
    expect(rule.mark.type).to.equal('rule');
    const one = means.data.values.find((v: { row: string; configuration: string }) => v.row === 'BioRED+8 datasets All' && v.configuration === 'BioREx');
    const fs = t3.rows.find((r) => r.label === 'BioRED+8 datasets')!.cells.biorex.scores.map((s) => s.f);
    expect(one.mean).to.be.closeTo(fs.reduce((a, b) => a + b, 0) / fs.length, 1e-9);
    expect([one.min, one.max, one.n]).to.deep.equal([Math.min(...fs), Math.max(...fs), 3]);
    expect(seeds.data.values.filter((v: { row: string; configuration: string }) => v.row === 'BioRED+8 datasets All' && v.configuration === 'BioREx')).to.have.length(3);
    expect(paper.mark.shape).to.equal('diamond');
    expect(paper.data.values.find((v: { row: string; configuration: string }) => v.row === 'BioRED+8 datasets All' && v.configuration === 'BioREx').f).to.equal(79.6);
    expect(fig.caption).to.match(/hollow diamonds are the paper's values \(paper Table 3\)/);
  });

  it('F axis: never the empty domain of one value (the "0.000000" axis), 10 points wide at least, within 0–100', async () => {
    expect(fDomain([0, 0])).to.deep.equal([0, 10]);
    expect(fDomain([74.4, 79.6])).to.deep.equal([70, 85]);
    expect(fDomain([99.5, 100])).to.deep.equal([90, 100]);
    const svg = await renderSvg(resultsChart(smallModel([]))!.spec);
    expect(svg).not.to.include('0.000000');
    expect(svg).to.include('>10<');
  });

  it('training curves: one figure, a panel per metric; single-point and constant metrics get no panel; lr and throughput wait for --diagnostics', async () => {
    const curves = [
      curve('1', 'original', 'train/loss', [2, 1.5, 1.2, 1]),
      curve('2', 'biorex', 'train/loss', [2.1, 1.4, 1.1, 0.9]),
      curve('1', 'original', 'dev/loss', [1.3, 1.2]),
      curve('2', 'biorex', 'dev/loss', [1.35, 1.1]),
      curve('1', 'original', 'dev/f1', [0, 0]), // constant: a degenerate model
      curve('2', 'biorex', 'dev/accuracy', [0.7]), // one point
      curve('1', 'original', 'train/lr', [1e-3, 5e-4, 0]),
      curve('1', 'original', 'train/instances_per_s', [30, 31, 29]),
    ];
    const m = smallModel(curves);
    const figs = buildCharts(m);
    expect(figs.map((f) => f.id)).to.deep.equal(['results', 'training-curves']);
    const fig = trainingCurvesChart(m)!;
    expect(fig.spec.facet.field).to.equal('key');
    expect(fig.spec.facet.sort).to.deep.equal(['train/loss', 'dev/loss']);
    expect(fig.caption).to.match(/Not drawn \(a single point or a constant value\): dev\/f1, dev\/accuracy\./);
    expect(fig.spec.data.values.some((v: { key: string }) => /lr|instances_per_s/.test(v.key))).to.equal(false);
    const diag = buildDiagnosticCharts(m);
    expect(diag.map((f) => f.id)).to.deep.equal(['diagnostics-curves']);
    expect(diag[0].spec.facet.sort).to.deep.equal(['train/lr', 'train/instances_per_s']);
    const svg = await renderSvg(fig.spec);
    expect(svg).not.to.include('0.000000');
    expect((svg.match(/>train\/loss</g) ?? []).length + (svg.match(/>dev\/loss</g) ?? []).length).to.be.greaterThanOrEqual(2);

    const dir = mkdtempSync(join(tmpdir(), 'report-figures-'));
    try {
      const plain = await renderReport(m, join(dir, 'a'));
      const withDiag = await renderReport(m, join(dir, 'b'), { diagnostics: true });
      expect(plain.charts).to.equal(2);
      expect(withDiag.charts).to.equal(3);
      expect(readFileSync(plain.files.html, 'utf8')).not.to.include('id="diagnostics"');
      const html = readFileSync(withDiag.files.html, 'utf8');
      expect(html).to.include('<section id="diagnostics"><h2>Diagnostics</h2>');
      expect(html.indexOf('id="diagnostics-curves"')).to.be.greaterThan(html.indexOf('id="diagnostics"'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
