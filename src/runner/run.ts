// `biorex run`: plan the experiment, then train every run that is not done — one run per device
// slot — through the trainer bridge, recording everything in the tracking store. Runs are claimed
// atomically in the store, so several orchestrators can share one store without training a run
// twice; failed and interrupted runs resume from their last checkpoint.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadSpecFile, runPlm, type LoadedSpec, type ResolvedSpecs } from '../experiments/index.ts';
import { withDirLock, writeFileAtomicSync } from '../files.ts';
import { sha256, sha256File } from '../hashing.ts';
import { pythonPath, TINY_PLM_ARGS, trainerEnv } from '../python.ts';
import { openStore, type ArtifactRow, type Claimer, type MetricPoint, type RunStatus, type TrackingStore } from '../tracking/index.ts';
import { deriveRunFiles, type RunFiles } from './derive.ts';
import { deviceSlots, type DeviceSlot } from './devices.ts';
import { exportedFor, exportPlm } from './encoders.ts';
import { localEnvironment, withTrainerStart } from './environment.ts';
import { defaultInstanceProvider, type InstanceProvider } from './instances.ts';
import { planExperiment, planStatuses, recordPlan, type PlannedRun } from './plan.ts';
import { createProgress, type ProgressMode, type ProgressReporter, type RunInfo } from './progress.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { scoreRunOutputs } from './score.ts';
import { TrainerProcess, type TrainerEvent, type TrainerExit } from './trainer.ts';

export interface RunExperimentOptions {
  /** Path of the experiment spec (YAML). */
  spec: string;
  profile?: string;
  /** The spec already loaded and validated (one document of a multi-experiment file); `spec` then only names its file. */
  loaded?: LoadedSpec;
  /** Tracking store (SQLite file). */
  db: string;
  /** Work dir: instance-set cache (`instances/`) and run dirs (`runs/<hash>/`). */
  work: string;
  /** Parallel runs (default: one per visible GPU, else 1). */
  jobs?: number;
  /** Ignore GPUs. */
  cpu?: boolean;
  /** Start failed/interrupted runs over instead of resuming them. */
  rerunFailed?: boolean;
  progress?: ProgressMode;
  provider?: InstanceProvider;
  python?: string;
  trainerVersion?: string;
  /** Extra run-config keys for the trainer that do not change results (e.g. log_every). */
  trainerOverrides?: Record<string, unknown>;
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean;
  heartbeatMs?: number;
  staleAfterS?: number;
  pollMs?: number;
  /** How long a stopping trainer may take to checkpoint before it is killed. */
  stopGraceMs?: number;
}

export interface RunSummary {
  experiment: string;
  total: number;
  /** Runs done at the end (trained now, earlier, or by another orchestrator). */
  done: number;
  /** Runs this process trained to completion. */
  trained: number;
  alreadyDone: number;
  failed: { hash: string; label: string; error: string }[];
  interrupted: { hash: string; label: string }[];
  /** Runs left in another orchestrator's hands when this one stopped. */
  elsewhere: string[];
  exitCode: 0 | 1 | 130;
  signal?: NodeJS.Signals;
}

