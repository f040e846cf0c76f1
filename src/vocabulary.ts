// The words every stage shares, defined once: the scoring criteria and their default, the names of
// entity types and pair types (`Chemical|Disease`) with the paper's pair notation (`<C,D>`), and
// what a negative label is. Stages import these; none defines its own copy.

/**
 * What must match for a predicted relation to count as a true positive (BioRED criteria):
 * - `pair`         the unordered entity (concept id) pair;
 * - `pair+type`    the pair and the relation type (a right pair with a wrong type = 1 FP + 1 FN);
 * - `pair+novelty` the pair and the novelty flag (`Novel` / `No`);
 * - `all`          pair, relation type and novelty.
 */
export const CRITERIA = ['pair', 'pair+type', 'pair+novelty', 'all'] as const;
export type Criterion = (typeof CRITERIA)[number];

/**
 * The criteria of the N-ary drug-combination task (paper Table 5), as its dataset's authors score it:
 * positive combination (POS vs the rest) or any combination (POS, NEG, COMB vs none), with exact or
 * partial match (docs/evaluation.md).
 */
export const COMBINATION_CRITERIA = ['positive/exact', 'positive/partial', 'any/exact', 'any/partial'] as const;
export type CombinationCriterion = (typeof COMBINATION_CRITERIA)[number];

/** The criteria scored, stored and tabulated when nothing else is asked for (the paper's two). */
export const DEFAULT_CRITERIA: readonly Criterion[] = ['pair', 'pair+type'];

/** A label meaning "no relation": `None`, or a corpus's own negative class (`None-DDI`, …). */
export function isNegativeLabel(label: string): boolean {
  return label.startsWith('None');
}

const SHORT_TYPE: Record<string, string> = {
  ChemicalEntity: 'Chemical',
  Chemical: 'Chemical',
  DiseaseOrPhenotypicFeature: 'Disease',
  Disease: 'Disease',
  GeneOrGeneProduct: 'Gene',
  Gene: 'Gene',
  SequenceVariant: 'Variant',
  Variant: 'Variant',
  OrganismTaxon: 'Organism',
  Organism: 'Organism',
  CellLine: 'CellLine',
};

/** Letters of the paper's pair notation (`<G,C>`) → the short type names pair types use. */
export const PAIR_LETTERS: Readonly<Record<string, string>> = { C: 'Chemical', D: 'Disease', G: 'Gene', V: 'Variant' };

/** Short entity-type name used in pair types (`GeneOrGeneProduct` → `Gene`); unknown types unchanged. */
export function shortType(type: string): string {
  return SHORT_TYPE[type] ?? type;
}

/** The pair-notation letter of an entity type or class (`ChemicalEntity` → `C`); `?` when it has none. */
export function pairLetter(type: string): string {
  const short = shortType(type);
  return Object.keys(PAIR_LETTERS).find((l) => PAIR_LETTERS[l] === short) ?? '?';
}

/** Sorted short pair type, e.g. (`GeneOrGeneProduct`, `ChemicalEntity`) → `Chemical|Gene`. */
export function pairTypeOf(type1: string, type2: string): string {
  const [a, b] = [shortType(type1), shortType(type2)].sort();
  return `${a}|${b}`;
}

/**
 * Reads a pair type written in any of the usual ways: `Chemical|Disease`, `Disease|Chemical`,
 * `<C,D>`, `C,D`, `ChemicalEntity|DiseaseOrPhenotypicFeature`. Returns the canonical form, or
 * undefined when it cannot be read.
 */
export function parsePairType(text: string): string | undefined {
  const parts = text
    .trim()
    .replace(/^<|>$/g, '')
    .split(/[|,\s]+/)
    .filter((s) => s.length > 0);
  if (parts.length !== 2) return undefined;
  const names = parts.map((p) => PAIR_LETTERS[p.toUpperCase()] ?? shortType(p));
  return pairTypeOf(names[0], names[1]);
}

/**
 * The results-table key of a pair subset: `All` → `all`, `<G,C>` → `Chemical|Gene` (as the scorers
 * write pair types); text that is no pair type is kept as written.
 */
export function pairKey(notation: string): string {
  if (notation === 'All' || notation === 'all') return 'all';
  return parsePairType(notation) ?? notation;
}
