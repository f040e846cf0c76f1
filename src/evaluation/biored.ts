// The BioRED scorer: relations between concept ids per document, micro P/R/F over all documents.
import type { Document } from '../corpora/types.ts';
import type { Instance } from '../instances/types.ts';
import { CRITERIA, isNegativeLabel, pairTypeOf, parsePairType, type Criterion } from '../vocabulary.ts';
import { foldInstancePredictions, type FoldOptions } from './instance-predictions.ts';
import { FIVE_PAIR_TYPES, UNKNOWN_TYPE, orderPair, prf, splitIds } from './pairs.ts';
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

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A predicted PubTator relation's 5th field is a score (number) or a novelty flag. */
function fifthField(value: string | undefined): { novelty?: string; score?: number } {
  if (value === undefined || value === '') return {};
  return NUMERIC.test(value) ? { score: Number(value) } : { novelty: value };
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

  // Gold relations per document.
  const goldTypes = new Map<string, Map<string, string>>();
  const goldRels = new Map<string, Rel[]>();
  let unknownGold = 0;
  for (const doc of gold) {
    const types = entityTypes(doc);
    goldTypes.set(doc.id, types);
    const rels: Rel[] = goldRels.get(doc.id) ?? [];
    for (const r of doc.relations) {
      for (const a of splitIds(r.arg1)) {
        for (const b of splitIds(r.arg2)) {
          const [id1, id2] = orderPair(a, b);
          const t1 = typeOf(id1, types);
          const t2 = typeOf(id2, types);
          if (t1 === UNKNOWN_TYPE || t2 === UNKNOWN_TYPE) unknownGold++;
          rels.push({ id1, id2, type: r.type, novelty: r.novelty, pairType: pairTypeOf(t1, t2) });
        }
      }
    }
    goldRels.set(doc.id, rels);
  }
  if (unknownGold > 0) warnings.push(`${unknownGold} gold relation(s) name an id with no mention in its document (type ${UNKNOWN_TYPE})`);

  // Predicted relations per document.
  const predRels = new Map<string, Rel[]>();
  const predDocs = new Set<string>();
  let unknownPred = 0;
  const push = (doc: string, rel: Rel) => {
    let list = predRels.get(doc);
    if (!list) predRels.set(doc, (list = []));
    list.push(rel);
  };
  const isDocs = pred.length > 0 && 'relations' in (pred[0] as object);
  if (isDocs) {
    for (const doc of pred as readonly Document[]) {
      predDocs.add(doc.id);
      const ownTypes = entityTypes(doc);
      const gTypes = goldTypes.get(doc.id);
      for (const r of doc.relations) {
        if (isNegativeLabel(r.type)) continue; // a negative label is not a relation
        const extra = fifthField(r.novelty);
        for (const a of splitIds(r.arg1)) {
          for (const b of splitIds(r.arg2)) {
            const [id1, id2] = orderPair(a, b);
            const t1 = typeOf(id1, gTypes, ownTypes);
            const t2 = typeOf(id2, gTypes, ownTypes);
            if (t1 === UNKNOWN_TYPE || t2 === UNKNOWN_TYPE) unknownPred++;
            push(doc.id, { id1, id2, type: r.type, novelty: extra.novelty, pairType: pairTypeOf(t1, t2) });
          }
        }
      }
    }
    const missing = gold.filter((d) => !predDocs.has(d.id)).length;
    if (missing > 0) warnings.push(`${missing} gold document(s) have no predicted document: their relations count as FN`);
  } else {
    for (const p of pred as readonly PredictedPair[]) {
      const types = goldTypes.get(p.doc);
      for (const a of splitIds(p.id1)) {
        for (const b of splitIds(p.id2)) {
          const [id1, id2] = orderPair(a, b);
          const t1 = typeOf(id1, types);
          const t2 = typeOf(id2, types);
          if (t1 === UNKNOWN_TYPE || t2 === UNKNOWN_TYPE) unknownPred++;
          push(p.doc, { id1, id2, type: p.type, novelty: p.novelty, pairType: pairTypeOf(t1, t2) });
        }
      }
    }
  }
  if (unknownPred > 0) {
    warnings.push(
      `${unknownPred} predicted relation(s) name an id with no mention in the gold document (type ${UNKNOWN_TYPE}; ` +
        `${filter === 'five' ? 'outside the five-pair filter, so not counted' : 'counted'}): were the predictions made on this gold file?`,
    );
  }
  const extraDocs = [...predRels.keys()].filter((d) => !goldRels.has(d));
  if (extraDocs.length > 0) {
    warnings.push(`${extraDocs.length} predicted document(s) are not in the gold set (e.g. ${extraDocs[0]}): their relations count as FP`);
  }
  if (
    criteria.some((c) => c === 'pair+novelty' || c === 'all') &&
    [...predRels.values()].some((list) => list.some((r) => r.novelty === undefined))
  ) {
    warnings.push('some predictions carry no novelty: they cannot match under pair+novelty / all');
  }

  const docOrder = [...goldRels.keys(), ...extraDocs];
  // Filter once; each criterion only re-keys the relations in scope.
  const goldInScope = new Map<string, Rel[]>();
  const predInScope = new Map<string, Rel[]>();
  for (const docId of docOrder) {
    goldInScope.set(docId, (goldRels.get(docId) ?? []).filter((r) => inScope(r.pairType)));
    predInScope.set(docId, (predRels.get(docId) ?? []).filter((r) => inScope(r.pairType)));
  }
  const rows: ScoreRow[] = [];
  const overall: Partial<Record<Criterion, PRF>> = {};
  const documents: Partial<Record<Criterion, DocumentOutcomes[]>> = {};

  for (const criterion of criteria) {
    const total: Counts = { tp: 0, fp: 0, fn: 0 };
    const byPair = new Tally();
    const byRel = new Tally();
    const byPairRel = new Tally();
    if (filter === 'five' && subset === undefined) for (const pt of FIVE_PAIR_TYPES) byPair.ensure(pt);
    if (subset !== undefined) byPair.ensure(subset);
    const docOutcomes: DocumentOutcomes[] = [];

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
      for (const r of goldInScope.get(docId)!) goldKeys.set(keyOf(r, criterion), r);
      const predKeys = new Map<string, Rel>();
      for (const r of predInScope.get(docId)!) predKeys.set(keyOf(r, criterion), r);
      const d: DocumentOutcomes | undefined = keepDetails
        ? { doc: docId, tp: 0, fp: 0, fn: 0, tps: [], fps: [], fns: [] }
        : undefined;
      for (const [k, r] of goldKeys) count(r, predKeys.has(k) ? 'tp' : 'fn', predKeys.has(k) ? d?.tps : d?.fns);
      for (const [k, r] of predKeys) if (!goldKeys.has(k)) count(r, 'fp', d?.fps);
      if (d) {
        d.tp = d.tps.length;
        d.fp = d.fps.length;
        d.fn = d.fns.length;
        docOutcomes.push(d);
      }
    }

    overall[criterion] = prf(total);
    rows.push({ evalSet, criterion, pairType: 'all', ...prf(total) });
    for (const [pt, c] of byPair.entries()) rows.push({ evalSet, criterion, pairType: pt, ...prf(c) });
    for (const [rt, c] of byRel.entries()) rows.push({ evalSet, criterion, pairType: 'all', relType: rt, ...prf(c) });
    for (const [k, c] of byPairRel.entries()) {
      const [pt, rt] = k.split('\t');
      rows.push({ evalSet, criterion, pairType: pt, relType: rt, ...prf(c) });
    }
    if (keepDetails) documents[criterion] = docOutcomes;
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
