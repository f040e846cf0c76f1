// `biorex rescore`: a criterion the runs were not scored on reads "not scored" in the report, and
// rescoring the stored predictions (with the runner's scoring code) fills it; nothing else changes.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { rescoreCommand } from '../../src/cli/rescore.ts';
import { InputError } from '../../src/errors.ts';
import { loadReportModel } from '../../src/report/from-store.ts';
import { renderReport } from '../../src/report/index.ts';
import { rescoreExperiment } from '../../src/runner/rescore.ts';
import { scoreRun } from '../../src/runner/score.ts';
import { openStore, type TrackingStore } from '../../src/tracking/index.ts';
import { storeFinishedRuns } from '../fixtures/report/stored-runs.ts';

const SPEC = `name: rescore-fixture
target: Sample
plm: tiny
configurations: [original, biorex]
rows: [{external: [SampleDDI]}]
seeds: [1, 2, 3]
evaluate: {criteria: [pair, pair+type]}
`;

describe('runner: rescore stored predictions', function () {
  this.timeout(60_000);
  let dir: string;
  let store: TrackingStore;
  let ids: number[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-rescore-'));
    store = openStore(join(dir, 'biorex.sqlite'));
    ids = await storeFinishedRuns(store, dir, { spec: SPEC, predict: (r, inst, j) => ((j + r) % 3 === 0 ? inst.label : 'None') });
  });
  after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a criterion the runs were not scored on reads "not scored" (not "3 missing"), with the command that scores it', async () => {
    const m = loadReportModel(store, 'rescore-fixture', { criteria: ['pair+novelty'] });
    const t = m.tables[0];
    const cell = t.rows[0].cells.original;
    expect(cell.scores).to.deep.equal([]);
    expect(cell.notScored).to.equal(3);
    expect(cell.missing).to.equal(undefined);
    expect(t.rescoreHint).to.equal('biorex rescore rescore-fixture --criteria pair+novelty');
    const r = await renderReport(m, join(dir, 'report-before'));
    const html = readFileSync(r.files.html, 'utf8');
    expect(html).to.include('<span class="pending">not scored</span>');
    expect(html).to.include('biorex rescore rescore-fixture --criteria pair+novelty');
    expect(html).not.to.match(/runs? missing/);
    expect(readFileSync(r.files.markdown, 'utf8')).to.include('(not scored)');
  });

  it('rescore scores every finished run on the asked criterion and keeps its other results', async () => {
    const before = store.getResults({ runId: ids[0] }).filter((x) => x.criterion === 'pair');
    const r = await rescoreExperiment(store, 'rescore-fixture', { criteria: ['pair+novelty'] });
    expect(r.rescored.map((x) => x.id)).to.deep.equal(ids);
    expect(r.skipped).to.deep.equal([]);
    expect(r.criteria).to.include.members(['pair', 'pair+type', 'pair+novelty']);
    // the stored rows are what scoring the run's files directly gives
    const runDir = store.getRunById(ids[1])!.runDir!;
    const direct = await scoreRun({
      evalSet: 'Sample/test',
      target: 'Sample',
      instancesFile: join(runDir, 'data', 'test.jsonl'),
      predictionsFile: join(runDir, 'predictions', 'test.jsonl'),
      negativeLabels: ['None'],
      criteria: ['pair+novelty'],
    });
    const novelty = (rows: { criterion: string; pairType: string; tp: number | null; fp: number | null; fn: number | null }[]) =>
      rows.filter((x) => x.criterion === 'pair+novelty').map((x) => [x.pairType, x.tp, x.fp, x.fn].join(' ')).sort();
    expect(novelty(store.getResults({ runId: ids[1] }))).to.deep.equal(novelty(direct)).and.to.have.length.greaterThan(0);
    expect(store.getResults({ runId: ids[0] }).filter((x) => x.criterion === 'pair')).to.deep.equal(before);
    const cell = loadReportModel(store, 'rescore-fixture', { criteria: ['pair+novelty'] }).tables[0].rows[0].cells.original;
    expect(cell.notScored).to.equal(undefined);
    expect(cell.scores).to.have.length(3);
  });

  it('a run whose predictions are gone is reported, not guessed; unknown criteria and experiments are errors', async () => {
    rmSync(join(store.getRunById(ids[2])!.runDir!, 'predictions'), { recursive: true });
    const r = await rescoreExperiment(store, 'rescore-fixture', { criteria: ['all'] });
    expect(r.skipped.map((x) => x.id)).to.deep.equal([ids[2]]);
    expect(r.skipped[0].reason).to.match(/missing .*predictions\/test\.jsonl/);
    expect(r.rescored).to.have.length(ids.length - 1);
    await rescoreExperiment(store, 'rescore-fixture', { criteria: ['pair+nov'] }).then(
      () => expect.fail('accepted an unknown criterion'),
      (e) => expect(e).to.be.instanceOf(InputError).with.property('message').match(/unknown criterion "pair\+nov".*pair\+novelty/),
    );
    await rescoreExperiment(store, 'nope', { criteria: ['pair'] }).then(
      () => expect.fail('accepted an unknown experiment'),
      (e) => expect(e).to.be.instanceOf(InputError).with.property('message').match(/no experiment named "nope"/),
    );
  });

  it('biorex rescore (the CLI) reports what it scored and what it could not', async () => {
    const logs: string[] = [];
    const errs: string[] = [];
    const [log, err] = [console.log, console.error];
    console.log = (x: string) => logs.push(x);
    console.error = (x: string) => errs.push(x);
    const run = (args: string[]) => yargs(args).command(rescoreCommand).strict().fail((m, e) => { throw e ?? new Error(m); }).parseAsync();
    try {
      store.close(); // the command opens the store itself
      await run(['rescore', 'rescore-fixture', '--criteria', 'pair+novelty', '--db', join(dir, 'biorex.sqlite')]);
      expect(logs.at(-1)).to.match(/^rescore rescore-fixture: 5 run\(s\) scored on pair, pair\+type, .*pair\+novelty.*; 1 not rescored/);
      expect(errs.join('\n')).to.match(/not rescored — missing .*predictions\/test\.jsonl/);
      expect(process.exitCode ?? 0).to.equal(0);
    } finally {
      console.log = log;
      console.error = err;
      store = openStore(join(dir, 'biorex.sqlite'));
    }
  });
});
