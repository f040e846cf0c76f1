// The environment recorded with each run: git commit + dirty flag, versions, GPU, host.
import { execFileSync } from 'node:child_process';
import { hostname, platform, release } from 'node:os';
import { REPO_ROOT } from '../locations.ts';
import type { Environment } from '../tracking/index.ts';

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

/** What the orchestrator knows by itself (the trainer's `start` event adds python/torch/…/GPU). */
export function localEnvironment(root = REPO_ROOT): Environment {
  const commit = git(['rev-parse', 'HEAD'], root);
  const status = commit ? git(['status', '--porcelain', '--untracked-files=no'], root) : null;
  return {
    gitCommit: commit,
    gitDirty: status === null ? null : status.length > 0,
    node: process.version,
    host: hostname(),
    platform: `${platform()} ${release()}`,
  };
}

/** Adds the trainer's `start` event fields (versions, device name) to the local environment. */
export function withTrainerStart(local: Environment, start: Record<string, unknown> | undefined): Environment {
  if (!start) return local;
  const v = (start.versions ?? {}) as Record<string, string | null>;
  return {
    ...local,
    python: v.python ?? null,
    torch: v.torch ?? null,
    transformers: v.transformers ?? null,
    tokenizers: v.tokenizers ?? null,
    biorexTrainer: v.biorex_trainer ?? null,
    cuda: v.cuda ?? null,
    gpu: String(start.device ?? '').startsWith('cuda') ? ((start.device_name as string) ?? null) : null,
    device: (start.device_name as string) ?? (start.device as string) ?? null,
    precision: (start.precision as string) ?? null,
    tcmalloc: (start.tcmalloc as boolean) ?? null,
  };
}
