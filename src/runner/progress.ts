// Progress display of `biorex run`: bars on a terminal (cli-progress: one for the experiment, one
// per device slot), plain lines when stdout is not a TTY or in CI, nothing with --quiet.
import cliProgress from 'cli-progress';
import type { TrainerEvent } from './trainer.ts';

export interface RunInfo {
  hash: string;
  label: string;
  slot: string;
  /** The trainer's process id (set once it is started). */
  pid?: number;
}

export interface ProgressReporter {
  begin(total: number, alreadyDone: number): void;
  note(message: string): void;
  runStarted(run: RunInfo, resumed: boolean): void;
  runEvent(run: RunInfo, e: TrainerEvent): void;
  runFinished(run: RunInfo, status: string, detail?: string): void;
  end(summary: string): void;
}

export type ProgressMode = 'auto' | 'bars' | 'lines' | 'none';

export function createProgress(mode: ProgressMode, out: NodeJS.WriteStream = process.stdout): ProgressReporter {
  if (mode === 'none') return new QuietProgress();
  const tty = !!out.isTTY && !process.env.CI;
  if (mode === 'bars' || (mode === 'auto' && tty)) return new BarProgress(out);
  return new LineProgress(out);
}

class QuietProgress implements ProgressReporter {
  begin(): void {}
  note(): void {}
  runStarted(): void {}
  runEvent(): void {}
  runFinished(): void {}
  end(): void {}
}

const short = (h: string) => h.slice(0, 10);

function describeProgress(e: TrainerEvent): string {
  const stage = e.stage && e.stage !== 'main' ? `${String(e.stage)} ` : '';
  const loss = typeof e.loss === 'number' ? ` loss ${e.loss.toFixed(4)}` : '';
  const speed = typeof e.instances_per_s === 'number' ? ` ${e.instances_per_s.toFixed(1)} inst/s` : '';
  return `${stage}epoch ${e.epoch}/${e.epochs} step ${e.step}/${e.total}${loss}${speed}`;
}

/** Plain lines: run start/end, evals, and progress at most every 10% of the steps or 30 s. */
export class LineProgress implements ProgressReporter {
  private total = 0;
  private finished = 0;
  private lastLine = new Map<string, { at: number; frac: number }>();
  constructor(private readonly out: NodeJS.WritableStream) {}

  private print(s: string): void {
    this.out.write(s + '\n');
  }
  begin(total: number, alreadyDone: number): void {
    this.total = total;
    this.finished = alreadyDone;
    this.print(`experiment: ${total} run${total === 1 ? '' : 's'}, ${alreadyDone} already done`);
  }
  note(message: string): void {
    this.print(message);
  }
  runStarted(run: RunInfo, resumed: boolean): void {
    this.print(
      `[${this.finished}/${this.total}] ${resumed ? 'resume' : 'start '} ${short(run.hash)} ${run.label} on ${run.slot}` +
        (run.pid ? ` (trainer pid ${run.pid})` : ''),
    );
  }
  runEvent(run: RunInfo, e: TrainerEvent): void {
    if (e.event === 'progress') {
      const frac = Number(e.step) / Math.max(1, Number(e.total));
      const key = `${run.hash}/${String(e.stage ?? '')}`; // TL: stage 1 and the main stage each count from 0
      const prev = this.lastLine.get(key) ?? { at: 0, frac: -1 };
      const now = Date.now();
      if (frac - prev.frac >= 0.1 || now - prev.at >= 30_000 || frac >= 1) {
        this.lastLine.set(key, { at: now, frac });
        this.print(`  ${short(run.hash)} ${describeProgress(e)}`);
      }
    } else if (e.event === 'eval') {
      const f1 = typeof e.f1 === 'number' ? ` F1 ${(e.f1 * 100).toFixed(1)}` : '';
      this.print(`  ${short(run.hash)} eval ${String(e.split ?? '')} epoch ${e.epoch}${f1}${e.best ? ' (best)' : ''}`);
    } else if (e.event === 'checkpoint') {
      this.print(`  ${short(run.hash)} checkpoint (${String(e.reason ?? '')}, epoch ${e.epoch}, step ${e.step})`);
    } else if (e.event === 'oom') {
      this.print(`  ${short(run.hash)} out of memory: retrying with smaller micro-batches`);
    }
  }
  runFinished(run: RunInfo, status: string, detail?: string): void {
    if (status === 'done') this.finished++;
    this.print(`[${this.finished}/${this.total}] ${status.padEnd(6)} ${short(run.hash)} ${run.label}${detail ? ` — ${detail}` : ''}`);
  }
  end(summary: string): void {
    this.print(summary);
  }
}

/** Terminal bars: experiment (runs) + one bar per active run (steps). */
export class BarProgress implements ProgressReporter {
  private multi: cliProgress.MultiBar;
  private experiment?: cliProgress.SingleBar;
  private bars = new Map<string, cliProgress.SingleBar>();
  private finished = 0;
  constructor(out: NodeJS.WriteStream) {
    this.multi = new cliProgress.MultiBar(
      {
        stream: out,
        clearOnComplete: false,
        hideCursor: true,
        format: '{name} |{bar}| {value}/{total} {detail}',
        barsize: 24,
        autopadding: true,
      },
      cliProgress.Presets.shades_classic,
    );
  }
  begin(total: number, alreadyDone: number): void {
    this.finished = alreadyDone;
    this.experiment = this.multi.create(total, alreadyDone, { name: 'experiment'.padEnd(28), detail: 'runs' });
  }
  note(message: string): void {
    this.multi.log(message + '\n');
  }
  runStarted(run: RunInfo, resumed: boolean): void {
    const bar = this.multi.create(1, 0, { name: `${run.slot} ${run.label}`.slice(0, 28).padEnd(28), detail: resumed ? 'resuming' : 'starting' });
    this.bars.set(run.hash, bar);
  }
  runEvent(run: RunInfo, e: TrainerEvent): void {
    const bar = this.bars.get(run.hash);
    if (!bar) return;
    if (e.event === 'progress') {
      bar.setTotal(Number(e.total) || 1);
      bar.update(Number(e.step) || 0, { detail: describeProgress(e).replace(/step \S+ ?/, '') });
    } else if (e.event === 'eval' && typeof e.f1 === 'number') {
      this.multi.log(`${short(run.hash)} ${run.label}: dev F1 ${(e.f1 * 100).toFixed(1)} after epoch ${e.epoch}\n`);
    }
  }
  runFinished(run: RunInfo, status: string, detail?: string): void {
    const bar = this.bars.get(run.hash);
    if (bar) {
      bar.stop();
      this.multi.remove(bar);
      this.bars.delete(run.hash);
    }
    if (status === 'done') this.experiment?.update(++this.finished);
    if (status !== 'done') this.multi.log(`${status}: ${short(run.hash)} ${run.label}${detail ? ` — ${detail}` : ''}\n`);
  }
  end(summary: string): void {
    this.multi.stop();
    process.stdout.write(summary + '\n');
  }
}
