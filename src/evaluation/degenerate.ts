// A degenerate model: one that predicted no relation at all on an eval set (every candidate pair a
// negative label), while the gold has relations. Its F is 0 and its instance "accuracy" is merely the
// share of negatives, so it must not be read like any other run. Decided here, once, from the stored
// counts of the entity-pair criterion over all pairs (tp + fp = the pairs it predicted related);
// `biorex run` output, `biorex runs list` and the report all ask these functions.

/** Counts as the scorers store them (null where a row has none). */
export interface StoredCounts {
  tp: number | null;
  fp: number | null;
  fn: number | null;
}

/** A result row with what identifies it (a tracking `results` row has these fields). */
export interface StoredResult extends StoredCounts {
  evalSet: string;
  criterion: string;
  pairType: string;
}

/** The criterion and pair subset the decision reads: every pair, relation or not. */
export const DEGENERATE_CRITERION = 'pair';
export const DEGENERATE_PAIR_TYPE = 'all';

/** True when no pair was predicted related (tp + fp = 0) although the gold has relations (tp + fn > 0). */
export function predictsOnlyNegatives(c: StoredCounts): boolean {
  if (c.tp === null || c.fp === null || c.fn === null) return false;
  return c.tp + c.fp === 0 && c.tp + c.fn > 0;
}

/** The eval sets on which a run's results show it predicted no relation (empty: not degenerate). */
export function degenerateEvalSets(rows: readonly StoredResult[]): string[] {
  const out = new Set<string>();
  for (const r of rows) {
    if (r.criterion === DEGENERATE_CRITERION && r.pairType === DEGENERATE_PAIR_TYPE && predictsOnlyNegatives(r)) out.add(r.evalSet);
  }
  return [...out].sort();
}

/** The one wording of the flag, for terminals and reports: "predicts no relation on BioRED/test". */
export function degenerateMessage(evalSets: readonly string[]): string {
  return `degenerate: predicts no relation on ${evalSets.join(', ')} (every pair negative; F 0, accuracy = share of negatives)`;
}
