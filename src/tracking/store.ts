// The tracking store: one SQLite file (WAL, busy timeout, numbered migrations). Every write runs in
// an IMMEDIATE transaction, so concurrent orchestrators queue on the busy timeout instead of
// failing with "database is locked"; runs are claimed atomically, with a heartbeat so that a dead
// claimer's run can be taken over.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { InputError } from '../errors.ts';
import { pidAlive } from '../files.ts';
import { sha256 } from '../hashing.ts';
import { APPLICATION_ID, EXPECTED_TABLES, MIGRATIONS, SCHEMA_VERSION } from './schema.ts';

export type RunStatus = 'pending' | 'running' | 'done' | 'failed' | 'interrupted';

/** What describes a run before it exists in the store (and stays part of its record). */
interface RunDescription {
  hash: string;
  label: string;
  configuration: string;
  mode: string;
  target: string;
  externals: string[];
  plm: string;
  seed: number;
  size: number;
  identity: Record<string, unknown>;
}

export interface RunRecord extends RunDescription {
  id: number;
  fold: number | null;
  config: Record<string, unknown> | null;
  runDir: string | null;
  status: RunStatus;
  claim: { token: string; host: string; pid: number; heartbeatAt: number } | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationS: number | null;
  timings: Record<string, unknown> | null;
  errorKind: string | null;
  error: string | null;
  stderrTail: string | null;
  environmentId: number | null;
}

export interface NewRun extends RunDescription {
  fold?: number;
}

