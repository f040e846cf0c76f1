// A run's identity: sha256 of the canonical JSON of everything that changes its result. Spec
// cosmetics (title, row labels, the order of the seed list, other runs) are not part of it.
import { canonicalJson, sha256 } from '../hashing.ts';
import type { RunTemplate } from './expand.ts';

/** Bump when the meaning of the identity fields (or how training files are derived) changes. */
export const IDENTITY_VERSION = 1;

export interface RunInputs {
  /** Instance files the run reads: set name → split → sha256 (DatasetManifest.fileHashes). */
  instanceHashes: Record<string, Record<string, string>>;
  /** biorex_trainer.__version__ (see src/python.ts). */
  trainerVersion: string;
}

export function runIdentity(t: RunTemplate, inputs: RunInputs): Record<string, unknown> {
  return {
    v: IDENTITY_VERSION,
    configuration: t.configuration,
    mode: t.mode,
    target: t.target,
    externals: t.externals,
    plm: t.plm,
    seed: t.seed,
    size: t.size,
    fold: t.fold ?? null,
    training: t.training,
    data: { train_on: t.data.train_on, max_docs: t.data.max_docs ?? null },
    eval_splits: [...t.evalSplits].sort(),
    instances: inputs.instanceHashes,
    trainer: inputs.trainerVersion,
  };
}

export function runHash(t: RunTemplate, inputs: RunInputs): string {
  return sha256(canonicalJson(runIdentity(t, inputs)));
}
