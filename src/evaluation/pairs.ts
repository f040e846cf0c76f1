// Concept ids, entity types and pair types as the scorers see them.
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
const LETTER_TYPE: Record<string, string> = { C: 'Chemical', D: 'Disease', G: 'Gene', V: 'Variant' };

/** Short entity-type name used in pair types (`GeneOrGeneProduct` → `Gene`); unknown types unchanged. */
export function shortType(type: string): string {
  return SHORT_TYPE[type] ?? type;
}

/** Type used when an id has no mention in its document. */
export const UNKNOWN_TYPE = 'Unknown';

/** Sorted short pair type, e.g. (`GeneOrGeneProduct`, `ChemicalEntity`) → `Chemical|Gene`. */
export function pairTypeOf(type1: string, type2: string): string {
  const [a, b] = [shortType(type1), shortType(type2)].sort();
  return `${a}|${b}`;
}

/** The five pair types the authors' evaluator keeps (`only_five_ne_pairs=True`). */
export const FIVE_PAIR_TYPES: readonly string[] = [
  'Chemical|Chemical',
  'Chemical|Disease',
  'Chemical|Gene',
  'Disease|Gene',
  'Gene|Gene',
];

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
  const names = parts.map((p) => LETTER_TYPE[p.toUpperCase()] ?? shortType(p));
  return pairTypeOf(names[0], names[1]);
}

export function isNegativeLabel(label: string): boolean {
  return label.startsWith('None');
}

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