export interface ExperimentRecord {
  id: number;
  name: string;
  title: string | null;
  specPath: string | null;
  profile: string | null;
  reference: string | null;
  spec: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ExperimentRunLink {
  runId: number;
  rowIndex: number;
  rowLabel?: string;
  pair?: string;
}

export interface MetricPoint {
  key: string;
  step: number;
  value: number | null;
  epoch?: number;
}

export interface ResultRow {
  evalSet: string;
  criterion: string;
  pairType: string;
  tp: number | null;
  fp: number | null;
  fn: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  scorer: string;
}

export interface ArtifactRow {
  kind: string;
  path: string;
  sha256: string | null;
  bytes: number | null;
}

export interface Environment {
  gitCommit?: string | null;
  gitDirty?: boolean | null;
  node?: string | null;
  python?: string | null;
  torch?: string | null;
  transformers?: string | null;
  cuda?: string | null;
  gpu?: string | null;
  host?: string | null;
  platform?: string | null;
  [extra: string]: unknown;
}

export interface Claimer {
  token: string;
  host: string;
  pid: number;
}

export type ClaimResult =
  | { claimed: true; run: RunRecord; previous: RunStatus; tookOver: boolean }
  | { claimed: false; reason: 'done' | 'busy' | 'missing'; run?: RunRecord };

export interface OpenOptions {
  readonly?: boolean;
  /** Milliseconds a writer waits for another writer (default 30 s). */
  busyTimeoutMs?: number;
  /** Run `PRAGMA quick_check` before opening an existing file (default true). */
  check?: boolean;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const now = () => new Date().toISOString();
const nowS = () => Date.now() / 1000;

/**
 * Opens (creating if needed) a tracking store. An existing file is first inspected read-only: a
 * file that is not SQLite, is corrupted, or is another application's database raises an
 * InputError and is left byte-for-byte untouched.
 */
export function openStore(file: string, opts: OpenOptions = {}): TrackingStore {
  const exists = existsSync(file) && statSync(file).size > 0;
  if (exists) inspectHeader(file);
  else if (opts.readonly) {
    throw new InputError({
      file,
      message: 'no tracking store here yet',
      fix: 'run an experiment first (`biorex run SPEC`) or pass --db with the store to read',
    });
  }
  const db = new Database(file, { readonly: !!opts.readonly, timeout: opts.busyTimeoutMs ?? 30_000 });
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 30_000}`);
    // Check an existing file before the first write (journal mode, migrations) could touch it.
    if (exists) checkOpened(db, file, opts.check !== false);
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrate(db);
    return new TrackingStore(db, file);
  } catch (err) {
    db.close();
    if (err instanceof InputError) throw err;
    const code = (err as { code?: string }).code ?? '';
    throw storeError(file, `cannot use this SQLite file (${code ? code + ': ' : ''}${(err as Error).message}) — it is corrupted or not a biorex store`, CORRUPT_FIX);
  }
}

const UNTOUCHED = 'this file was not modified';
const CORRUPT_FIX = `restore it from a backup or start a new store with --db; ${UNTOUCHED}`;

function storeError(file: string, message: string, fix?: string): InputError {
  return new InputError({ file, message, fix: fix ?? `pass --db with a biorex tracking store (or a new file name); ${UNTOUCHED}` });
}

/**
 * Reads the 100-byte SQLite header (no SQLite connection, so nothing can be written): the magic
 * string, user_version (offset 60), application_id (offset 68), schema cookie (offset 40).
 */
function inspectHeader(file: string): void {
  const head = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 || !head.subarray(0, 16).equals(SQLITE_HEADER)) {
    throw storeError(file, 'not a SQLite database (the file does not start with the SQLite header)');
  }
  const schemaCookie = head.readUInt32BE(40);
  const version = head.readUInt32BE(60);
  const appId = head.readInt32BE(68);
  if (appId !== APPLICATION_ID) {
    if (appId === 0 && schemaCookie === 0) return; // an empty SQLite file: becomes a store
    throw storeError(file, `this SQLite file belongs to another application (application_id ${appId}${foreignTables(file)})`);
  }
  if (version > SCHEMA_VERSION) {
    throw storeError(file, `the store has schema version ${version}, newer than this biorex (${SCHEMA_VERSION})`, `upgrade biorex-workbench; ${UNTOUCHED}`);
  }
}

/** Table names of a foreign file, read from an in-memory copy (small files only), for the message. */
function foreignTables(file: string): string {
  if (statSync(file).size > 16 << 20) return '';
  let mem: Database.Database | undefined;
  try {
    mem = new Database(readFileSync(file));
    const names = (mem.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    return names.length ? `, tables: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}` : '';
  } catch {
    return '';
  } finally {
    mem?.close();
  }
}

/** Integrity and expected tables of an existing store, through a connection that has written nothing. */
function checkOpened(db: Database.Database, file: string, quick: boolean): void {
  if (quick) {
    const res = db.pragma('quick_check(1)', { simple: true });
    if (res !== 'ok') throw storeError(file, `the SQLite file is corrupted (quick_check: ${String(res)})`, CORRUPT_FIX);
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    const missing = EXPECTED_TABLES.filter((t) => !tables.includes(t));
    if (missing.length) throw storeError(file, `the store lacks table(s) ${missing.join(', ')}`, CORRUPT_FIX);
  }
}

function migrate(db: Database.Database): void {
  const apply = db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    for (const m of MIGRATIONS) {
      if (m.version <= version) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) {
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
  });
  apply.immediate();
}

interface RunRow {
  id: number;
  hash: string;
  label: string;
  configuration: string;
  mode: string;
  target: string;
  externals: string;
  plm: string;
  seed: number;
  size: number;
  fold: number | null;
  identity_json: string;
  config_json: string | null;
  run_dir: string | null;
  status: RunStatus;
  claim_token: string | null;
  claim_host: string | null;
  claim_pid: number | null;
  heartbeat_at: number | null;
  attempts: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_s: number | null;
  timings_json: string | null;
  error_kind: string | null;
  error: string | null;
  stderr_tail: string | null;
  environment_id: number | null;
}

function toRun(r: RunRow): RunRecord {
  return {
    id: r.id,
    hash: r.hash,
    label: r.label,
    configuration: r.configuration,
    mode: r.mode,
    target: r.target,
    externals: JSON.parse(r.externals),
    plm: r.plm,
    seed: r.seed,
    size: r.size,
    fold: r.fold,
    identity: JSON.parse(r.identity_json),
    config: r.config_json ? JSON.parse(r.config_json) : null,
    runDir: r.run_dir,
    status: r.status,
    claim:
      r.claim_token !== null
        ? { token: r.claim_token, host: r.claim_host ?? '', pid: r.claim_pid ?? 0, heartbeatAt: r.heartbeat_at ?? 0 }
        : null,
    attempts: r.attempts,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationS: r.duration_s,
    timings: r.timings_json ? JSON.parse(r.timings_json) : null,
    errorKind: r.error_kind,
    error: r.error,
    stderrTail: r.stderr_tail,
    environmentId: r.environment_id,
  };
}

export class TrackingStore {
  constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {}

  close(): void {
    if (this.db.open) this.db.close();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** Runs `fn` in an IMMEDIATE transaction (takes the write lock up front: no upgrade deadlock). */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ---- experiments -----------------------------------------------------------------------------

  upsertExperiment(e: { name: string; title?: string; specPath?: string; profile?: string; reference?: string; spec: object }): number {
    return this.write(() => {
      const t = now();
      this.db
        .prepare(
          `INSERT INTO experiments (name, title, spec_path, profile, reference, spec_json, created_at, updated_at)
           VALUES (@name, @title, @specPath, @profile, @reference, @spec, @t, @t)
           ON CONFLICT(name) DO UPDATE SET title = excluded.title, spec_path = excluded.spec_path,
             profile = excluded.profile, reference = excluded.reference, spec_json = excluded.spec_json, updated_at = excluded.updated_at`,
        )
        .run({
          name: e.name,
          title: e.title ?? null,
          specPath: e.specPath ?? null,
          profile: e.profile ?? null,
          reference: e.reference ?? null,
          spec: JSON.stringify(e.spec),
          t,
        });
      return (this.db.prepare('SELECT id FROM experiments WHERE name = ?').get(e.name) as { id: number }).id;
    });
  }

  /** Replaces the experiment's run links (which runs fill which rows). */
  setExperimentRuns(experimentId: number, links: ExperimentRunLink[]): void {
    this.write(() => {
      this.db.prepare('DELETE FROM experiment_runs WHERE experiment_id = ?').run(experimentId);
      const ins = this.db.prepare(
        'INSERT OR IGNORE INTO experiment_runs (experiment_id, run_id, row_index, row_label, pair) VALUES (?, ?, ?, ?, ?)',
      );
      for (const l of links) ins.run(experimentId, l.runId, l.rowIndex, l.rowLabel ?? null, l.pair ?? null);
    });
  }

  listExperiments(): (ExperimentRecord & { runs: number; done: number })[] {
    const rows = this.db
      .prepare(
        `SELECT e.*, COUNT(DISTINCT er.run_id) AS runs,
                COUNT(DISTINCT CASE WHEN r.status = 'done' THEN r.id END) AS done
         FROM experiments e LEFT JOIN experiment_runs er ON er.experiment_id = e.id
         LEFT JOIN runs r ON r.id = er.run_id GROUP BY e.id ORDER BY e.name`,
      )
      .all() as (Record<string, unknown> & { runs: number; done: number })[];
    return rows.map((r) => ({ ...toExperiment(r), runs: r.runs, done: r.done }));
  }

  getExperiment(name: string): ExperimentRecord | undefined {
    const r = this.db.prepare('SELECT * FROM experiments WHERE name = ?').get(name) as Record<string, unknown> | undefined;
    return r ? toExperiment(r) : undefined;
  }

  /** The runs of an experiment with the rows they fill (one entry per run × row). */
  experimentRuns(name: string): (RunRecord & { rowIndex: number; rowLabel: string | null; pair: string | null })[] {
    const rows = this.db
      .prepare(
        `SELECT r.*, er.row_index, er.row_label, er.pair FROM runs r
         JOIN experiment_runs er ON er.run_id = r.id JOIN experiments e ON e.id = er.experiment_id
         WHERE e.name = ? ORDER BY r.id, er.row_index`,
      )
      .all(name) as (RunRow & { row_index: number; row_label: string | null; pair: string | null })[];
    return rows.map((r) => ({ ...toRun(r), rowIndex: r.row_index, rowLabel: r.row_label, pair: r.pair }));
  }

  // ---- runs --------------------------------------------------------------------------------------

  /** Inserts the run if its hash is new; returns its id either way. */
  registerRun(r: NewRun): number {
    return this.write(() => this.registerRunInTx(r));
  }

  registerRuns(runs: NewRun[]): number[] {
    return this.write(() => runs.map((r) => this.registerRunInTx(r)));
  }

  private registerRunInTx(r: NewRun): number {
    this.db
      .prepare(
        `INSERT INTO runs (hash, label, configuration, mode, target, externals, plm, seed, size, fold, identity_json, created_at)
         VALUES (@hash, @label, @configuration, @mode, @target, @externals, @plm, @seed, @size, @fold, @identity, @t)
         ON CONFLICT(hash) DO NOTHING`,
      )
      .run({
        ...r,
        externals: JSON.stringify(r.externals),
        fold: r.fold ?? null,
        identity: JSON.stringify(r.identity),
        t: now(),
      });
    return (this.db.prepare('SELECT id FROM runs WHERE hash = ?').get(r.hash) as { id: number }).id;
  }

  getRunByHash(hash: string): RunRecord | undefined {
    const r = this.db.prepare('SELECT * FROM runs WHERE hash = ?').get(hash) as RunRow | undefined;
    return r ? toRun(r) : undefined;
  }

  getRunById(id: number): RunRecord | undefined {
    const r = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return r ? toRun(r) : undefined;
  }

  /** A run by id (`12`, `#12`) or by a unique hash prefix (≥ 4 hex digits). */
  findRun(ref: string): RunRecord {
    const trimmed = ref.trim();
    const asId = /^#?(\d+)$/.exec(trimmed);
    if (asId && (trimmed.startsWith('#') || trimmed.length < 4)) {
      const r = this.getRunById(Number(asId[1]));
      if (r) return r;
    } else if (/^[0-9a-f]{4,64}$/i.test(trimmed)) {
      const rows = this.db.prepare('SELECT * FROM runs WHERE hash LIKE ? LIMIT 3').all(trimmed.toLowerCase() + '%') as RunRow[];
      if (rows.length === 1) return toRun(rows[0]);
      if (rows.length > 1) {
        throw new InputError({ file: this.file, message: `run '${ref}' is ambiguous (several hashes start with it)`, fix: 'give more digits of the hash' });
      }
      const r = asId ? this.getRunById(Number(asId[1])) : undefined;
      if (r) return r;
    }
    throw new InputError({ file: this.file, message: `no run '${ref}'`, fix: 'use a run id or hash prefix from `biorex runs list`' });
  }

