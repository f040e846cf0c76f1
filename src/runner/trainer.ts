// The trainer bridge: starts `python -m biorex_trainer train --config run.json` through
// python-shell, parses its JSON-lines events, keeps the stderr tail, and stops it on request.
import { createWriteStream, type WriteStream } from 'node:fs';
import { PythonShell } from 'python-shell';

/** One event line of the trainer (docs/architecture.md §3, docs/trainer.md): `event` is start|progress|eval|checkpoint|done|error|oom|interrupted. */
export interface TrainerEvent {
  event: string;
  time?: number;
  [field: string]: unknown;
}

export interface TrainerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last `done` / `error` / `interrupted` event, if any. */
  done?: TrainerEvent;
  error?: TrainerEvent;
  interrupted?: TrainerEvent;
  start?: TrainerEvent;
  stderrTail: string;
  /** Set when the process could not be started at all. */
  spawnError?: Error;
}

export interface TrainerOptions {
  python: string;
  configPath: string;
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** The whole stderr goes here (the store keeps only the tail). */
  logFile?: string;
  onEvent?: (e: TrainerEvent) => void;
  /** Lines of stdout that are not JSON events (should not happen; logged). */
  onStrayLine?: (line: string) => void;
  /** Subcommand and arguments (default: train --config <configPath>). */
  args?: string[];
  stderrTailLines?: number;
}

export class TrainerProcess {
  readonly shell: PythonShell;
  readonly exited: Promise<TrainerExit>;
  private tail: string[] = [];
  private log?: WriteStream;
  private stopRequested = false;

  constructor(opts: TrainerOptions) {
    const tailMax = opts.stderrTailLines ?? 40;
    if (opts.logFile) this.log = createWriteStream(opts.logFile, { flags: 'a' });
    const result: Partial<TrainerExit> = {};
    this.shell = new PythonShell('biorex_trainer', {
      mode: 'text',
      pythonPath: opts.python,
      pythonOptions: ['-u', '-m'],
      args: opts.args ?? ['train', '--config', opts.configPath],
      cwd: opts.cwd,
      env: opts.env,
      // Own process group: a terminal Ctrl-C reaches only the orchestrator, which forwards it once.
      detached: true,
    });
    this.shell.on('message', (line: string) => {
      const trimmed = line.trim();
      if (!trimmed) return;
      let event: TrainerEvent | undefined;
      try {
        const parsed = JSON.parse(trimmed) as unknown;
        if (parsed && typeof parsed === 'object' && typeof (parsed as TrainerEvent).event === 'string') event = parsed as TrainerEvent;
      } catch {
        /* not an event */
      }
      if (!event) {
        this.log?.write(`[stdout] ${line}\n`);
        opts.onStrayLine?.(line);
        return;
      }
      if (event.event === 'done') result.done = event;
      else if (event.event === 'error') result.error = event;
      else if (event.event === 'interrupted') result.interrupted = event;
      else if (event.event === 'start') result.start = event;
      opts.onEvent?.(event);
    });
    this.shell.on('stderr', (line: string) => {
      this.log?.write(line + '\n');
      this.tail.push(line);
      if (this.tail.length > tailMax) this.tail.shift();
    });
    this.exited = new Promise<TrainerExit>((resolve) => {
      let settled = false;
      const finish = (extra: Partial<TrainerExit>) => {
        if (settled) return;
        settled = true;
        const done = () =>
          resolve({
            code: this.shell.childProcess.exitCode ?? null,
            signal: this.shell.childProcess.signalCode ?? null,
            ...result,
            ...extra,
            stderrTail: this.tail.join('\n'),
          });
        if (this.log) this.log.end(done);
        else done();
      };
      this.shell.on('error', (err: Error) => {
        // spawn failure (ENOENT…): no exit event will follow
        if (this.shell.childProcess.pid === undefined) finish({ spawnError: err, code: null, signal: null });
      });
      // `close` fires after the exit and both pipes ended: every event has been read.
      this.shell.on('close', () => finish({}));
      this.shell.end(() => undefined); // closes stdin; errors are reported through exit codes/events
    });
  }

  get pid(): number | undefined {
    return this.shell.childProcess.pid;
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  /** Asks the trainer to checkpoint and exit (SIGINT/SIGTERM); SIGKILLs its group after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 60_000): Promise<TrainerExit> {
    this.stopRequested = true;
    const pid = this.pid;
    const child = this.shell.childProcess;
    if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(pid, signal);
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => this.killGroup('SIGKILL'), graceMs);
      try {
        return await this.exited;
      } finally {
        clearTimeout(timer);
        this.killGroup('SIGKILL'); // leftovers of the group (data-loader workers), if any
      }
    }
    return this.exited;
  }

  /** Signals the trainer's whole process group (it is the group leader). */
  killGroup(signal: NodeJS.Signals): void {
    const pid = this.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      /* group gone */
    }
  }
}
