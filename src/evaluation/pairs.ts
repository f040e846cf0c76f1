// Concept ids and pairs as the scorers see them (pair-type names: src/vocabulary.ts).
import type { Counts, PRF } from './types.ts';

/**
 * Composite concept ids: the official BioRED release joins them with `,`, the BioREx copy with `;`.
 * The authors' evaluator splits on `;` only; we split on both, so either release scores the same.
 */
export function splitIds(ids: string): string[] {
  return ids
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Ids that mean "no concept" in BioRED (`-`) and CDR (`-1`): never paired. */
export function isNoId(id: string): boolean {
  return id === '-' || id === '-1';
}

/** The unordered pair in a canonical order (string order, like the reference's min/max). */
export function orderPair(a: string, b: string): [string, string] {
  return a <= b ? [a, b] : [b, a];
}

/**
 * The concept-id pairs a relation between two (possibly composite) ids stands for: every id of
 * `arg1` with every id of `arg2`, each pair in canonical order. `pairable` drops the pairs that no
 * candidate can be (an id meaning "no concept", an id paired with itself).
 */
export function* expandRelation(arg1: string, arg2: string, opts: { pairable?: boolean } = {}): Generator<[string, string]> {
  for (const a of splitIds(arg1)) {
    for (const b of splitIds(arg2)) {
      if (opts.pairable && (isNoId(a) || isNoId(b) || a === b)) continue;
      yield orderPair(a, b);
    }
  }
}

/** Type used when an id has no mention in its document. */
export const UNKNOWN_TYPE = 'Unknown';

/** The five pair types the authors' evaluator keeps (`only_five_ne_pairs=True`). */
export const FIVE_PAIR_TYPES: readonly string[] = [
  'Chemical|Chemical',
  'Chemical|Disease',
  'Chemical|Gene',
  'Disease|Gene',
  'Gene|Gene',
];

export function prf(c: Counts): PRF {
  const p = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const f = p + r > 0 ? (2 * p * r) / (p + r) : 0;
  return { tp: c.tp, fp: c.fp, fn: c.fn, p, r, f };
}

export function addCounts(into: Counts, c: Counts): void {
  into.tp += c.tp;
  into.fp += c.fp;
  into.fn += c.fn;
}
