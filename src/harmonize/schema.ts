// The harmonization profile: one corpus's Table 2 assignment (rule codes a–e) plus the data the
// rules need (type maps, allowed pairs, relation map, labels, tags). Profiles are data
// (data/profiles/<corpus>.json); this schema validates them and the rules in rules.ts read them.
// Code branches on rule CODES only, never on corpus names.
import { z } from 'zod';

/** The three BioRED entity classes every canonical type belongs to (e2 types are these themselves). */
export const BIORED_ENTITY_TYPES = ['ChemicalEntity', 'DiseaseOrPhenotypicFeature', 'GeneOrGeneProduct'] as const;
export type BioredEntityType = (typeof BIORED_ENTITY_TYPES)[number];

/** The eight BioRED relation types: the only positive labels a d1 map may produce. */
export const BIORED_RELATION_TYPES = [
  'Association',
  'Bind',
  'Comparison',
  'Conversion',
  'Cotreatment',
  'Drug_Interaction',
  'Negative_Correlation',
  'Positive_Correlation',
] as const;

export const RuleCodes = z.strictObject({
  /** a1 spans given; a2 no gold spans, keep relations whose entities are in the abstract; a3 … share a sentence. */
  a: z.enum(['a1', 'a2', 'a3']),
  /** b1 whole abstract as input (document level); b2 the co-occurring sentence(s) (sentence level). */
  b: z.enum(['b1', 'b2']),
  /** c1 uncurated pairs → `None-<Corpus>`; c2 → `None`; c3 → dropped. */
  c: z.enum(['c1', 'c2', 'c3']),
  /** d1 granular types mapped to BioRED types; d2 every positive is `Association`. */
  d: z.enum(['d1', 'd2']),
  /** e1 internal entity types per corpus (`DrugProt-Chem`); e2 the BioRED entity types. */
  e: z.enum(['e1', 'e2']),
});
export type RuleCodes = z.infer<typeof RuleCodes>;

const CanonicalType = z.strictObject({
  /** Tag text: `G` → `<G>…</G>`. */
  tag: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a tag is letters, digits, `_` or `-`'),
  /** The BioRED class this type belongs to (for pair-type reporting, e.g. Table 3's `<G,C>`). */
  class: z.enum(BIORED_ENTITY_TYPES),
});

const DocIdRule = z.discriminatedUnion('kind', [
  /** The document id is the PMID. */
  z.strictObject({ kind: z.literal('pmid') }),
  /** The document id is the PMID followed by a fixed-width suffix (DisGeNET: 4 digits). */
  z.strictObject({ kind: z.literal('pmid-suffix'), digits: z.number().int().positive() }),
  /** Synthetic ids (DDI, AIMed, HPRD50): never match a PMID. */
  z.strictObject({ kind: z.literal('none') }),
]);

export const ProfileSchema = z
  .strictObject({
    /** Corpus name as the registry spells it; also the task name and the instance id prefix. */
    corpus: z.string().min(1),
    /** Human-readable notes (why a choice was made); not used by code. */
    notes: z.array(z.string()).default([]),
    rules: RuleCodes,
    /** The name the prompt uses: "What is the relation in <promptName> between …". */
    promptName: z.string().min(1),
    /** Source entity type (as the reader gives it) → canonical type (a key of canonicalTypes). */
    entityTypes: z.record(z.string(), z.string()),
    /** Source entity types that exist in the corpus but are never paired or tagged. */
    ignoredEntityTypes: z.array(z.string()).default([]),
    canonicalTypes: z.record(z.string(), CanonicalType),
    /** Allowed entity-pair types, oriented: the first element is the first argument. */
    pairs: z.array(z.tuple([z.string(), z.string()])).min(1),
    /** The corpus's own relation labels (native view, TL / MTL). */
    nativeLabels: z.array(z.string()).min(1),
    /** d1: native label → BioRED relation type. Must be absent for d2. */
    relationMap: z.record(z.string(), z.enum(BIORED_RELATION_TYPES)).optional(),
    /** Harmonized negative label: c1 `None-<corpus>`, c2 `None`, c3 null (uncurated pairs dropped). */
    negativeLabel: z.string().nullable(),
    docId: DocIdRule,
    /**
     * What a relation argument names: `concept` = the mention's concept ids (an entity is all mentions
     * of one id); `mention` = the mention's own annotation id (DrugProt `T12`, DDI, AIMed, HPRD50), falling
     * back to its ids when the reader gives no annotation id.
     */
    entityIds: z.enum(['concept', 'mention']).default('concept'),
    /** b2 or a3: `split` runs the sentence splitter on each passage; `passages` takes each passage as one sentence. */
    sentences: z.enum(['split', 'passages']).optional(),
  })
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    // every mapped type is declared, every declared type has a BioRED class consistent with e-rule
    for (const [src, canon] of Object.entries(p.entityTypes)) {
      if (!(canon in p.canonicalTypes)) issue(['entityTypes', src], `maps to "${canon}", which is not in canonicalTypes`);
      if (p.ignoredEntityTypes.includes(src)) issue(['entityTypes', src], 'is also listed in ignoredEntityTypes');
    }
    for (const [canon, def] of Object.entries(p.canonicalTypes)) {
      const isBiored = (BIORED_ENTITY_TYPES as readonly string[]).includes(canon);
      if (p.rules.e === 'e2' && canon !== def.class)
        issue(['canonicalTypes', canon], `e2 uses the BioRED entity types themselves; "${canon}" must be one of ${BIORED_ENTITY_TYPES.join(', ')} and equal its class`);
      if (p.rules.e === 'e1' && isBiored)
        issue(['canonicalTypes', canon], `e1 uses internal entity types (e.g. "${p.corpus}-Chem"), not the BioRED type "${canon}"`);
    }
    p.pairs.forEach(([x, y], i) => {
      for (const t of [x, y]) if (!(t in p.canonicalTypes)) issue(['pairs', i], `"${t}" is not in canonicalTypes`);
    });
    const seen = new Set<string>();
    p.pairs.forEach(([x, y], i) => {
      const key = [x, y].sort().join('|');
      if (seen.has(key)) issue(['pairs', i], `the pair ${x}–${y} is listed twice (in either order)`);
      seen.add(key);
    });
    // d-rule consistency
    if (p.rules.d === 'd1') {
      if (!p.relationMap) issue(['relationMap'], 'd1 needs a relationMap (native label → BioRED type)');
      else for (const l of p.nativeLabels) if (!(l in p.relationMap)) issue(['relationMap'], `d1: native label "${l}" has no mapping`);
    } else if (p.relationMap) issue(['relationMap'], 'd2 maps every positive to Association; remove relationMap');
    // c-rule consistency
    const wantNeg = p.rules.c === 'c1' ? `None-${p.corpus}` : p.rules.c === 'c2' ? 'None' : null;
    if (p.negativeLabel !== wantNeg)
      issue(['negativeLabel'], `${p.rules.c} needs negativeLabel ${JSON.stringify(wantNeg)}, got ${JSON.stringify(p.negativeLabel)}`);
    // b-rule consistency
    const needsSentences = p.rules.b === 'b2' || p.rules.a === 'a3';
    if (needsSentences && !p.sentences) issue(['sentences'], `${p.rules.b === 'b2' ? 'b2' : 'a3'} needs a sentence source: "split" or "passages"`);
    if (!needsSentences && p.sentences) issue(['sentences'], 'b1 (with a1/a2) uses the whole document; remove "sentences"');
  });

export type Profile = z.output<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;