interface Claimed {
  run: PlannedRun;
  runId: number;
  previous: RunStatus;
  priorDurationS: number;
  /** Taken over from an orchestrator that died while training it. */
  tookOver: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs every experiment of a spec file in file order (`biorex run` and `biorex reproduce`); stops after
 * an interrupted one. Exit code: 130 interrupted, else 1 when a run failed, else 0.
 */
export async function runExperiments(
  resolved: ResolvedSpecs,
  opts: Omit<RunExperimentOptions, 'spec' | 'loaded'>,
  onExperiment?: (loaded: LoadedSpec, index: number) => void,
): Promise<{ runs: RunSummary[]; exitCode: 0 | 1 | 130 }> {
  const runs: RunSummary[] = [];
  let exitCode: 0 | 1 | 130 = 0;
  for (const [i, loaded] of resolved.specs.entries()) {
    onExperiment?.(loaded, i);
    const summary = await runExperiment({ ...opts, spec: resolved.file, loaded });
    runs.push(summary);
    if (summary.exitCode === 130) return { runs, exitCode: 130 };
    if (summary.exitCode === 1) exitCode = 1;
  }
  return { runs, exitCode };
}

export async function runExperiment(opts: RunExperimentOptions): Promise<RunSummary> {
  const loaded = opts.loaded ?? loadSpecFile(opts.spec, { profile: opts.profile });
  const work = resolve(opts.work);
  mkdirSync(work, { recursive: true });
  const store = openStore(opts.db);
  const progress = createProgress(opts.progress ?? 'auto');
  const cleanups: (() => void)[] = [() => store.close()];
  try {
    return await new ExperimentRunner(loaded, store, progress, work, opts, cleanups).run();
  } finally {
    for (const c of cleanups.reverse()) c();
  }
}

class ExperimentRunner {
  private readonly claimer: Claimer = { token: randomUUID(), host: hostname(), pid: process.pid };
  private readonly active = new Map<string, TrainerProcess>();
  private readonly attempted = new Set<string>();
  private readonly inFlight = new Set<string>();
  private stopping: NodeJS.Signals | null = null;
  private readonly summary: RunSummary;
  private readonly env = localEnvironment();

  constructor(
    private readonly loaded: LoadedSpec,
    private readonly store: TrackingStore,
    private readonly progress: ProgressReporter,
    private readonly work: string,
    private readonly opts: RunExperimentOptions,
    private readonly cleanups: (() => void)[],
  ) {
    this.summary = {
      experiment: loaded.spec.name,
      total: 0,
      done: 0,
      trained: 0,
      alreadyDone: 0,
      failed: [],
      interrupted: [],
      elsewhere: [],
      exitCode: 0,
    };
  }

  async run(): Promise<RunSummary> {
    const provider =
      this.opts.provider ??
      defaultInstanceProvider({ cacheDir: join(this.work, 'instances'), onBuild: (w) => this.progress.note(`preparing ${w}`) });
    if (this.opts.handleSignals !== false) this.installSignalHandlers();
    for (const w of this.loaded.warnings) this.progress.note(`note: ${w}`);

    const plan = await planExperiment(this.loaded, { provider, trainerVersion: this.opts.trainerVersion, store: this.store });
    recordPlan(this.store, plan);
    if (this.opts.rerunFailed) {
      for (const r of plan.runs) {
        const rec = this.store.getRunByHash(r.hash);
        if (rec && (rec.status === 'failed' || rec.status === 'interrupted')) {
          this.store.resetRun(rec.id);
          rmSync(this.runDir(r), { recursive: true, force: true });
        }
      }
    }
    const statuses = planStatuses(plan, this.store);
    this.summary.total = plan.runs.length;
    this.summary.alreadyDone = [...statuses.values()].filter((s) => s === 'done').length;
    this.progress.begin(plan.runs.length, this.summary.alreadyDone);

    const heartbeat = setInterval(() => {
      try {
        this.store.heartbeat(this.claimer.token);
      } catch {
        /* a busy store delays the heartbeat; the next one catches up */
      }
    }, this.opts.heartbeatMs ?? 5000);
    heartbeat.unref();
    this.cleanups.push(() => clearInterval(heartbeat));

    const slots = deviceSlots({ jobs: this.opts.jobs, cpu: this.opts.cpu });
    await Promise.all(slots.map((slot) => this.worker(slot, plan.runs)));

    const final = this.store.statusOf(plan.runs.map((r) => r.hash));
    this.summary.done = [...final.values()].filter((s) => s === 'done').length;
    this.summary.elsewhere = plan.runs.filter((r) => final.get(r.hash) === 'running' && !this.inFlight.has(r.hash)).map((r) => r.hash);
    if (this.stopping) {
      this.summary.exitCode = 130;
      this.summary.signal = this.stopping;
    } else if (this.summary.failed.length > 0) this.summary.exitCode = 1;
    const s = this.summary;
    this.progress.end(
      `${s.experiment}: ${s.done}/${s.total} runs done (${s.trained} trained now, ${s.alreadyDone} before)` +
        (s.failed.length ? `, ${s.failed.length} failed` : '') +
        (s.interrupted.length ? `, ${s.interrupted.length} interrupted` : '') +
        (this.stopping ? ` — stopped by ${this.stopping}; \`biorex run\` again resumes` : ''),
    );
    return s;
  }

