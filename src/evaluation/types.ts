// Types shared by the scorers. Every score is stored as `ScoreRow`s (one table in tracking).
// The criteria (what must match) are shared vocabulary: src/vocabulary.ts.
import type { Criterion } from '../vocabulary.ts';

/** Which entity-pair types are scored: the reference's five pairs, or everything. */
export type PairFilter = 'five' | 'none';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Micro precision / recall / F1 (0 when undefined). */
export interface PRF extends Counts {
  p: number;
  r: number;
  f: number;
}

/** One stored result line (tracking `results` table). */
export interface ScoreRow extends PRF {
  /** e.g. `BioRED/test`, `AIMed/cv`. */
  evalSet: string;
  criterion: Criterion;
  /** `all`, or a sorted short pair type such as `Chemical|Disease`. */
  pairType: string;
  /** Set on the by-relation-type breakdown rows. */
  relType?: string;
  /** Set on per-fold rows of a cross-validation aggregate. */
  fold?: number;
}

/** A relation predicted between two concept ids of one document (order of ids irrelevant). */
export interface PredictedPair {
  doc: string;
  id1: string;
  id2: string;
  /** Relation type (a label not starting with `None`). */
  type: string;
  novelty?: string;
  /** Confidence of the predicted label, used to pick one label when several instances fold onto one pair. */
  score?: number;
  /** The instances this pair was folded from (error analysis). */
  instanceIds?: string[];
}

/** One line of `predictions/<split>.jsonl` written by the trainer. */
export interface InstancePrediction {
  id: string;
  label: string;
  /** Class probabilities: aligned with the manifest's label list, or keyed by label. */
  probs?: number[] | Record<string, number>;
  /** Optional novelty prediction (`Novel` / `No`) for the novelty criteria. */
  novel?: string;
}

/** One relation outcome in the per-document error lists. */
export interface Outcome {
  id1: string;
  id2: string;
  pairType: string;
  /** Gold type for TP/FN, predicted type for FP. */
  relType?: string;
  novelty?: string;
}

export interface DocumentOutcomes extends Counts {
  doc: string;
  tps: Outcome[];
  fps: Outcome[];
  fns: Outcome[];
}