  listRuns(filter: { experiment?: string; status?: RunStatus | RunStatus[] } = {}): RunRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.experiment) {
      where.push('r.id IN (SELECT er.run_id FROM experiment_runs er JOIN experiments e ON e.id = er.experiment_id WHERE e.name = ?)');
      params.push(filter.experiment);
    }
    if (filter.status) {
      const s = [filter.status].flat();
      where.push(`r.status IN (${s.map(() => '?').join(',')})`);
      params.push(...s);
    }
    const rows = this.db
      .prepare(`SELECT r.* FROM runs r ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY r.id`)
      .all(...params) as RunRow[];
    return rows.map(toRun);
  }

  /** Status of each hash ('missing' when the store has never seen it or it never started). */
  statusOf(hashes: string[]): Map<string, RunStatus | 'missing'> {
    const out = new Map<string, RunStatus | 'missing'>();
    const get = this.db.prepare('SELECT status FROM runs WHERE hash = ?');
    for (const h of hashes) {
      const r = get.get(h) as { status: RunStatus } | undefined;
      out.set(h, !r || r.status === 'pending' ? 'missing' : r.status);
    }
    return out;
  }

  /**
   * Atomically claims a run for training. A run that is done is never claimed; a running run is
   * taken over only when its claimer is gone (same host and pid dead, or no heartbeat for
   * `staleAfterS` seconds).
   */
  claimRun(hash: string, claimer: Claimer, opts: { staleAfterS?: number } = {}): ClaimResult {
    const stale = opts.staleAfterS ?? 60;
    return this.write(() => {
      const row = this.db.prepare('SELECT * FROM runs WHERE hash = ?').get(hash) as RunRow | undefined;
      if (!row) return { claimed: false, reason: 'missing' } as const;
      if (row.status === 'done') return { claimed: false, reason: 'done', run: toRun(row) } as const;
      let tookOver = false;
      if (row.status === 'running' && row.claim_token !== claimer.token) {
        const fresh = (row.heartbeat_at ?? 0) > nowS() - stale;
        const alive = row.claim_host === claimer.host ? pidAlive(row.claim_pid ?? 0) && fresh : fresh;
        if (alive) return { claimed: false, reason: 'busy', run: toRun(row) } as const;
        tookOver = true;
      }
      this.db
        .prepare(
          `UPDATE runs SET status = 'running', claim_token = ?, claim_host = ?, claim_pid = ?, heartbeat_at = ?,
             attempts = attempts + 1, started_at = COALESCE(started_at, ?), error_kind = NULL, error = NULL
           WHERE id = ?`,
        )
        .run(claimer.token, claimer.host, claimer.pid, nowS(), now(), row.id);
      const run = toRun(this.db.prepare('SELECT * FROM runs WHERE id = ?').get(row.id) as RunRow);
      // A stale 'running' run was interrupted by its claimer's death.
      return { claimed: true, run, previous: tookOver ? 'interrupted' : row.status, tookOver } as const;
    });
  }

  /** Refreshes the heartbeat of every run this claimer holds. */
  heartbeat(token: string): void {
    this.write(() => this.db.prepare(`UPDATE runs SET heartbeat_at = ? WHERE claim_token = ? AND status = 'running'`).run(nowS(), token));
  }

  setRunConfig(runId: number, config: object, runDir: string): void {
    this.write(() => this.db.prepare('UPDATE runs SET config_json = ?, run_dir = ? WHERE id = ?').run(JSON.stringify(config), runDir, runId));
  }

  /** Ends a claim; returns false (and changes nothing) when the claim was taken over meanwhile. */
  finishRun(
    runId: number,
    token: string,
    end: {
      status: Exclude<RunStatus, 'pending' | 'running'>;
      errorKind?: string | null;
      error?: string | null;
      stderrTail?: string | null;
      timings?: object | null;
      durationS?: number | null;
      environmentId?: number | null;
    },
  ): boolean {
    return this.write(() => {
      const res = this.db
        .prepare(
          `UPDATE runs SET status = @status, claim_token = NULL, claim_host = NULL, claim_pid = NULL, heartbeat_at = NULL,
             finished_at = @t, error_kind = @errorKind, error = @error, stderr_tail = @stderrTail,
             timings_json = COALESCE(@timings, timings_json), duration_s = COALESCE(@durationS, duration_s),
             environment_id = COALESCE(@environmentId, environment_id)
           WHERE id = @runId AND claim_token = @token`,
        )
        .run({
          status: end.status,
          t: now(),
          errorKind: end.errorKind ?? null,
          error: end.error ?? null,
          stderrTail: end.stderrTail ?? null,
          timings: end.timings ? JSON.stringify(end.timings) : null,
          durationS: end.durationS ?? null,
          environmentId: end.environmentId ?? null,
          runId,
          token,
        });
      return res.changes === 1;
    });
  }

  /** Marks a run to be trained again from scratch (`biorex run --rerun-failed`). */
  resetRun(runId: number): void {
    this.write(() => {
      this.db.prepare(`UPDATE runs SET status = 'pending', error = NULL, error_kind = NULL, stderr_tail = NULL, finished_at = NULL WHERE id = ? AND status != 'running'`).run(runId);
      this.db.prepare('DELETE FROM metrics WHERE run_id = ?').run(runId);
      this.db.prepare('DELETE FROM results WHERE run_id = ?').run(runId);
      this.db.prepare('DELETE FROM artifacts WHERE run_id = ?').run(runId);
    });
  }

  // ---- attempts ----------------------------------------------------------------------------------

  startAttempt(runId: number, a: { resumed: boolean; trainerPid?: number }): number {
    return this.write(() => {
      const n = ((this.db.prepare('SELECT MAX(attempt) AS n FROM attempts WHERE run_id = ?').get(runId) as { n: number | null }).n ?? 0) + 1;
      this.db
        .prepare('INSERT INTO attempts (run_id, attempt, resumed, host, pid, trainer_pid, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(runId, n, a.resumed ? 1 : 0, hostname(), process.pid, a.trainerPid ?? null, now());
      return n;
    });
  }

  endAttempt(runId: number, attempt: number, e: { outcome: string; exitCode?: number | null; signal?: string | null }): void {
    this.write(() =>
      this.db
        .prepare('UPDATE attempts SET ended_at = ?, outcome = ?, exit_code = ?, signal = ? WHERE run_id = ? AND attempt = ?')
        .run(now(), e.outcome, e.exitCode ?? null, e.signal ?? null, runId, attempt),
    );
  }

  attemptsOf(runId: number): { attempt: number; resumed: boolean; host: string; pid: number; trainerPid: number | null; startedAt: string; endedAt: string | null; outcome: string | null; exitCode: number | null; signal: string | null }[] {
    return (this.db.prepare('SELECT * FROM attempts WHERE run_id = ? ORDER BY attempt').all(runId) as Record<string, unknown>[]).map((a) => ({
      attempt: a.attempt as number,
      resumed: a.resumed === 1,
      host: a.host as string,
      pid: a.pid as number,
      trainerPid: (a.trainer_pid as number | null) ?? null,
      startedAt: a.started_at as string,
      endedAt: (a.ended_at as string | null) ?? null,
      outcome: (a.outcome as string | null) ?? null,
      exitCode: (a.exit_code as number | null) ?? null,
      signal: (a.signal as string | null) ?? null,
    }));
  }

  // ---- metrics -----------------------------------------------------------------------------------

  /** Inserts step metrics in one transaction (a re-logged step after a resume replaces the old value). */
  logMetrics(runId: number, points: MetricPoint[]): void {
    if (points.length === 0) return;
    this.metricsTx ??= (() => {
      const ins = this.db.prepare('INSERT OR REPLACE INTO metrics (run_id, key, step, value, epoch) VALUES (?, ?, ?, ?, ?)');
      return this.db.transaction((id: number, batch: MetricPoint[]) => {
        for (const p of batch) ins.run(id, p.key, p.step, p.value, p.epoch ?? null);
      });
    })();
    this.metricsTx.immediate(runId, points);
  }
  private metricsTx?: Database.Transaction<(id: number, batch: MetricPoint[]) => void>;

  metricsBuffer(runId: number, opts: { maxPoints?: number; maxAgeMs?: number } = {}): MetricsBuffer {
    return new MetricsBuffer(this, runId, opts.maxPoints ?? 1000, opts.maxAgeMs ?? 2000);
  }

  getMetrics(runId: number, key?: string): MetricPoint[] {
    const rows = (key
      ? this.db.prepare('SELECT key, step, value, epoch FROM metrics WHERE run_id = ? AND key = ? ORDER BY key, step').all(runId, key)
      : this.db.prepare('SELECT key, step, value, epoch FROM metrics WHERE run_id = ? ORDER BY key, step').all(runId)) as {
      key: string;
      step: number;
      value: number | null;
      epoch: number | null;
    }[];
    return rows.map((r) => ({ key: r.key, step: r.step, value: r.value, ...(r.epoch !== null ? { epoch: r.epoch } : {}) }));
  }

  // ---- results and artifacts -----------------------------------------------------------------

  /** Replaces the run's results for the eval sets present in `rows`. */
  putResults(runId: number, rows: ResultRow[]): void {
    this.write(() => {
      const del = this.db.prepare('DELETE FROM results WHERE run_id = ? AND eval_set = ?');
      for (const set of new Set(rows.map((r) => r.evalSet))) del.run(runId, set);
      const ins = this.db.prepare(
        `INSERT INTO results (run_id, eval_set, criterion, pair_type, tp, fp, fn, precision, recall, f1, scorer, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const t = now();
      for (const r of rows) ins.run(runId, r.evalSet, r.criterion, r.pairType, r.tp, r.fp, r.fn, r.precision, r.recall, r.f1, r.scorer, t);
    });
  }

  getResults(filter: { runId?: number; experiment?: string; criterion?: string; evalSet?: string; pairType?: string } = {}): (ResultRow & { runId: number })[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.runId !== undefined) (where.push('res.run_id = ?'), params.push(filter.runId));
    if (filter.experiment) {
      where.push('res.run_id IN (SELECT er.run_id FROM experiment_runs er JOIN experiments e ON e.id = er.experiment_id WHERE e.name = ?)');
      params.push(filter.experiment);
    }
    if (filter.criterion) (where.push('res.criterion = ?'), params.push(filter.criterion));
    if (filter.evalSet) (where.push('res.eval_set = ?'), params.push(filter.evalSet));
    if (filter.pairType) (where.push('res.pair_type = ?'), params.push(filter.pairType));
    const rows = this.db
      .prepare(`SELECT * FROM results res ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY run_id, eval_set, criterion, pair_type`)
      .all(...params) as Record<string, unknown>[];
    return rows.map((r) => ({
      runId: r.run_id as number,
      evalSet: r.eval_set as string,
      criterion: r.criterion as string,
      pairType: r.pair_type as string,
      tp: r.tp as number | null,
      fp: r.fp as number | null,
      fn: r.fn as number | null,
      precision: r.precision as number | null,
      recall: r.recall as number | null,
      f1: r.f1 as number | null,
      scorer: r.scorer as string,
    }));
  }

  putArtifacts(runId: number, rows: ArtifactRow[]): void {
    this.write(() => {
      const ins = this.db.prepare('INSERT OR REPLACE INTO artifacts (run_id, kind, path, sha256, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      const t = now();
      for (const a of rows) ins.run(runId, a.kind, a.path, a.sha256, a.bytes, t);
    });
  }

  getArtifacts(runId: number): ArtifactRow[] {
    return this.db.prepare('SELECT kind, path, sha256, bytes FROM artifacts WHERE run_id = ? ORDER BY kind, path').all(runId) as ArtifactRow[];
  }

  // ---- environment -------------------------------------------------------------------------------

  /** Stores an environment description (deduplicated by content); returns its id. */
  recordEnvironment(env: Environment): number {
    const json = JSON.stringify(env, Object.keys(env).sort());
    const hash = sha256(json);
    return this.write(() => {
      this.db
        .prepare(
          `INSERT INTO environments (hash, git_commit, git_dirty, node, python, torch, transformers, cuda, gpu, host, platform, json, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(hash) DO NOTHING`,
        )
        .run(
          hash,
          env.gitCommit ?? null,
          env.gitDirty === undefined || env.gitDirty === null ? null : env.gitDirty ? 1 : 0,
          env.node ?? null,
          env.python ?? null,
          env.torch ?? null,
          env.transformers ?? null,
          env.cuda ?? null,
          env.gpu ?? null,
          env.host ?? null,
          env.platform ?? null,
          json,
          now(),
        );
      return (this.db.prepare('SELECT id FROM environments WHERE hash = ?').get(hash) as { id: number }).id;
    });
  }

  getEnvironment(id: number): Environment | undefined {
    const r = this.db.prepare('SELECT json FROM environments WHERE id = ?').get(id) as { json: string } | undefined;
    return r ? (JSON.parse(r.json) as Environment) : undefined;
  }
}

function toExperiment(r: Record<string, unknown>): ExperimentRecord {
  return {
    id: r.id as number,
    name: r.name as string,
    title: (r.title as string | null) ?? null,
    specPath: (r.spec_path as string | null) ?? null,
    profile: (r.profile as string | null) ?? null,
    reference: (r.reference as string | null) ?? null,
    spec: JSON.parse(r.spec_json as string),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

/** Collects step metrics and writes them in batches (one transaction per batch). */
export class MetricsBuffer {
  private points: MetricPoint[] = [];
  private firstAt = 0;
  constructor(
    private readonly store: TrackingStore,
    private readonly runId: number,
    private readonly maxPoints: number,
    private readonly maxAgeMs: number,
  ) {}

  add(p: MetricPoint): void {
    if (this.points.length === 0) this.firstAt = Date.now();
    this.points.push(p);
    if (this.points.length >= this.maxPoints || Date.now() - this.firstAt >= this.maxAgeMs) this.flush();
  }

  flush(): void {
    if (this.points.length === 0) return;
    const batch = this.points;
    this.points = [];
    this.store.logMetrics(this.runId, batch);
  }
}
