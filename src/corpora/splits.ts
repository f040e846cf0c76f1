// Seeded, reproducible splits and cross-validation folds by document GROUP: all records of one
// abstract (AIMed sentences, DisGeNET PMID+suffix records) land on the same side.
import seedrandom from 'seedrandom';

export interface SplitSpec {
  seed: number | string;
  /** split name → fraction of groups. The first split takes what the others leave. */
  fractions: Record<string, number>;
  /** Regex whose capture group 1 is the group key; a doc id that does not match is its own group. */
  group?: string;
}

/** The group key of a document id. */
export function groupOf(docId: string, pattern?: RegExp): string {
  if (!pattern) return docId;
  const m = pattern.exec(docId);
  return m && m[1] !== undefined ? m[1] : docId;
}

function sortedGroups(docIds: Iterable<string>, pattern?: RegExp): string[] {
  const groups = new Set<string>();
  for (const id of docIds) groups.add(groupOf(id, pattern));
  return [...groups].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Fisher–Yates with a seeded generator: the same seed and groups give the same order. */
function shuffle<T>(items: T[], seed: number | string): T[] {
  const rng = seedrandom(String(seed));
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Assigns every document id to a split. Groups are sorted, shuffled with the seed, then each split
 * after the first gets floor(fraction × groups) groups (as the reference's int(0.2·n)), the first
 * split the rest. Independent of the order of `docIds`.
 */
export function assignSplits(docIds: Iterable<string>, def: SplitSpec): Map<string, string> {
  const ids = [...docIds];
  const pattern = def.group ? new RegExp(def.group) : undefined;
  const groups = shuffle(sortedGroups(ids, pattern), def.seed);
  const names = Object.keys(def.fractions);
  if (names.length === 0) throw new Error('assignSplits: no splits given');
  const groupSplit = new Map<string, string>();
  let next = 0;
  for (const name of names.slice(1)) {
    const n = Math.floor(def.fractions[name] * groups.length + 1e-9); // 0.29 × 100 is 28.999…
    for (const g of groups.slice(next, next + n)) groupSplit.set(g, name);
    next += n;
  }
  for (const g of groups.slice(next)) groupSplit.set(g, names[0]);
  const out = new Map<string, string>();
  for (const id of ids) out.set(id, groupSplit.get(groupOf(id, pattern))!);
  return out;
}

/** Assigns every document id to a fold 0..k-1; folds differ by at most one group. */
export function assignFolds(docIds: Iterable<string>, k: number, seed: number | string, groupRegex?: string): Map<string, number> {
  if (!Number.isInteger(k) || k < 2) throw new Error(`assignFolds: k must be an integer >= 2, got ${k}`);
  const ids = [...docIds];
  const pattern = groupRegex ? new RegExp(groupRegex) : undefined;
  const groups = shuffle(sortedGroups(ids, pattern), seed);
  const groupFold = new Map<string, number>();
  groups.forEach((g, i) => groupFold.set(g, i % k));
  const out = new Map<string, number>();
  for (const id of ids) out.set(id, groupFold.get(groupOf(id, pattern))!);
  return out;
}