  private runDir(r: PlannedRun): string {
    return join(this.work, 'runs', r.hash.slice(0, 16));
  }

  private installSignalHandlers(): void {
    const onSignal = (sig: NodeJS.Signals) => {
      if (this.stopping) {
        // Second signal: do not wait for checkpoints any more.
        for (const t of this.active.values()) t.killGroup('SIGKILL');
        return;
      }
      this.stopping = sig;
      this.progress.note(`${sig}: stopping ${this.active.size} run(s) at their next checkpoint (again to kill)…`);
      for (const t of this.active.values()) void t.stop(sig === 'SIGINT' ? 'SIGINT' : 'SIGTERM', this.opts.stopGraceMs ?? 60_000);
    };
    const onInt = () => onSignal('SIGINT');
    const onTerm = () => onSignal('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    this.cleanups.push(() => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    });
  }

  /** The next run this process may train, 'wait' when the rest are held by live orchestrators. */
  private next(runs: PlannedRun[]): Claimed | 'wait' | null {
    let wait = false;
    for (const r of runs) {
      if (this.attempted.has(r.hash) || this.inFlight.has(r.hash)) continue;
      const c = this.store.claimRun(r.hash, this.claimer, { staleAfterS: this.opts.staleAfterS ?? 60 });
      if (c.claimed) {
        this.inFlight.add(r.hash);
        return { run: r, runId: c.run.id, previous: c.previous, priorDurationS: c.run.durationS ?? 0, tookOver: c.tookOver };
      }
      if (c.reason === 'busy') wait = true;
      else this.attempted.add(r.hash);
    }
    return wait ? 'wait' : null;
  }

  private async worker(slot: DeviceSlot, runs: PlannedRun[]): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const n = this.next(runs);
      if (n === null) return;
      if (n === 'wait') {
        await sleep(this.opts.pollMs ?? 2000);
        continue;
      }
      try {
        await this.execute(n, slot);
      } finally {
        this.attempted.add(n.run.hash);
      }
    }
  }

