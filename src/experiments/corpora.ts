// What the experiment layer needs to know about each corpus to validate and expand a spec, read
// from the one place that knows corpora: the corpus registry (names, cross-validation folds) and
// the harmonization profiles (entity pairs, whether entity spans exist). Nothing is hard-coded
// here, so a corpus added to the registry (e.g. the synthetic sample externals) is usable at once.
import { loadRegistry } from '../corpora/index.ts';
import { loadProfile, PAPER_CORPORA as HARMONIZE_PAPER_CORPORA, usableForTransfer } from '../harmonize/index.ts';

export type CorpusName = string;

export interface CorpusFacts {
  /** Entity pair of its relations in the paper's notation (`<C,D>`), `All` when it has several. */
  pair: string;
  /** Entity spans are annotated (TL and MTL need them; paper Table 3 shows "–" otherwise). */
  spans: boolean;
  /** No official test split: evaluated with k-fold cross-validation (paper Table 4). */
  crossValidation: boolean;
  /** k of the registry's folds, when it defines folds. */
  folds?: number;
}

/** Letters of the paper's pair notation → the short type names evaluation/ uses in pair types. */
export const PAIR_LETTERS: Record<string, string> = { C: 'Chemical', D: 'Disease', G: 'Gene', V: 'Variant' };

function letterOf(type: string): string {
  if (/chem|drug/i.test(type)) return 'C';
  if (/disease|phenotyp/i.test(type)) return 'D';
  if (/variant|mutation/i.test(type)) return 'V';
  if (/gene|protein/i.test(type)) return 'G';
  return '?';
}

function readFacts(): { names: string[]; facts: Record<string, CorpusFacts> } {
  const names: string[] = [];
  const facts: Record<string, CorpusFacts> = {};
  for (const entry of loadRegistry().corpora) {
    names.push(entry.name);
    let pair = 'All';
    let spans = true;
    try {
      const profile = loadProfile(entry.name);
      spans = usableForTransfer(profile);
      const classOf = (t: string) => profile.canonicalTypes?.[t]?.class ?? t;
      // The paper's notation orders the letters G, C, D (<G,C>, <G,D>, <C,D>).
      const rank = (l: string) => ['G', 'C', 'D', 'V'].indexOf(l);
      const pairs = new Set(
        profile.pairs.map(([a, b]) => [letterOf(classOf(a)), letterOf(classOf(b))].sort((x, y) => rank(x) - rank(y)).join(',')),
      );
      if (pairs.size === 1) pair = `<${[...pairs][0]}>`;
    } catch {
      /* a registry corpus without a profile: no instance sets either; keep the defaults */
    }
    const splits = entry.splits as { kind: string; folds?: { k: number } };
    facts[entry.name] = {
      pair,
      spans,
      crossValidation: splits.kind === 'random' && splits.folds !== undefined,
      ...(splits.folds ? { folds: splits.folds.k } : {}),
    };
  }
  return { names, facts };
}

const read = readFacts();

/** Every corpus of the registry, in registry order. */
export const CORPUS_NAMES = read.names as [string, ...string[]];
export const CORPUS_FACTS: Readonly<Record<string, CorpusFacts>> = read.facts;

/** The paper's nine corpora: what `external: all` means (the target excluded). */
export const PAPER_CORPORA: readonly CorpusName[] = CORPUS_NAMES.filter((c) => (HARMONIZE_PAPER_CORPORA as readonly string[]).includes(c));

/**
 * The results-table key of a row's pair: `<G,C>` → `Chemical|Gene` (sorted short types, as
 * evaluation/ writes pair types), `All` → `all`.
 */
export function pairKey(notation: string): string {
  if (notation === 'All' || notation === 'all') return 'all';
  const m = /^<([A-Z]),([A-Z])>$/.exec(notation);
  if (!m) return notation;
  return [PAIR_LETTERS[m[1]] ?? m[1], PAIR_LETTERS[m[2]] ?? m[2]].sort().join('|');
}
