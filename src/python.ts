// Where the trainer's Python lives and what it is: the venv interpreter, the trainer version that
// goes into run identities, the environment a trainer process gets, and the tiny PLM's arguments.
// Shared by everything that starts the trainer's Python (the runner, int8 quantization, tests).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './locations.ts';

export const TCMALLOC = '/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4';

/** $BIOREX_PYTHON, else `.venv/bin/python` under the repo root, else `python3` on PATH. */
export function pythonPath(root = REPO_ROOT): string {
  if (process.env.BIOREX_PYTHON) return process.env.BIOREX_PYTHON;
  const venv = join(root, '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

/** biorex_trainer.__version__, read from the package source (no Python start needed). */
export function trainerVersion(root = REPO_ROOT): string {
  const file = join(root, 'trainer', 'biorex_trainer', '__init__.py');
  try {
    const m = /__version__\s*=\s*["']([^"']+)["']/.exec(readFileSync(file, 'utf8'));
    if (m) return m[1];
  } catch {
    /* fall through */
  }
  return 'unknown';
}

/**
 * Environment of a trainer process: unbuffered output, tcmalloc preloaded when installed
 * (PyTorch on these CPUs spends a third of its time in page faults with the default malloc),
 * and the device slot's CUDA_VISIBLE_DEVICES.
 */
export function trainerEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1', ...extra };
  if (existsSync(TCMALLOC) && !(env.LD_PRELOAD ?? '').includes('tcmalloc')) {
    env.LD_PRELOAD = [TCMALLOC, env.LD_PRELOAD].filter(Boolean).join(':');
  }
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
}

/**
 * `plm: tiny` in a spec: a small randomly initialised BERT whose WordPiece vocabulary is trained on
 * the target's training texts (`python -m biorex_trainer make-tiny-plm`), built once per text and
 * cached in `<work>/plm/`. For the quickstart and smoke profiles: no download, CPU-friendly.
 */
export const TINY_PLM = 'tiny';
export const TINY_PLM_ARGS = ['--vocab-size', '6000', '--hidden', '128', '--layers', '2', '--heads', '2', '--max-position', '512', '--seed', '0'];
