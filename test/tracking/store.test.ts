import { expect } from 'chai';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '../../src/errors.ts';
import { APPLICATION_ID, SCHEMA_VERSION, exportCsv, openStore, type NewRun, type TrackingStore } from '../../src/tracking/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const run = (hash: string, extra: Partial<NewRun> = {}): NewRun => ({
  hash,
  label: `biorex BioRED s${hash}`,
  configuration: 'biorex',
  mode: 'single',
  target: 'BioRED',
  externals: ['DDI'],
  plm: 'tiny',
  seed: 1,
  size: 1,
  identity: { h: hash },
  ...extra,
});

function expectUntouched(file: string, fn: () => unknown, message: RegExp): void {
  const before = readFileSync(file);
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'no error was raised').to.be.instanceOf(InputError);
  expect((err as Error).message).to.match(message);
  expect((err as Error).message).to.contain('this file was not modified');
  expect(readFileSync(file).equals(before), 'the file changed').to.equal(true);
  expect(existsSync(`${file}-wal`), 'a -wal file was left behind').to.equal(false);
}

describe('tracking: the SQLite store', () => {
  let dir: string;
  let store: TrackingStore | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-store-'));
  });
  afterEach(() => {
    store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a store: WAL, busy timeout, application id, schema version', () => {
    store = openStore(join(dir, 's.sqlite'));
    expect(store.db.pragma('journal_mode', { simple: true })).to.equal('wal');
    expect(store.db.pragma('busy_timeout', { simple: true })).to.be.at.least(1000);
    expect(store.db.pragma('application_id', { simple: true })).to.equal(APPLICATION_ID);
    expect(store.schemaVersion).to.equal(SCHEMA_VERSION);
    store.close();
    store = openStore(join(dir, 's.sqlite')); // reopening migrates nothing and keeps data
    expect(store.schemaVersion).to.equal(SCHEMA_VERSION);
  });

  it('turns an empty (0-byte) file into a store', () => {
    writeFileSync(join(dir, 'e.sqlite'), '');
    store = openStore(join(dir, 'e.sqlite'));
    expect(store.schemaVersion).to.equal(SCHEMA_VERSION);
  });

  it('refuses a file that is not SQLite, leaving it byte-identical', () => {
    const f = join(dir, 'notes.sqlite');
    writeFileSync(f, 'name,value\nlr,5e-5\n'.repeat(200));
    expectUntouched(f, () => openStore(f), /not a SQLite database/);
  });

  it("refuses another application's SQLite file, leaving it byte-identical", () => {
    const f = join(dir, 'foreign.sqlite');
    const db = new Database(f);
    db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada');");
    db.close();
    expectUntouched(f, () => openStore(f), /belongs to another application.*users/);
    expectUntouched(f, () => openStore(f, { readonly: true }), /belongs to another application/);
  });

  it('refuses a corrupted store, leaving it byte-identical', () => {
    const f = join(dir, 'corrupt.sqlite');
    store = openStore(f);
    const id = store.registerRun(run('a'.repeat(64)));
    store.logMetrics(id, Array.from({ length: 3000 }, (_, i) => ({ key: 'train/loss', step: i, value: 1 / (i + 1) })));
    store.close();
    store = undefined;
    const bytes = readFileSync(f);
    expect(bytes.length).to.be.greaterThan(4096 * 4);
    bytes.fill(0x5a, 4096 * 2, 4096 * 3); // garbage over the third page
    writeFileSync(f, bytes);
    expectUntouched(f, () => openStore(f), /corrupted/);
  });

  it('refuses a store written by a newer schema', () => {
    const f = join(dir, 'newer.sqlite');
    store = openStore(f);
    store.db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    store.close();
    store = undefined;
    expectUntouched(f, () => openStore(f), /newer than this biorex/);
  });

  it('claims runs atomically: busy while the claimer lives, taken over when it is gone', () => {
    store = openStore(join(dir, 's.sqlite'));
    const h = 'b'.repeat(64);
    store.registerRun(run(h));
    const me = { token: 't1', host: hostname(), pid: process.pid };
    const c1 = store.claimRun(h, me);
    expect(c1.claimed).to.equal(true);
    expect(c1.claimed && c1.previous).to.equal('pending');
    const other = { token: 't2', host: hostname(), pid: process.pid };
    const c2 = store.claimRun(h, other);
    expect(c2).to.deep.include({ claimed: false, reason: 'busy' });
    // A claimer on this host whose process is gone: its run is taken over as interrupted.
    store.db.prepare('UPDATE runs SET claim_pid = 999999999 WHERE hash = ?').run(h);
    const c3 = store.claimRun(h, other);
    expect(c3.claimed && c3.tookOver).to.equal(true);
    expect(c3.claimed && c3.previous).to.equal('interrupted');
    // The old claimer can no longer finish the run.
    expect(store.finishRun(c3.claimed ? c3.run.id : 0, 't1', { status: 'done' })).to.equal(false);
    // Another host's claim counts as alive until its heartbeat is stale.
    store.db.prepare("UPDATE runs SET claim_host = 'elsewhere', claim_token = 't9', heartbeat_at = ? WHERE hash = ?").run(Date.now() / 1000, h);
    expect(store.claimRun(h, me, { staleAfterS: 60 })).to.deep.include({ claimed: false, reason: 'busy' });
    store.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE hash = ?').run(Date.now() / 1000 - 120, h);
    const c4 = store.claimRun(h, me, { staleAfterS: 60 });
    expect(c4.claimed).to.equal(true);
    expect(store.finishRun(c4.claimed ? c4.run.id : 0, 't1', { status: 'done' })).to.equal(true);
    expect(store.claimRun(h, other)).to.deep.include({ claimed: false, reason: 'done' });
    expect(store.getRunByHash(h)!.attempts).to.equal(3);
  });

  it('stores metrics (a re-logged step replaces the old value), results, artifacts, environments', () => {
    store = openStore(join(dir, 's.sqlite'));
    const id = store.registerRun(run('c'.repeat(64)));
    const buf = store.metricsBuffer(id, { maxPoints: 10 });
    for (let i = 0; i < 25; i++) buf.add({ key: 'train/loss', step: i, value: i });
    expect(store.getMetrics(id)).to.have.length(20); // two full batches written, 5 pending
    buf.flush();
    store.logMetrics(id, [{ key: 'train/loss', step: 3, value: 0.5, epoch: 1 }]);
    const m = store.getMetrics(id, 'train/loss');
    expect(m).to.have.length(25);
    expect(m[3]).to.deep.equal({ key: 'train/loss', step: 3, value: 0.5, epoch: 1 });

    store.putResults(id, [
      { evalSet: 'BioRED/test', criterion: 'pair', pairType: 'all', tp: 8, fp: 2, fn: 2, precision: 0.8, recall: 0.8, f1: 0.8, scorer: 's' },
      { evalSet: 'BioRED/test', criterion: 'pair', pairType: 'Chemical|Gene', tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5, f1: 2 / 3, scorer: 's' },
    ]);
    store.putResults(id, [{ evalSet: 'BioRED/test', criterion: 'pair', pairType: 'all', tp: 9, fp: 1, fn: 1, precision: 0.9, recall: 0.9, f1: 0.9, scorer: 's' }]);
    expect(store.getResults({ runId: id }).map((r) => r.f1)).to.deep.equal([0.9]); // an eval set is replaced as a whole
    store.putArtifacts(id, [{ kind: 'predictions', path: 'predictions/test.jsonl', sha256: 'ab', bytes: 10 }]);
    expect(store.getArtifacts(id)).to.have.length(1);
    const env = { gitCommit: 'abc', gitDirty: true, node: 'v20', python: '3.11', host: 'h' };
    const e1 = store.recordEnvironment(env);
    expect(store.recordEnvironment({ ...env })).to.equal(e1);
    expect(store.getEnvironment(e1)).to.deep.equal(env);

    const csv = join(dir, 'out.csv');
    expect(exportCsv(store, csv)).to.equal(1);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0].split(',')).to.include.members(['hash', 'configuration', 'f1']);
    expect(lines[1]).to.contain('0.9').and.contain('c'.repeat(64));
  });

  it('resetRun (--rerun-failed) clears a failed run for a fresh start', () => {
    store = openStore(join(dir, 's.sqlite'));
    const h = 'd'.repeat(64);
    const id = store.registerRun(run(h));
    const c = store.claimRun(h, { token: 't', host: hostname(), pid: process.pid });
    expect(c.claimed).to.equal(true);
    store.logMetrics(id, [{ key: 'train/loss', step: 1, value: 1 }]);
    store.finishRun(id, 't', { status: 'failed', errorKind: 'oom', error: 'out of memory', stderrTail: 'tail' });
    store.resetRun(id);
    const r = store.getRunByHash(h)!;
    expect(r).to.include({ status: 'pending', error: null, errorKind: null, stderrTail: null });
    expect(store.getMetrics(id)).to.deep.equal([]);
    expect(store.statusOf([h]).get(h)).to.equal('missing');
    const again = store.claimRun(h, { token: 'u', host: hostname(), pid: process.pid });
    expect(again.claimed && again.previous).to.equal('pending'); // not a resume
  });

  it('two processes claiming the same runs concurrently: each run claimed once, no "database is locked"', async function () {
    this.timeout(60_000);
    const f = join(dir, 'shared.sqlite');
    store = openStore(f);
    const hashes = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(64, '0'));
    store.registerRuns(hashes.map((h) => run(h)));
    store.close();
    store = undefined;
    const child = join(REPO_ROOT, 'test/fixtures/experiments/claim-worker.ts');
    const exec = promisify(execFile);
    const outs = await Promise.all(
      [1, 2, 3].map(() => exec(process.execPath, ['--import', 'tsx', child, f, ...hashes], { cwd: REPO_ROOT })),
    );
    const claimed = outs.flatMap((o) => JSON.parse(o.stdout.trim().split('\n').pop()!) as string[]);
    for (const o of outs) expect(o.stderr).to.not.match(/locked|busy/i);
    expect(claimed.sort()).to.deep.equal([...hashes].sort()); // every run once, none twice
    store = openStore(f);
    for (const h of hashes) {
      const r = store.getRunByHash(h)!;
      expect(r.status).to.equal('done');
      expect(r.attempts).to.equal(1);
      expect(store.getMetrics(r.id)).to.have.length(200);
    }
  });
});
