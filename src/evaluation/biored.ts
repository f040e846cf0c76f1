// The BioRED scorer: relations between concept ids per document, micro P/R/F over all documents.
import type { Document } from '../corpora/types.ts';
import type { Instance } from '../instances/types.ts';
import { CRITERIA, isNegativeLabel, pairTypeOf, parsePairType, type Criterion } from '../vocabulary.ts';
import { foldInstancePredictions, type FoldOptions } from './instance-predictions.ts';
import { FIVE_PAIR_TYPES, UNKNOWN_TYPE, expandRelation, prf, splitIds } from './pairs.ts';
import { fifthField } from './predicted-pubtator.ts';
import type {
  Counts,
  DocumentOutcomes,
  InstancePrediction,
  Outcome,
  PairFilter,
  PRF,
  PredictedPair,
  ScoreRow,
} from './types.ts';

/** Scorer id stored with the rows of this scorer (bump the version when its counting changes). */
export const BIORED_SCORER = 'evaluation/biored-v1';

export interface BioREDScoreOptions {
  /** Criteria to compute (default: all four). */
  criteria?: readonly Criterion[];
  /** `five` (default, the reference's five entity-pair types) or `none`. */
  filter?: PairFilter;
  /** Score only one entity-pair type, e.g. `Chemical|Disease` or `<C,D>` (paper Table 3 rows). */
  pairSubset?: string;
  /** Name stored with each row (default `BioRED/test`). */
  evalSet?: string;
  /** Keep the per-document TP/FP/FN lists (default true). */
  details?: boolean;
}

export interface BioREDScore {
  evalSet: string;
  filter: PairFilter;
  pairSubset?: string;
  criteria: Criterion[];
  /** Storage form: overall, by pair type, by relation type, by pair type × relation type. */
  rows: ScoreRow[];
  /** Overall micro scores by criterion. */
  overall: Partial<Record<Criterion, PRF>>;
  /** Per-document TP/FP/FN lists by criterion (every document of gold ∪ pred, in gold order). */
  documents?: Partial<Record<Criterion, DocumentOutcomes[]>>;
  /** Things the caller should know (unknown entity types, documents missing on one side). */
  warnings: string[];
}

interface Rel {
  id1: string;
  id2: string;
  type: string;
  novelty?: string;
  pairType: string;
}

/** id → original entity type of one document (composite ids split; the last mention wins, as in the reference). */
export function entityTypes(doc: Document): Map<string, string> {
  const types = new Map<string, string>();
  for (const m of doc.mentions) for (const raw of m.ids) for (const id of splitIds(raw)) types.set(id, m.type);
  return types;
}

function typeOf(id: string, ...maps: (Map<string, string> | undefined)[]): string {
  for (const m of maps) {
    const t = m?.get(id);
    if (t !== undefined) return t;
  }
  return UNKNOWN_TYPE;
}

function keyOf(rel: Rel, criterion: Criterion): string {
  const pair = `${rel.id1}\t${rel.id2}`;
  switch (criterion) {
    case 'pair':
      return pair;
    case 'pair+type':
      return `${pair}\t${rel.type}`;
    case 'pair+novelty':
      return `${pair}\t${rel.novelty ?? '?'}`;
    case 'all':
      return `${pair}\t${rel.type}\t${rel.novelty ?? '?'}`;
  }
}

const hasType = (c: Criterion) => c === 'pair+type' || c === 'all';

function outcome(rel: Rel, criterion: Criterion): Outcome {
  const o: Outcome = { id1: rel.id1, id2: rel.id2, pairType: rel.pairType };
  if (criterion !== 'pair') o.relType = rel.type;
  if (rel.novelty !== undefined) o.novelty = rel.novelty;
  return o;
}