  private async execute(c: Claimed, slot: DeviceSlot): Promise<void> {
    const { run, runId } = c;
    const info: RunInfo = { hash: run.hash, label: run.label, slot: slot.name };
    const runDir = this.runDir(run);
    const resume = c.previous === 'failed' || c.previous === 'interrupted';
    const t0 = Date.now();
    if (c.tookOver) await this.stopOrphanTrainer(runId);
    if (!resume) rmSync(runDir, { recursive: true, force: true }); // a fresh start leaves nothing stale behind
    mkdirSync(runDir, { recursive: true });

    let files: RunFiles;
    try {
      files = deriveRunFiles(run, run.sets, runDir);
    } catch (err) {
      this.fail(c, info, { kind: 'data', message: (err as Error).message, tail: '' }, (Date.now() - t0) / 1000);
      return;
    }
    for (const n of files.notes) this.progress.note(`${run.label}: ${n}`);
    let plm = run.plm;
    if (run.plmSource) {
      try {
        plm = await this.encoderPlm(run.plmSource.hash);
      } catch (err) {
        this.fail(c, info, { kind: 'config', message: `cannot use the encoder of run ${run.plmSource.hash.slice(0, 10)} (${run.plmSource.label}): ${(err as Error).message}`, tail: '' }, (Date.now() - t0) / 1000);
        return;
      }
    }
    if (run.tinyPlmText) {
      try {
        plm = await this.tinyPlm(run.tinyPlmText);
      } catch (err) {
        this.fail(c, info, { kind: 'config', message: `cannot build the tiny PLM: ${(err as Error).message}`, tail: '' }, (Date.now() - t0) / 1000);
        return;
      }
    }
    const config = this.trainerConfig(run, plm, files, runDir, slot, resume);
    const configPath = join(runDir, 'run.json');
    writeFileAtomicSync(configPath, JSON.stringify(config, null, 2) + '\n');
    this.store.setRunConfig(runId, config, runDir);

    const metrics = this.store.metricsBuffer(runId);
    const lastStep = new Map<string, number>();
    const trainer = new TrainerProcess({
      python: this.opts.python ?? pythonPath(),
      configPath,
      cwd: runDir,
      env: trainerEnv({ ...slot.env }),
      logFile: join(runDir, 'trainer.log'),
      onEvent: (e) => {
        this.recordEvent(e, metrics, lastStep);
        this.progress.runEvent(info, e);
      },
    });
    info.pid = trainer.pid;
    this.progress.runStarted(info, resume);
    const attempt = this.store.startAttempt(runId, { resumed: resume, trainerPid: trainer.pid });
    this.active.set(run.hash, trainer);
    if (this.stopping) void trainer.stop(this.stopping === 'SIGINT' ? 'SIGINT' : 'SIGTERM', this.opts.stopGraceMs ?? 60_000);
    let exit: TrainerExit;
    try {
      exit = await trainer.exited;
    } finally {
      this.active.delete(run.hash);
      metrics.flush();
    }
    const wall = (Date.now() - t0) / 1000;
    const envId = this.store.recordEnvironment(withTrainerStart(this.env, exit.start));
    this.store.endAttempt(runId, attempt, {
      outcome: exit.done && exit.code === 0 ? 'done' : trainer.stopping || exit.interrupted ? 'interrupted' : 'failed',
      exitCode: exit.code,
      signal: exit.signal,
    });

    if (exit.done && exit.code === 0) {
      try {
        await this.finishDone(c, info, files, runDir, exit, wall, envId);
      } catch (err) {
        this.fail(c, info, { kind: 'scoring', message: `scoring failed: ${(err as Error).message}`, tail: exit.stderrTail }, wall, envId);
      }
      return;
    }
    if (trainer.stopping || exit.interrupted) {
      this.store.finishRun(runId, this.claimer.token, {
        status: 'interrupted',
        error: `interrupted by ${exit.interrupted?.signal ?? this.stopping ?? exit.signal ?? 'a signal'}; resumes from the last checkpoint`,
        stderrTail: exit.stderrTail,
        durationS: c.priorDurationS + wall,
        environmentId: envId,
      });
      this.summary.interrupted.push({ hash: run.hash, label: run.label });
      this.progress.runFinished(info, 'interrupted');
      return;
    }
    const e = exit.error;
    const message = exit.spawnError
      ? `cannot start the trainer (${exit.spawnError.message}); check the Python path ($BIOREX_PYTHON or .venv/bin/python)`
      : e
        ? `${String(e.message)}${e.fix ? `. Fix: ${String(e.fix)}` : ''}`
        : exit.signal
          ? `the trainer was killed by ${exit.signal}`
          : `the trainer exited with code ${exit.code} without an error event`;
    const kind = exit.spawnError ? 'spawn' : e ? String(e.kind ?? 'internal') : exit.signal ? 'killed' : 'internal';
    this.fail(c, info, { kind, message, tail: exit.stderrTail }, wall, envId);
  }

