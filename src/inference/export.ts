// `biorex export-onnx`: the trained model of a run as model.onnx, through the trainer's own exporter
// (`python -m biorex_trainer export-onnx`, the venv's Python: the only step of prediction that needs
// it). When the tracking store knows the run, the graph's sha256 is recorded with the run's artifacts.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { InputError } from '../errors.ts';
import { sha256File } from '../hashing.ts';
import { pythonPath, trainerEnv } from '../python.ts';
import { locateModel, type ModelRef } from './model-dir.ts';

export interface ExportOptions {
  /** MTL: the task whose head to export (default: the training set's target). */
  head?: string;
  python?: string;
}

export interface ExportResult {
  onnx: string;
  head: string;
  labels: string[];
  /** The graph's sha256 was recorded in the tracking store (the run is known to it). */
  recorded: boolean;
  seconds: number;
}

interface ExportEvent {
  event: string;
  kind?: string;
  message?: string;
  fix?: string;
  onnx?: string;
  head?: string;
  labels?: string[];
}

/** Runs the trainer's exporter on `ref`'s model/ folder; writes model.onnx + model.onnx.json in the run directory. */
export async function exportOnnx(ref: ModelRef, opts: ExportOptions = {}): Promise<ExportResult> {
  const t0 = performance.now();
  const loc = locateModel(ref.dir);
  const python = opts.python ?? pythonPath();
  const args = ['-m', 'biorex_trainer', 'export-onnx', '--model', loc.modelDir, '--out', loc.defaultOnnx, ...(opts.head ? ['--head', opts.head] : [])];
  const { events, stderr, code, spawnError } = await new Promise<{ events: ExportEvent[]; stderr: string; code: number | null; spawnError?: Error }>((done) => {
    const child = spawn(python, args, { env: trainerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err = (err + b.toString('utf8')).slice(-8000)));
    child.on('error', (e) => done({ events: [], stderr: err, code: null, spawnError: e }));
    child.on('close', (c) => {
      const events: ExportEvent[] = [];
      for (const line of out.split('\n')) {
        try {
          if (line.trim()) events.push(JSON.parse(line) as ExportEvent);
        } catch {
          /* not an event: the trainer logs to stderr, so this does not happen */
        }
      }
      done({ events, stderr: err, code: c });
    });
  });
  if (spawnError) {
    throw new InputError({
      file: python,
      message: `cannot start the trainer's Python to export the model (${spawnError.message})`,
      fix: 'run `npm run setup` (it creates .venv with the trainer), or set BIOREX_PYTHON to a Python that has it',
    });
  }
  const error = events.find((e) => e.event === 'error');
  const done = events.find((e) => e.event === 'done');
  if (error || code !== 0 || !done?.onnx) {
    throw new InputError({
      file: loc.modelDir,
      message: error?.message ?? `export-onnx exited with code ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
      fix: error?.fix ?? 'check that the model/ folder is complete (a finished training run), and that .venv has torch and onnx (`npm run setup`)',
    });
  }
  const recorded = ref.run ? await recordOnnx(ref.run, loc.runDir, done.onnx) : false;
  return { onnx: done.onnx, head: done.head ?? '', labels: done.labels ?? [], recorded, seconds: (performance.now() - t0) / 1000 };
}

/** Adds model.onnx and model.onnx.json to the run's artifacts in the store. */
async function recordOnnx(run: NonNullable<ModelRef['run']>, runDir: string, onnx: string): Promise<boolean> {
  const { openStore } = await import('../tracking/index.ts');
  const rows = [];
  for (const path of [onnx, `${onnx}.json`]) rows.push({ kind: 'onnx', path: relative(runDir, path), sha256: await sha256File(path), bytes: statSync(path).size });
  const store = openStore(run.db);
  try {
    store.putArtifacts(run.id, rows);
    return true;
  } finally {
    store.close();
  }
}

