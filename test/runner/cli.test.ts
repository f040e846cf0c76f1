// The CLI adapters (`biorex plan`, `run`, `runs list|show|compare|export`) without training: the
// store is filled through the tracking API, so these tests need no Python.
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpecFile } from '../../src/experiments/index.ts';
import { defaultInstanceProvider, planExperiment, recordPlan } from '../../src/runner/index.ts';
import { openStore } from '../../src/tracking/index.ts';
import { startCli } from '../fixtures/experiments/harness.ts';

async function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const r = startCli(args);
  const { code } = await r.exited;
  return { code, out: r.output() };
}

describe('cli: plan, run and runs', function () {
  this.timeout(120_000);
  let dir: string;
  let work: string;
  let db: string;
  let spec: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-cli-'));
    work = join(dir, 'work');
    db = join(work, 'biorex.sqlite');
    spec = join(dir, 'two-seeds.yaml');
    writeFileSync(
      spec,
      'name: two-seeds\ntitle: Two seeds\ntarget: Sample\nplm: tiny-plm\nconfigurations: [original]\nseeds: [1, 2]\ntraining: {epochs: 1}\ndata: {max_docs: 3}\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an invalid spec before doing anything: exit 1, every problem listed, no store created', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: bad\ntarget: Sampel\nplm: x\nconfigurations: [original]\nseeds: [1, 1]\n');
    const r = await cli(['run', bad, '--work', work]);
    expect(r.code).to.equal(1);
    expect(r.out).to.contain(`${bad}:2: target: unknown corpus 'Sampel'. Fix: did you mean 'Sample'?`);
    expect(existsSync(db)).to.equal(false);
    expect(existsSync(join(work, 'runs'))).to.equal(false);
  });

  it('plan --json: every run missing before anything ran', async () => {
    const r = await cli(['plan', spec, '--work', work, '--json']);
    expect(r.code, r.out).to.equal(0);
    const plan = JSON.parse(r.out.slice(r.out.indexOf('{')));
    expect(plan.counts).to.include({ total: 2, missing: 2, done: 0 });
    expect(plan.runs.map((x: { seed: number }) => x.seed)).to.deep.equal([1, 2]);
    expect(plan.runs[0].instanceSets).to.deep.equal(['corpus/Sample.native.prompt']);
  });

  it('plan reads a file of several experiments as reproduce does: one plan each, in file order', async () => {
    const multi = join(dir, 'multi.yaml');
    const text = readFileSync(spec, 'utf8');
    writeFileSync(multi, `${text}---\n${text.replace('name: two-seeds', 'name: one-seed').replace('seeds: [1, 2]', 'seeds: [3]')}`);
    const r = await cli(['plan', multi, '--work', work, '--json']);
    expect(r.code, r.out).to.equal(0);
    const plans = JSON.parse(r.out.slice(r.out.indexOf('[')));
    expect(plans.map((p: { experiment: string; counts: { total: number } }) => [p.experiment, p.counts.total])).to.deep.equal([['two-seeds', 2], ['one-seed', 1]]);
  });

  it('plan shows the status recorded in the store; runs list/show/compare/export read it', async () => {
    // Record the plan and finish one run by hand (what `biorex run` does after training).
    const plan = await planExperiment(loadSpecFile(spec), { provider: defaultInstanceProvider({ cacheDir: join(work, 'instances') }) });
    const store = openStore(db);
    const ids = recordPlan(store, plan);
    const [h1, h2] = plan.runs.map((r) => r.hash);
    const me = { token: 't', host: 'h', pid: process.pid };
    for (const [h, f1] of [[h1, 0.5], [h2, 0.7]] as const) {
      const c = store.claimRun(h, me);
      expect(c.claimed).to.equal(true);
      store.putResults(ids.get(h)!, [{ evalSet: 'Sample/test', criterion: 'pair+type', pairType: 'all', tp: 5, fp: 5, fn: 5, precision: f1, recall: f1, f1, scorer: 'test' }]);
    }
    store.finishRun(ids.get(h1)!, 't', { status: 'done', durationS: 12 });
    store.finishRun(ids.get(h2)!, 't', { status: 'failed', errorKind: 'oom', error: 'out of memory', stderrTail: 'Traceback …\nCUDA out of memory' });
    store.close();

    const p = await cli(['plan', spec, '--work', work]);
    expect(p.code, p.out).to.equal(0);
    expect(p.out).to.match(/2 runs: 1 done, 1 failed, 0 interrupted, 0 running, 0 missing/);

    const list = await cli(['runs', 'list', '--work', work, '--json']);
    const runs = JSON.parse(list.out.slice(list.out.indexOf('[')));
    expect(runs.map((r: { status: string }) => r.status)).to.deep.equal(['done', 'failed']);
    expect(runs[0].results[0].f1).to.equal(0.5);

    const failedOnly = await cli(['runs', 'list', '--work', work, '--status', 'failed']);
    expect(failedOnly.out).to.contain('oom: out of memory').and.not.contain(' done ');

    const show = await cli(['runs', 'show', h2.slice(0, 8), '--work', work]);
    expect(show.code, show.out).to.equal(0);
    expect(show.out).to.contain(`run ${ids.get(h2)} ${h2}`).and.contain('error (oom): out of memory').and.contain('CUDA out of memory');

    const cmp = await cli(['runs', 'compare', String(ids.get(h1)), String(ids.get(h2)), '--work', work, '--json']);
    const c = JSON.parse(cmp.out.slice(cmp.out.indexOf('{')));
    expect(c.differences.map((d: { path: string }) => d.path)).to.deep.equal(['seed']);
    expect(c.results[0].deltaF1).to.be.closeTo(0.2, 1e-9);

    const csv = join(dir, 'runs.csv');
    const ex = await cli(['runs', 'export', '--csv', csv, '--work', work]);
    expect(ex.code, ex.out).to.equal(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines).to.have.length(3);
    expect(lines[1]).to.contain('two-seeds').and.contain(h1);
  });

  it('an unknown run and a foreign database give clear errors (exit 1), the file untouched', async () => {
    const none = await cli(['runs', 'show', 'ffffffff', '--work', work]);
    expect(none.code).to.equal(1);
    expect(none.out).to.contain("no run 'ffffffff'");
    const foreign = join(dir, 'other.db');
    const d = new Database(foreign);
    d.exec('CREATE TABLE notes (t TEXT)');
    d.close();
    const before = readFileSync(foreign);
    const r = await cli(['runs', 'list', '--db', foreign]);
    expect(r.code).to.equal(1);
    expect(r.out).to.contain('belongs to another application');
    expect(readFileSync(foreign).equals(before)).to.equal(true);
  });
});
