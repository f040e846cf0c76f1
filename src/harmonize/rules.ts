// The paper's Table 1 rules as code. Each function reads a profile and branches on its rule
// CODES (a1…e2), never on the corpus name: a new corpus is a new profile, not a new branch.
import { pairLetter } from '../vocabulary.ts';
import type { Profile } from './schema.ts';

export type View = 'harmonized' | 'native';
export type Level = 'document' | 'sentence';

/** Ids that mean "no concept id" in the corpora (BioRED `-`, CDR `-1`, empty). */
export function isMissingId(id: string): boolean {
  const t = id.trim();
  return t === '' || t === '-' || t === '-1';
}

/**
 * e-rule, via the profile's type map: the canonical type of a source entity type.
 * `null` = a known type that is never paired (OrganismTaxon, variants in EMU…); `undefined` = unknown.
 */
export function canonicalType(p: Profile, sourceType: string): string | null | undefined {
  const t = p.entityTypes[sourceType];
  if (t !== undefined) return t;
  return p.ignoredEntityTypes.includes(sourceType) ? null : undefined;
}

/**
 * Allowed-pair check with orientation. `a` is the entity mentioned first. Returns `forward` when the
 * pair is (a, b) in the profile's order, `reverse` when the profile orders it (b, a), `null` when the
 * types are not an allowed pair. Same-type pairs are always `forward` (first mention first).
 */
export function orientPair(p: Profile, typeA: string, typeB: string): 'forward' | 'reverse' | null {
  for (const [x, y] of p.pairs) {
    if (x === typeA && y === typeB) return 'forward';
    if (x === typeB && y === typeA) return 'reverse';
  }
  return null;
}

/** b-rule: b1 → the whole document; b2 → the co-occurring sentence(s). */
export function levelOf(p: Profile): Level {
  return p.rules.b === 'b1' ? 'document' : 'sentence';
}

/**
 * a-rule: may a curated relation be kept, given where its two entities occur?
 * a1 spans are gold: nothing extra (the b-rule decides the context). a2 (automatic annotation,
 * relation from the abstract): both entities must be mentioned in the document. a3 (relation may come
 * from full text): both entities must share a sentence.
 */
export function keepCuratedRelation(p: Profile, where: { bothInDocument: boolean; shareSentence: boolean }): boolean {
  switch (p.rules.a) {
    case 'a1':
      return true;
    case 'a2':
      return where.bothInDocument;
    case 'a3':
      return where.shareSentence;
  }
}

/**
 * a2 + b2: a kept relation whose entities are in the abstract but in no common sentence still
 * needs a body; it gets the sentences that mention either entity. Other codes never do this.
 */
export function widensBodyForKeptRelation(p: Profile): boolean {
  return p.rules.a === 'a2' && p.rules.b === 'b2';
}

/**
 * c-rule: the label of an uncurated pair, or `null` when such pairs are dropped (c3).
 * In the native view (TL / MTL) every negative is the corpus's own `None-<corpus>` class.
 */
export function negativeLabel(p: Profile, view: View): string | null {
  if (p.rules.c === 'c3') return null;
  if (view === 'native') return `None-${p.corpus}`;
  return p.rules.c === 'c1' ? `None-${p.corpus}` : 'None';
}

/** d-rule: the label of a curated relation. d1 maps to BioRED types, d2 makes it `Association`. */
export function positiveLabel(p: Profile, view: View, nativeType: string): string {
  if (view === 'native') return nativeType;
  if (p.rules.d === 'd2') return 'Association';
  const mapped = p.relationMap?.[nativeType];
  if (mapped === undefined) throw new Error(`profile ${p.corpus}: no d1 mapping for "${nativeType}"`);
  return mapped;
}

/** The labels a corpus can produce in a view: negative first (when it has one), then positives in profile order. */
export function labelsOf(p: Profile, view: View): { negatives: string[]; positives: string[] } {
  const neg = negativeLabel(p, view);
  const positives: string[] = [];
  for (const l of p.nativeLabels) {
    const m = positiveLabel(p, view, l);
    if (!positives.includes(m)) positives.push(m);
  }
  return { negatives: neg === null ? [] : [neg], positives };
}

/** e-rule tags: `<G>` / `</G>` for e2 types, `<DrugProt-Chem>` / `</DrugProt-Chem>` for e1 types. */
export function tagsOf(p: Profile, canonical: string): { open: string; close: string } {
  const def = p.canonicalTypes[canonical];
  if (!def) throw new Error(`profile ${p.corpus}: no canonical type "${canonical}"`);
  return { open: `<${def.tag}>`, close: `</${def.tag}>` };
}

/** Every tag string a corpus's instances can contain (types that take part in an allowed pair). */
export function specialTokensOf(p: Profile): string[] {
  const types = new Set(p.pairs.flat());
  const out: string[] = [];
  for (const t of Object.keys(p.canonicalTypes)) {
    if (!types.has(t)) continue;
    const { open, close } = tagsOf(p, t);
    out.push(open, close);
  }
  return out;
}

/** The BioRED class letter pair of two canonical types, as the paper's tables write them (`<C,D>`). */
export function pairClass(p: Profile, types: readonly [string, string]): string {
  const letter = (t: string) => pairLetter(p.canonicalTypes[t]?.class ?? t);
  return `<${letter(types[0])},${letter(types[1])}>`;
}

/** Document id → PMID for overlap removal, or `null` for synthetic ids that never match a PMID. */
export function pmidOf(p: Profile, docId: string): string | null {
  switch (p.docId.kind) {
    case 'none':
      return null;
    case 'pmid':
      return /^\d+$/.test(docId) ? docId : null;
    case 'pmid-suffix': {
      const d = p.docId.digits;
      return /^\d+$/.test(docId) && docId.length > d ? docId.slice(0, -d) : null;
    }
  }
}

/** Corpora without gold spans (a2 / a3) cannot be used by TL or MTL (paper Table 3: "–"). */
export function usableForTransfer(p: Profile): boolean {
  return p.rules.a === 'a1';
}
