// Fault tests with the REAL trainer on a tiny model (sample corpus, 6 documents, 3 short epochs):
// kill -9 of the trainer, Ctrl-C of the orchestrator, two orchestrators on one store.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type RunRecord } from '../../src/tracking/index.ts';
import {
  HAVE_PYTHON,
  alive,
  processGroup,
  readPredictions,
  startCli,
  tinyPlm,
  writeSpec,
  type CliRun,
} from '../fixtures/experiments/harness.ts';

const describeWithTrainer = HAVE_PYTHON ? describe : describe.skip;

function onlyRun(db: string): RunRecord & { attemptRows: ReturnType<ReturnType<typeof openStore>['attemptsOf']> } {
  const store = openStore(db, { readonly: true });
  try {
    const runs = store.listRuns();
    expect(runs).to.have.length(1);
    return { ...runs[0], attemptRows: store.attemptsOf(runs[0].id) };
  } finally {
    store.close();
  }
}

function expectSamePredictions(a: string, b: string): void {
  const pa = readPredictions(a);
  const pb = readPredictions(b);
  expect(pb.map((p) => p.id)).to.deep.equal(pa.map((p) => p.id));
  expect(pb.map((p) => p.label)).to.deep.equal(pa.map((p) => p.label));
  pa.forEach((p, i) => {
    for (const [label, prob] of Object.entries(p.probs)) expect(pb[i].probs[label], `${p.id} ${label}`).to.be.closeTo(prob, 1e-5);
  });
}

describeWithTrainer('runner: faults with the real trainer', function () {
  this.timeout(600_000);
  let dir: string;
  let plm: string;
  let spec: string;
  let reference: Promise<string>; // predictions of an undisturbed run
  const running: CliRun[] = [];
  const cli = (args: string[]) => {
    const r = startCli(args);
    running.push(r);
    return r;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-faults-'));
    plm = await tinyPlm();
    spec = writeSpec(dir, 'faults', plm);
    const ref = join(dir, 'ref');
    reference = (async () => {
      const r = cli(['run', spec, '--work', ref, '--progress', 'lines']);
      const { code } = await r.exited;
      expect(code, r.output()).to.equal(0);
      return join(onlyRun(join(ref, 'biorex.sqlite')).runDir!, 'predictions', 'test.jsonl');
    })();
    reference.catch(() => undefined);
  });
  after(() => {
    for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('kill -9 of the trainer: the run is marked failed with its stderr tail; the next run resumes it to the same predictions', async () => {
    const work = join(dir, 'kill');
    const db = join(work, 'biorex.sqlite');
    const first = cli(['run', spec, '--work', work, '--progress', 'lines']);
    const pid = Number((await first.waitFor(/trainer pid (\d+)/))[1]);
    await first.waitFor(/checkpoint \(epoch, epoch 1,/);
    process.kill(pid, 'SIGKILL');
    const { code } = await first.exited;
    expect(code, first.output()).to.equal(1);
    const failed = onlyRun(db);
    expect(failed.status).to.equal('failed');
    expect(failed.errorKind).to.equal('killed');
    expect(failed.error).to.contain('SIGKILL');
    expect(failed.stderrTail).to.match(/biorex_trainer/); // the trainer's own log lines
    expect(processGroup(pid)).to.deep.equal([]);

    const second = cli(['run', spec, '--work', work, '--progress', 'lines']);
    await second.waitFor(/resume +\w+ original Sample s1/);
    expect((await second.exited).code, second.output()).to.equal(0);
    const done = onlyRun(db);
    expect(done.status).to.equal('done');
    expect(done.error).to.equal(null);
    expect(done.attemptRows.map((a) => [a.resumed, a.outcome])).to.deep.equal([
      [false, 'failed'],
      [true, 'done'],
    ]);
    expectSamePredictions(await reference, join(done.runDir!, 'predictions', 'test.jsonl'));
  });

  it('SIGINT of the orchestrator: exit 130, no orphan Python, the run marked interrupted, then resumed', async () => {
    const work = join(dir, 'sigint');
    const db = join(work, 'biorex.sqlite');
    const first = cli(['run', spec, '--work', work, '--progress', 'lines']);
    const pid = Number((await first.waitFor(/trainer pid (\d+)/))[1]);
    await first.waitFor(/checkpoint \(epoch, epoch 1,/);
    first.child.kill('SIGINT'); // the orchestrator only: it must forward the signal itself
    const exit = await first.exited;
    expect(exit.code, first.output()).to.equal(130);
    expect(alive(pid)).to.equal(false);
    expect(processGroup(pid)).to.deep.equal([]);
    const run = onlyRun(db);
    expect(run.status).to.equal('interrupted');
    expect(run.claim).to.equal(null);
    expect(run.attemptRows[0].outcome).to.equal('interrupted');
    expect(first.output()).to.match(/stopped by SIGINT/);

    const second = cli(['run', spec, '--work', work, '--progress', 'lines']);
    expect((await second.exited).code, second.output()).to.equal(0);
    const done = onlyRun(db);
    expect(done.status).to.equal('done');
    expect(done.attemptRows.map((a) => a.resumed)).to.deep.equal([false, true]);
    expectSamePredictions(await reference, join(done.runDir!, 'predictions', 'test.jsonl'));
  });

  it('two orchestrators on one store at once: both finish, no "database is locked", no run trained twice', async () => {
    const work = join(dir, 'concurrent');
    const db = join(work, 'biorex.sqlite');
    // Three seeds, one epoch each.
    const spec3 = writeSpec(dir, 'three', plm);
    writeFileSync(spec3, readFileSync(spec3, 'utf8').replace('seeds: [1]', 'seeds: [1, 2, 3]').replace('epochs: 3', 'epochs: 1'));
    const a = cli(['run', spec3, '--work', work, '--progress', 'lines']);
    const b = cli(['run', spec3, '--work', work, '--progress', 'lines']);
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea.code, a.output()).to.equal(0);
    expect(eb.code, b.output()).to.equal(0);
    for (const r of [a, b]) expect(r.output()).to.not.match(/database is locked|SQLITE_BUSY/i);
    const started = (r: CliRun) => [...r.output().matchAll(/start {2}(\w+)/g)].map((m) => m[1]);
    expect([...started(a), ...started(b)].sort()).to.have.length(3);
    expect(new Set([...started(a), ...started(b)]).size).to.equal(3); // no run started by both
    const store = openStore(db, { readonly: true });
    try {
      const runs = store.listRuns();
      expect(runs).to.have.length(3);
      for (const r of runs) {
        expect(r.status).to.equal('done');
        expect(store.attemptsOf(r.id), r.label).to.have.length(1); // one trainer start per run
      }
    } finally {
      store.close();
    }
  });
});