class Tally {
  private readonly map = new Map<string, Counts>();
  add(key: string, field: keyof Counts): void {
    let c = this.map.get(key);
    if (!c) this.map.set(key, (c = { tp: 0, fp: 0, fn: 0 }));
    c[field]++;
  }
  ensure(key: string): void {
    if (!this.map.has(key)) this.map.set(key, { tp: 0, fp: 0, fn: 0 });
  }
  entries(): [string, Counts][] {
    return [...this.map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** Relations per document, with the entity types they were typed with and how many ids had no type. */
interface DocRelations {
  rels: Map<string, Rel[]>;
  unknown: number;
}

/** Gold relations per document (composite ids expanded), typed by the document's own mentions. */
function goldRelations(gold: readonly Document[]): DocRelations & { types: Map<string, Map<string, string>> } {
  const types = new Map<string, Map<string, string>>();
  const rels = new Map<string, Rel[]>();
  let unknown = 0;
  for (const doc of gold) {
    const own = entityTypes(doc);
    types.set(doc.id, own);
    const list: Rel[] = rels.get(doc.id) ?? [];
    for (const r of doc.relations) {
      for (const [id1, id2] of expandRelation(r.arg1, r.arg2)) {
        const t1 = typeOf(id1, own);
        const t2 = typeOf(id2, own);
        if (t1 === UNKNOWN_TYPE || t2 === UNKNOWN_TYPE) unknown++;
        list.push({ id1, id2, type: r.type, novelty: r.novelty, pairType: pairTypeOf(t1, t2) });
      }
    }
    rels.set(doc.id, list);
  }
  return { types, rels, unknown };
}

/**
 * Predicted relations per document, typed by the gold document's mentions (a predicted PubTator
 * document's own mentions only for ids the gold lacks). Warns about gold documents with no predicted one.
 */
function predictedRelations(
  gold: readonly Document[],
  pred: readonly Document[] | readonly PredictedPair[],
  goldTypes: Map<string, Map<string, string>>,
  warnings: string[],
): DocRelations {
  const rels = new Map<string, Rel[]>();
  let unknown = 0;
  const push = (doc: string, id1: string, id2: string, rel: Omit<Rel, 'id1' | 'id2' | 'pairType'>, ...typeMaps: (Map<string, string> | undefined)[]) => {
    const t1 = typeOf(id1, ...typeMaps);
    const t2 = typeOf(id2, ...typeMaps);
    if (t1 === UNKNOWN_TYPE || t2 === UNKNOWN_TYPE) unknown++;
    let list = rels.get(doc);
    if (!list) rels.set(doc, (list = []));
    list.push({ id1, id2, ...rel, pairType: pairTypeOf(t1, t2) });
  };
  const isDocs = pred.length > 0 && 'relations' in (pred[0] as object);
  if (isDocs) {
    const predDocs = new Set<string>();
    for (const doc of pred as readonly Document[]) {
      predDocs.add(doc.id);
      const ownTypes = entityTypes(doc);
      for (const r of doc.relations) {
        if (isNegativeLabel(r.type)) continue; // a negative label is not a relation
        const { novelty } = fifthField(r.novelty);
        for (const [id1, id2] of expandRelation(r.arg1, r.arg2)) push(doc.id, id1, id2, { type: r.type, novelty }, goldTypes.get(doc.id), ownTypes);
      }
    }
    const missing = gold.filter((d) => !predDocs.has(d.id)).length;
    if (missing > 0) warnings.push(`${missing} gold document(s) have no predicted document: their relations count as FN`);
  } else {
    for (const p of pred as readonly PredictedPair[]) {
      for (const [id1, id2] of expandRelation(p.id1, p.id2)) push(p.doc, id1, id2, { type: p.type, novelty: p.novelty }, goldTypes.get(p.doc));
    }
  }
  return { rels, unknown };
}

/** One criterion over the documents in scope: micro counts overall, by pair type, by relation type, and per document. */
function scoreCriterion(
  criterion: Criterion,
  docOrder: readonly string[],
  gold: ReadonlyMap<string, Rel[]>,
  pred: ReadonlyMap<string, Rel[]>,
  o: { evalSet: string; filter: PairFilter; subset?: string; keepDetails: boolean },
): { rows: ScoreRow[]; overall: PRF; documents: DocumentOutcomes[] } {
  const { evalSet } = o;
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const byPair = new Tally();
  const byRel = new Tally();
  const byPairRel = new Tally();
  if (o.filter === 'five' && o.subset === undefined) for (const pt of FIVE_PAIR_TYPES) byPair.ensure(pt);
  if (o.subset !== undefined) byPair.ensure(o.subset);
  const documents: DocumentOutcomes[] = [];

  const count = (rel: Rel, field: keyof Counts, out: Outcome[] | undefined) => {
    total[field]++;
    byPair.add(rel.pairType, field);
    if (hasType(criterion)) {
      byRel.add(rel.type, field);
      byPairRel.add(`${rel.pairType}\t${rel.type}`, field);
    }
    out?.push(outcome(rel, criterion));
  };

  for (const docId of docOrder) {
    const goldKeys = new Map<string, Rel>();
    for (const r of gold.get(docId)!) goldKeys.set(keyOf(r, criterion), r);
    const predKeys = new Map<string, Rel>();
    for (const r of pred.get(docId)!) predKeys.set(keyOf(r, criterion), r);
    const d: DocumentOutcomes | undefined = o.keepDetails ? { doc: docId, tp: 0, fp: 0, fn: 0, tps: [], fps: [], fns: [] } : undefined;
    for (const [k, r] of goldKeys) count(r, predKeys.has(k) ? 'tp' : 'fn', predKeys.has(k) ? d?.tps : d?.fns);
    for (const [k, r] of predKeys) if (!goldKeys.has(k)) count(r, 'fp', d?.fps);
    if (d) {
      d.tp = d.tps.length;
      d.fp = d.fps.length;
      d.fn = d.fns.length;
      documents.push(d);
    }
  }

  const rows: ScoreRow[] = [{ evalSet, criterion, pairType: 'all', ...prf(total) }];
  for (const [pt, c] of byPair.entries()) rows.push({ evalSet, criterion, pairType: pt, ...prf(c) });
  for (const [rt, c] of byRel.entries()) rows.push({ evalSet, criterion, pairType: 'all', relType: rt, ...prf(c) });
  for (const [k, c] of byPairRel.entries()) {
    const [pt, rt] = k.split('\t');
    rows.push({ evalSet, criterion, pairType: pt, relType: rt, ...prf(c) });
  }
  return { rows, overall: prf(total), documents };
}

/**
 * Scores predicted relations against gold BioRED documents.
 *
 * `pred` is either predicted PubTator documents (relation lines; a 5th field is read as a score
 * when numeric, as novelty otherwise) or pairs folded from instance predictions
 * (`foldInstancePredictions`). Entity types for the filter and the breakdowns always come from
 * the gold documents' original mention types (SequenceVariant stays SequenceVariant), so
 * relations with a variant argument fall outside the default five-pair filter.
 */
export function scoreBioRED(
  gold: readonly Document[],
  pred: readonly Document[] | readonly PredictedPair[],
  opts: BioREDScoreOptions = {},
): BioREDScore {
  const criteria = [...(opts.criteria ?? CRITERIA)];
  const filter = opts.filter ?? 'five';
  const evalSet = opts.evalSet ?? 'BioRED/test';
  const keepDetails = opts.details ?? true;
  const warnings: string[] = [];
  let subset: string | undefined;
  if (opts.pairSubset !== undefined) {
    subset = parsePairType(opts.pairSubset);
    if (!subset) throw new Error(`cannot read pair subset "${opts.pairSubset}": write it like Chemical|Disease or <C,D>`);
    if (filter === 'five' && !FIVE_PAIR_TYPES.includes(subset)) {
      warnings.push(`pair subset ${subset} is outside the five-pair filter: use filter "none" to score it`);
    }
  }
  const inScope = (pairType: string) =>
    (filter === 'none' || FIVE_PAIR_TYPES.includes(pairType)) && (subset === undefined || pairType === subset);

  const g = goldRelations(gold);
  if (g.unknown > 0) warnings.push(`${g.unknown} gold relation(s) name an id with no mention in its document (type ${UNKNOWN_TYPE})`);
  const p = predictedRelations(gold, pred, g.types, warnings);
  if (p.unknown > 0) {
    warnings.push(
      `${p.unknown} predicted relation(s) name an id with no mention in the gold document (type ${UNKNOWN_TYPE}; ` +
        `${filter === 'five' ? 'outside the five-pair filter, so not counted' : 'counted'}): were the predictions made on this gold file?`,
    );
  }
  const extraDocs = [...p.rels.keys()].filter((d) => !g.rels.has(d));
  if (extraDocs.length > 0) {
    warnings.push(`${extraDocs.length} predicted document(s) are not in the gold set (e.g. ${extraDocs[0]}): their relations count as FP`);
  }
  if (criteria.some((c) => c === 'pair+novelty' || c === 'all') && [...p.rels.values()].some((list) => list.some((r) => r.novelty === undefined))) {
    warnings.push('some predictions carry no novelty: they cannot match under pair+novelty / all');
  }

  // Filter once; each criterion only re-keys the relations in scope.
  const docOrder = [...g.rels.keys(), ...extraDocs];
  const goldInScope = new Map(docOrder.map((d) => [d, (g.rels.get(d) ?? []).filter((r) => inScope(r.pairType))]));
  const predInScope = new Map(docOrder.map((d) => [d, (p.rels.get(d) ?? []).filter((r) => inScope(r.pairType))]));
  const rows: ScoreRow[] = [];
  const overall: Partial<Record<Criterion, PRF>> = {};
  const documents: Partial<Record<Criterion, DocumentOutcomes[]>> = {};
  for (const criterion of criteria) {
    const s = scoreCriterion(criterion, docOrder, goldInScope, predInScope, { evalSet, filter, subset, keepDetails });
    rows.push(...s.rows);
    overall[criterion] = s.overall;
    if (keepDetails) documents[criterion] = s.documents;
  }

  const score: BioREDScore = { evalSet, filter, criteria, rows, overall, warnings };
  if (subset !== undefined) score.pairSubset = subset;
  if (keepDetails) score.documents = documents;
  return score;
}

/** The row for one criterion / pair type / relation type, if it was computed. */
export function findRow(
  rows: readonly ScoreRow[],
  criterion: Criterion,
  pairType = 'all',
  relType?: string,
): ScoreRow | undefined {
  return rows.find((r) => r.criterion === criterion && r.pairType === pairType && r.relType === relType);
}

/** Per-document counts for one criterion (the units of a paired bootstrap over documents). */
export function documentCounts(score: BioREDScore, criterion: Criterion): { doc: string; tp: number; fp: number; fn: number }[] {
  const docs = score.documents?.[criterion];
  if (!docs) throw new Error(`no per-document details for ${criterion}: score with details on and that criterion`);
  return docs.map(({ doc, tp, fp, fn }) => ({ doc, tp, fp, fn }));
}

/**
 * Instance predictions of a run scored against the target's gold documents:
 * `foldInstancePredictions` then `scoreBioRED` (types for the filter from the gold documents).
 */
export function scoreBioREDInstances(
  gold: readonly Document[],
  instances: readonly Instance[],
  predictions: readonly InstancePrediction[],
  opts: BioREDScoreOptions & FoldOptions = {},
): BioREDScore {
  return scoreBioRED(gold, foldInstancePredictions(instances, predictions, opts), opts);
}
