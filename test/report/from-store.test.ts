// The adapter: a tracking store filled like the runner would → the report model.
import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { InputError } from '../../src/errors.ts';
import { loadReportModel } from '../../src/report/from-store.ts';
import { pairedTTest } from '../../src/stats/index.ts';
import { describeRows, parseSpec } from '../../src/experiments/index.ts';
import { fillExperiment, tempStore, TABLE3_SPEC } from '../fixtures/report/synthetic-store.ts';

// The label of the `external: all` row is the experiments stage's business (it counts the corpora).
const ALL_LABEL = describeRows(parseSpec(TABLE3_SPEC).spec)[2].label;

describe('report: model from the tracking store', () => {
  const { store, dir } = tempStore();
  // F depends on configuration and seed so the tests can predict every number.
  const f = (conf: string, seed: number, pt: string, criterion: string) =>
    ({ original: 0.7, tl: 0.72, mtl: 0.73, biorex: 0.75 })[conf as 'original']! + seed * 0.001 * (conf === 'biorex' ? 3 : 1) + (pt === 'all' ? 0 : 0.05) + (criterion === 'pair' ? 0.1 : 0);
  before(() => {
    fillExperiment(store, TABLE3_SPEC, { f, failRun: 1 });
  });
  after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds one Table 3 layout table per criterion, with the spec rows and configurations', () => {
    const m = loadReportModel(store, 't3-fixture');
    expect(m.experiment).to.include({ name: 't3-fixture', title: 'Fixture <script>alert(1)</script> "quoted"', target: 'BioRED' });
    expect(m.tables.map((t) => t.criterion)).to.deep.equal(['entity pair', 'entity pair + relation type']);
    const t = m.tables[1];
    expect(t.layout).to.equal('training-sets');
    expect(t.rows.map((r) => [r.label, r.pair])).to.deep.equal([
      ['BioRED+BC5CDR', '<C,D>'],
      ['BioRED+EMU', '<G,D>'],
      [ALL_LABEL, 'All'],
    ]);
    expect(t.rows[2].externalAll).to.equal(true);
    expect(t.columns.map((c) => c.id)).to.deep.equal(['original', 'tl', 'mtl', 'biorex']);
  });

  it('fills cells with per-seed F in percent on the row’s pair subset; one Original model serves every row', () => {
    const t = loadReportModel(store, 't3-fixture').tables[1];
    const emu = t.rows[1];
    expect(emu.cells.tl.applicable).to.equal(false);
    expect(emu.cells.mtl.applicable).to.equal(false);
    const bx = emu.cells.biorex.scores.map((s) => [s.unit, +s.f.toFixed(6)]);
    expect(bx).to.deep.equal([
      ['seed 1', 80.3],
      ['seed 2', 80.6],
      ['seed 3', 80.9],
    ]);
    // the 'All' row reads pair type 'all'
    expect(t.rows[2].cells.biorex.scores[0].f).to.be.closeTo(75.3, 1e-9);
    // the same Original runs appear in each row, scored on that row's pair type
    const origIds = t.rows.map((r) => r.cells.original.scores.map((s) => s.runId).join(','));
    expect(new Set(origIds).size).to.equal(1);
  });

  it('computes paired t-tests over matched seeds with src/stats and counts missing runs', () => {
    const t = loadReportModel(store, 't3-fixture').tables[1];
    const all = t.rows[2];
    // run index 1 (Original, seed 2) failed: the test pairs seeds 1 and 3 only
    expect(all.cells.original.scores.map((s) => s.unit)).to.deep.equal(['seed 1', 'seed 3']);
    // two matched seeds: not testable (no t = 0.00, p = 1.00)
    expect(all.cells.biorex.p).to.equal(undefined);
    expect(all.cells.biorex.notTestable).to.equal('not testable: n = 2 < 3');
    expect(t.comparisons!.find((c) => c.row === all.id && c.a === 'biorex')).to.include({ n: 2, notTestable: 'not testable: n = 2 < 3' });
    // the same experiment with no failed run: three matched seeds, tested with src/stats
    fillExperiment(store, TABLE3_SPEC.replace('name: t3-fixture', 'name: t3-complete'), { f: (c, seed, pt, cr) => f(c, seed, pt, cr) + (c === 'biorex' ? (seed % 2) * 0.004 : 0) });
    const full = loadReportModel(store, 't3-complete').tables[1].rows[2];
    const base = full.cells.original.scores.map((s) => s.f);
    const bx = full.cells.biorex.scores.map((s) => s.f);
    expect(base).to.have.length(3);
    expect(full.cells.biorex.p).to.be.closeTo(pairedTTest(bx, base).p, 1e-12);
    expect(full.cells.biorex.pAdjusted).to.be.a('number');
    const bc5 = t.rows[0];
    const missing = Object.values(bc5.cells).reduce((n, c) => n + (c.missing ?? 0), 0);
    expect(missing).to.equal(1);
  });

  it('attaches the paper values only to the pair + relation type table', () => {
    const m = loadReportModel(store, 't3-fixture');
    expect(m.tables[0].rows[0].cells.original.paper).to.equal(undefined);
    const t = m.tables[1];
    expect(t.rows[0].cells.biorex.paper).to.equal(79.3);
    expect(t.rows[1].cells.biorex.paper).to.equal(69.7);
    expect(t.rows[2].cells.tl.paper).to.equal(77.6);
    expect(t.comparisons!.filter((c) => c.source === 'paper')).to.have.length(5);
    expect(m.experiment.reference!.citation).to.match(/BioREx/);
  });

  it('collects curves, environments, timings, predictions and errors for the appendix', () => {
    const m = loadReportModel(store, 't3-fixture');
    expect(m.curves!.every((c) => c.key === 'train/loss' && c.points.length === 10)).to.equal(true);
    expect(Object.keys(m.environments!)).to.have.length(1);
    const failed = m.runs.find((r) => r.status === 'failed')!;
    expect(failed.error).to.match(/^\[oom\] CUDA out of memory <script>/);
    const done = m.runs.find((r) => r.status === 'done' && r.configuration === 'original')!;
    expect(done.row).to.equal(`BioRED+BC5CDR; BioRED+EMU; ${ALL_LABEL}`);
    expect(done.timings!['train / epoch']).to.be.a('number');
    expect(done.predictions![0].path).to.match(/predictions\/test\.jsonl$/);
  });

  it('several experiments → Table 4 layout, one row per target, Average row', () => {
    for (const target of ['BC5CDR', 'DDI']) {
      fillExperiment(
        store,
        `name: t4-${target}\ntarget: ${target}\nplm: prajjwal1/bert-tiny\nconfigurations: [original, biorex]\nrows:\n  - {external: [BioRED]}\nseeds: [1, 2]\nreference: paper/biorex-2023#table4\n`,
        { f },
      );
    }
    const m = loadReportModel(store, ['t4-BC5CDR', 't4-DDI']);
    const t = m.tables[0];
    expect(t.layout).to.equal('test-sets');
    expect(t.rows.map((r) => r.label)).to.deep.equal(['BC5CDR', 'DDI', 'Average']);
    expect(t.columns.map((c) => c.label)).to.deep.equal(['Target', 'BioREx', 'SOTA']);
    expect(t.rows[0].cells.original.paper).to.equal(69.1);
    expect(t.rows[0].cells.sota.paper).to.equal(69.4);
    expect(t.rows[2].cells.biorex.paper).to.equal(81.4);
    expect(t.rows[2].cells.biorex.scores.map((s) => s.unit)).to.deep.equal(['seed 1', 'seed 2']);
  });

  it('Table 4 layout: two experiments on the same target carry their experiment names', () => {
    for (const name of ['ddi-a', 'ddi-b'])
      fillExperiment(store, `name: ${name}\ntarget: DDI\nplm: prajjwal1/bert-tiny\nconfigurations: [original, biorex]\nrows:\n  - {external: [BioRED]}\nseeds: [1, 2, 3]\n`, { f });
    const t = loadReportModel(store, ['t4-BC5CDR', 'ddi-a', 'ddi-b']).tables[0];
    expect(t.rows.map((r) => r.label)).to.deep.equal(['BC5CDR', 'DDI (ddi-a)', 'DDI (ddi-b)', 'Average']);
    expect(t.rows.slice(0, 3).map((r) => r.experiment)).to.deep.equal(['t4-BC5CDR', 'ddi-a', 'ddi-b']);
  });

  it('unknown experiment or store: InputError naming the fix', () => {
    expect(() => loadReportModel(store, 'nope')).to.throw(InputError, /no experiment named "nope".*t3-fixture/);
    expect(() => loadReportModel('/nonexistent/x.sqlite', 'a')).to.throw(InputError, /--db FILE/);
  });
});