  /**
   * A run taken over from a dead orchestrator on this host may still have its trainer running (it
   * dies at its next write to the closed pipe): stop it before a new trainer uses the same run dir.
   */
  private async stopOrphanTrainer(runId: number): Promise<void> {
    const last = this.store.attemptsOf(runId).pop();
    const pid = last?.trainerPid;
    if (!pid || last.host !== hostname() || !isTrainerProcess(pid)) return;
    this.progress.note(`stopping the orphaned trainer (pid ${pid}) of a dead orchestrator`);
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let waited = 0; waited < (this.opts.stopGraceMs ?? 60_000) && isTrainerProcess(pid); waited += 200) await sleep(200);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }

  private fail(c: Claimed, info: RunInfo, e: { kind: string; message: string; tail: string }, wallS: number, envId?: number): void {
    this.store.finishRun(c.runId, this.claimer.token, {
      status: 'failed',
      errorKind: e.kind,
      error: e.message,
      stderrTail: e.tail,
      durationS: c.priorDurationS + wallS,
      environmentId: envId ?? null,
    });
    this.summary.failed.push({ hash: c.run.hash, label: c.run.label, error: `${e.kind}: ${e.message}` });
    this.progress.runFinished(info, 'failed', `${e.kind}: ${e.message}`);
  }

  private async finishDone(c: Claimed, info: RunInfo, files: RunFiles, runDir: string, exit: TrainerExit, wall: number, envId: number): Promise<void> {
    const results = await scoreRunOutputs({
      runDir,
      files: files.files,
      evaluate: files.evaluate,
      manifest: files.manifest,
      target: c.run.target,
      root: c.run.data.root,
      criteria: this.loaded.spec.evaluate.criteria,
      limitedDocs: c.run.data.max_docs !== undefined,
    });
    this.store.putResults(c.runId, results);
    this.store.putArtifacts(c.runId, await collectArtifacts(runDir));
    let timings: object | null = null;
    try {
      timings = JSON.parse(readFileSync(join(runDir, 'timings.json'), 'utf8'));
    } catch {
      timings = exit.done ?? null;
    }
    this.store.finishRun(c.runId, this.claimer.token, {
      status: 'done',
      timings,
      durationS: c.priorDurationS + wall,
      environmentId: envId,
    });
    this.summary.trained++;
    const main = results.find((r) => r.criterion === 'pair+type' && r.pairType === 'all') ?? results.find((r) => r.pairType === 'all');
    this.progress.runFinished(info, 'done', main ? `${main.evalSet} ${main.criterion} F1 ${((main.f1 ?? 0) * 100).toFixed(1)}` : undefined);
  }

  /** The encoder of a finished run as a PLM folder in <work>/plm/run-<hash> (exported once, under a lock). */
  private async encoderPlm(hash: string): Promise<string> {
    const dir = join(this.work, 'plm', `run-${hash.slice(0, 16)}`);
    await withDirLock(dir, async () => {
      if (exportedFor(dir, hash)) return;
      rmSync(dir, { recursive: true, force: true });
      this.progress.note(`exporting the encoder of run ${hash.slice(0, 10)} (${dir})`);
      await exportPlm(this.store, runPlm(hash), dir);
    });
    return dir;
  }

  /** Builds (once, under a lock) the tiny PLM of `plm: tiny` in <work>/plm/, keyed by its text and arguments. */
  private async tinyPlm(text: { file: string; sha256: string }): Promise<string> {
    const key = sha256(text.sha256 + TINY_PLM_ARGS.join(' ')).slice(0, 16);
    const dir = join(this.work, 'plm', `tiny-${key}`);
    await withDirLock(dir, async () => {
      if (existsSync(join(dir, 'model.safetensors'))) return; // written last by make-tiny-plm
      this.progress.note(`building the tiny PLM (${dir})`);
      await promisify(execFile)(
        this.opts.python ?? pythonPath(),
        ['-m', 'biorex_trainer', 'make-tiny-plm', '--text', text.file, '--out', dir, ...TINY_PLM_ARGS],
        { env: trainerEnv(), maxBuffer: 16 << 20 },
      );
    });
    return dir;
  }

  private trainerConfig(run: PlannedRun, plm: string, files: RunFiles, runDir: string, slot: DeviceSlot, resume: boolean): Record<string, unknown> {
    const t = run.training;
    return {
      mode: run.mode,
      plm,
      manifest: files.manifest,
      ...(files.stage1Manifest ? { stage1_manifest: files.stage1Manifest } : {}),
      files: files.files,
      out: runDir,
      epochs: t.epochs,
      batch_size: t.batch_size,
      lr: t.lr,
      warmup_ratio: t.warmup_ratio,
      weight_decay: t.weight_decay,
      max_length: t.max_length,
      dropout: t.dropout,
      grad_accum: t.grad_accum,
      max_grad_norm: t.max_grad_norm,
      task_labels_only: t.task_labels_only,
      seed: run.seed,
      device: slot.device,
      ...(slot.threads ? { threads: slot.threads } : {}),
      resume,
      // target_docs: the target's training documents this run used (the report's Setup shows them)
      meta: { hash: run.hash, label: run.label, experiment: this.loaded.spec.name, target_docs: files.targetDocs },
      ...(this.opts.trainerOverrides ?? {}),
    };
  }

  /** Trainer events → step metrics (batched) and the checkpoint marker. */
  private recordEvent(e: TrainerEvent, metrics: ReturnType<TrackingStore['metricsBuffer']>, lastStep: Map<string, number>): void {
    const stage = typeof e.stage === 'string' && e.stage !== 'main' ? `${e.stage}/` : '';
    const epoch = typeof e.epoch === 'number' ? e.epoch : undefined;
    const put = (key: string, step: number, value: unknown) => {
      if (typeof value === 'number' && Number.isFinite(value)) metrics.add({ key, step, value, ...(epoch !== undefined ? { epoch } : {}) } as MetricPoint);
    };
    if (e.event === 'progress' && typeof e.step === 'number') {
      lastStep.set(stage, e.step);
      for (const k of ['loss', 'lr', 'instances_per_s']) put(`${stage}train/${k}`, e.step, e[k]);
    } else if (e.event === 'eval') {
      const step = lastStep.get(stage) ?? 0;
      for (const [k, v] of Object.entries(e)) if (!['epoch', 'time', 'step'].includes(k)) put(`${stage}${String(e.split ?? 'dev')}/${k}`, step, v);
    } else if (e.event === 'checkpoint') {
      put(`${stage}checkpoint`, typeof e.step === 'number' ? e.step : 0, typeof e.epoch === 'number' ? e.epoch : 0);
      metrics.flush(); // so that `biorex runs show` (and tests) see that a checkpoint exists
    }
  }
}

/** True when `pid` is a live biorex_trainer process (guards against a reused pid). */
function isTrainerProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('biorex_trainer');
  } catch {
    return false;
  }
}

/** Predictions, model files, timings and config of a finished run, with sha256. */
export async function collectArtifacts(runDir: string): Promise<ArtifactRow[]> {
  const files: { kind: string; path: string }[] = [];
  const add = (kind: string, path: string) => {
    if (existsSync(path) && statSync(path).isFile()) files.push({ kind, path });
  };
  const walk = (dir: string, kind: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, kind);
      else add(kind, p);
    }
  };
  walk(join(runDir, 'predictions'), 'predictions');
  walk(join(runDir, 'model'), 'model');
  add('timings', join(runDir, 'timings.json'));
  add('metrics', join(runDir, 'metrics.json'));
  add('config', join(runDir, 'run.json'));
  add('log', join(runDir, 'trainer.log'));
  const out: ArtifactRow[] = [];
  for (const f of files) out.push({ kind: f.kind, path: relative(runDir, f.path), sha256: await sha256File(f.path), bytes: statSync(f.path).size });
  return out;
}
