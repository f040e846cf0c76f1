// What the experiment layer needs to know about each corpus to validate and expand a spec, read
// from the one place that knows corpora: the corpus registry (names, cross-validation folds) and
// the harmonization profiles (entity pairs, whether entity spans exist). Nothing is hard-coded
// here, so a corpus added to the registry (e.g. the synthetic sample externals) is usable at once.
import { isNaryCorpus, loadRegistry } from '../corpora/index.ts';
import { loadProfile, PAPER_CORPORA as HARMONIZE_PAPER_CORPORA, usableForTransfer } from '../harmonize/index.ts';
import { pairLetter } from '../vocabulary.ts';

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
  /** n-ary relations (drug combinations, paper Table 5): only the `original` configuration applies. */
  nary: boolean;
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
      const classOf = (t: string) => profile.canonicalTypes[t].class; // every paired type has one (profile schema)
      // The paper's notation orders the letters G, C, D (<G,C>, <G,D>, <C,D>).
      const rank = (l: string) => ['G', 'C', 'D', 'V'].indexOf(l);
      const pairs = new Set(
        profile.pairs.map(([a, b]) => [pairLetter(classOf(a)), pairLetter(classOf(b))].sort((x, y) => rank(x) - rank(y)).join(',')),
      );
      if (pairs.size === 1) pair = `<${[...pairs][0]}>`;
    } catch {
      /* a registry corpus without a profile: no instance sets either; keep the defaults */
    }
    const splits = entry.splits as { kind: string; folds?: { k: number } };
    facts[entry.name] = {
      pair,
      spans,
      nary: isNaryCorpus(entry),
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
