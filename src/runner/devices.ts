// Device slots: one run per visible GPU (CUDA_VISIBLE_DEVICES or nvidia-smi), else CPU slots.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface DeviceSlot {
  /** e.g. `cuda:0`, `cpu`, `cpu#2`. */
  name: string;
  device: 'cuda' | 'cpu';
  /** Environment overrides for the trainer on this slot. */
  env: Record<string, string>;
  /** torch threads for CPU slots (the CPUs shared between the CPU slots). */
  threads?: number;
}

/** GPU indexes visible to this process: CUDA_VISIBLE_DEVICES if set, else nvidia-smi's list. */
export function visibleGpus(): string[] {
  const cvd = process.env.CUDA_VISIBLE_DEVICES;
  if (cvd !== undefined) {
    return cvd
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '' && s !== '-1' && s !== 'NoDevFiles');
  }
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=index', '--format=csv,noheader'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => /^\d+$/.test(s));
  } catch {
    return []; // no nvidia-smi or no driver: CPU
  }
}

/**
 * Slots for `jobs` parallel runs. With GPUs: one per GPU (jobs caps the count). Without: `jobs` CPU
 * slots (default 1) sharing the CPUs.
 */
export function deviceSlots(opts: { jobs?: number; cpu?: boolean } = {}): DeviceSlot[] {
  const gpus = opts.cpu ? [] : visibleGpus();
  if (gpus.length > 0) {
    const n = Math.max(1, Math.min(opts.jobs ?? gpus.length, gpus.length));
    return gpus.slice(0, n).map((g) => ({ name: `cuda:${g}`, device: 'cuda', env: { CUDA_VISIBLE_DEVICES: g } }));
  }
  const n = Math.max(1, opts.jobs ?? 1);
  const threads = Math.max(1, Math.floor(availableParallelism() / n));
  return Array.from({ length: n }, (_, i) => ({
    name: n === 1 ? 'cpu' : `cpu#${i}`,
    device: 'cpu' as const,
    env: { CUDA_VISIBLE_DEVICES: '' },
    threads,
  }));
}
