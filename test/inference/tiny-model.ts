// A tiny trained model for the inference tests, built once per test process with the real trainer:
// fixture documents → instances (instance stage) → make-tiny-plm → a few epochs on the 4 training
// documents (enough to tell pair types apart, so that it predicts several labels) → PyTorch
// predictions of the test split → export-onnx. max_length 48 sends every text through the trainer's
// context window.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readPubTatorFile } from '../../src/corpora/index.ts';
import { labelsOf, loadProfile, specialTokensOf } from '../../src/harmonize/index.ts';
import { splitInstances } from '../../src/instances/index.ts';
import { pythonPath, trainerEnv } from '../../src/python.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

export const FIXTURES = resolve(REPO_ROOT, 'test/fixtures/inference');
export const TRAIN_FILE = join(FIXTURES, 'train.pubtator');
export const TEST_FILE = join(FIXTURES, 'test.pubtator');
export const MAX_LENGTH = 48;

export interface TinyModel {
  dir: string;
  runDir: string;
  modelDir: string;
  testInstances: string;
  torchPredictions: string;
}

/** True when the trainer's Python is there (the project venv, or $BIOREX_PYTHON). */
export const HAVE_TRAINER = !!process.env.BIOREX_PYTHON || existsSync(join(REPO_ROOT, '.venv/bin/python'));

/** `describe` when the trainer's Python is available, otherwise a skipped suite saying why. */
export function describeWithTrainer(title: string, fn: (this: Mocha.Suite) => void): void {
  if (HAVE_TRAINER) describe(title, fn);
  else describe.skip(`${title} (skipped: no .venv — run npm run setup)`, fn);
}

export function runPython(args: string[], opts: { cwd?: string; input?: string } = {}): string {
  const res = spawnSync(pythonPath(), args, { cwd: opts.cwd, input: opts.input, env: trainerEnv({ OMP_NUM_THREADS: '1' }), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`python ${args.slice(0, 3).join(' ')} failed:\n${(res.stderr ?? '').split('\n').slice(-20).join('\n')}`);
  return res.stdout;
}

let built: Promise<TinyModel> | undefined;

export function tinyModel(): Promise<TinyModel> {
  built ??= build();
  return built;
}

async function build(): Promise<TinyModel> {
  const dir = mkdtempSync(join(tmpdir(), 'biorex-inference-test-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const profile = loadProfile('BioRED');
  const { negatives, positives } = labelsOf(profile, 'harmonized');
  const labels = [...negatives, ...positives];
  for (const [split, file] of [['train', TRAIN_FILE], ['test', TEST_FILE]] as const) {
    const { instances } = splitInstances(await readPubTatorFile(file), split, profile, { view: 'harmonized', prompt: true });
    writeFileSync(join(dir, `${split}.jsonl`), instances.map((x) => JSON.stringify(x)).join('\n') + '\n');
  }
  // The fields of the manifest contract the trainer reads (labels, negatives, tags, tasks, and the
  // target and profiles it copies into label_map.json for prediction).
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ name: 'inference-fixture', view: 'harmonized', prompt: true, labels, negativeLabels: negatives, specialTokens: specialTokensOf(profile), tasks: { BioRED: labels }, target: 'BioRED', profiles: { BioRED: profile }, files: { train: 'train.jsonl', test: 'test.jsonl' } }),
  );
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({ mode: 'single', plm: './plm', manifest: 'manifest.json', files: { train: 'train.jsonl', test: 'test.jsonl' }, out: 'run', epochs: 30, batch_size: 4, max_length: MAX_LENGTH, lr: 1e-2, device: 'cpu', threads: 1, save_checkpoints: false }),
  );
  const runDir = join(dir, 'run');
  // make-tiny-plm's WordPiece vocabulary order differs from run to run (the tokenizers trainer is not
  // deterministic), so the trained model differs too; now and then it predicts one label for every
  // pair, which would make the parity tests trivial. Retrain (at most 3 times) until it predicts ≥ 3.
  for (let attempt = 1; ; attempt++) {
    rmSync(join(dir, 'plm'), { recursive: true, force: true });
    rmSync(runDir, { recursive: true, force: true });
    runPython(['-m', 'biorex_trainer', 'make-tiny-plm', '--text', TRAIN_FILE, '--out', 'plm', '--vocab-size', '400', '--hidden', '32', '--layers', '1', '--heads', '2', '--max-position', '128'], { cwd: dir });
    runPython(['-m', 'biorex_trainer', 'train', '--config', 'run.json'], { cwd: dir });
    const labels = new Set(readFileSync(join(runDir, 'predictions/test.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { label: string }).label));
    if (labels.size >= 3 || attempt === 3) break;
  }
  runPython(['-m', 'biorex_trainer', 'export-onnx', '--model', 'run/model'], { cwd: dir });
  return { dir, runDir, modelDir: join(runDir, 'model'), testInstances: join(dir, 'test.jsonl'), torchPredictions: join(runDir, 'predictions/test.jsonl') };
}
