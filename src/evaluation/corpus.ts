// Per-corpus scorers (paper Table 4): micro P/R/F on the corpus's labels, negatives = no relation.
import type { Document } from '../corpora/types.ts';
import { ProblemSink } from '../errors.ts';
import type { Instance } from '../instances/types.ts';
import { meanSd } from '../stats/index.ts';
import { predictionScore } from './instance-predictions.ts';
import { isNegativeLabel, pairTypeOf } from '../vocabulary.ts';
import { expandRelation, orderPair, prf } from './pairs.ts';
import type { Counts, DocumentOutcomes, InstancePrediction, Outcome, PRF, ScoreRow } from './types.ts';

/** Scorer id stored with the rows of this scorer (bump the version when its counting changes). */
export const CORPUS_SCORER = 'evaluation/corpus-v1';

export type CorpusCriterion = 'pair+type' | 'pair';

export interface CorpusScoreOptions {
  /** Name stored with each row (default `<corpus>/test`). */
  evalSet?: string;
  /** `pair+type` (default): the predicted label must equal the gold label. `pair`: any positive label. */
  criterion?: CorpusCriterion;
  /**
   * Gold documents of the test set. When given, gold relations that no instance represents
   * (lost by candidate generation, e.g. CDR composite mentions) count as false negatives, as in the
   * corpus's official evaluation. Without them, gold comes from the instance labels only.
   */
  goldDocuments?: readonly Document[];
  /** Manifest label list (reads `probs` arrays). */
  labels?: string[];
  /** Which labels mean "no relation"; default: labels starting with `None` (`None`, `None-DDI`, …). */
  isNegative?: (label: string) => boolean;
  /** Keep per-document TP/FP/FN lists (default false). */
  details?: boolean;
  /** Cross-validation fold this score belongs to (stored on the rows). */
  fold?: number;
  problems?: ProblemSink;
  predictionsFile?: string;
}

export interface CorpusScore {
  corpus: string;
  evalSet: string;
  criterion: CorpusCriterion;
  /** `document-pair`: document-level instances folded to (document, id1, id2); `instance`: one unit per instance. */
  level: 'document-pair' | 'instance' | 'mixed';
  fold?: number;
  overall: PRF;
  /** Overall row plus one row per relation type (label). */
  rows: ScoreRow[];
  /** Units scored (pairs or instances). */
  units: number;
  /** Gold relations of `goldDocuments` that no instance represents (counted as FN). */
  uncoveredGold: number;
  documents?: DocumentOutcomes[];
}

interface Unit {
  doc: string;
  id1: string;
  id2: string;
  pairType: string;
  gold?: string;
  pred?: string;
  predScore: number;
}

/**
 * Scores one corpus's instance predictions. Document-level instances (BC5CDR) are folded to
 * (document, chemical id, disease id) pairs like BioRED; sentence-level instances (DDI, DrugProt,
 * AIMed, HPRD50 records) are scored one per instance. Instances are taken from `instances` whose
 * task is `corpus` (all of them when none is).
 */
export function scoreCorpus(
  corpus: string,
  instances: readonly Instance[],
  predictions: readonly InstancePrediction[],
  opts: CorpusScoreOptions = {},
): CorpusScore {
  const isNegative = opts.isNegative ?? isNegativeLabel;
  const criterion = opts.criterion ?? 'pair+type';
  const evalSet = opts.evalSet ?? `${corpus}/test`;
  const sink = opts.problems ?? new ProblemSink(false);
  const predFile = opts.predictionsFile ?? 'predictions';
  const own = instances.some((i) => i.task === corpus) ? instances.filter((i) => i.task === corpus) : [...instances];

  const allIds = new Set(instances.map((i) => i.id));
  const byId = new Map<string, InstancePrediction>();
  predictions.forEach((p, i) => {
    if (!allIds.has(p.id)) {
      sink.report({ file: predFile, line: i + 1, message: `prediction for unknown instance ${p.id}`, fix: 'score against the instance file that was predicted' });
      return;
    }
    byId.set(p.id, p);
  });

  const units = new Map<string, Unit>();
  const covered = new Set<string>();
  let docLevel = 0;
  for (const inst of own) {
    const pred = byId.get(inst.id);
    if (!pred) {
      sink.report({ file: predFile, message: `no prediction for instance ${inst.id}`, fix: 'predict the same instance file you score against' });
      continue;
    }
    const goldLabel = isNegative(inst.label) ? undefined : inst.label;
    const predLabel = isNegative(pred.label) ? undefined : pred.label;
    const score = predictionScore(pred, opts.labels) ?? 0;
    const pairType = pairTypeOf(inst.types[0], inst.types[1]);
    const keys: [string, string, string][] = [];
    for (const [id1, id2] of expandRelation(inst.ids[0], inst.ids[1], { pairable: true })) {
      covered.add(`${inst.doc}\t${id1}\t${id2}`);
      keys.push([`${inst.doc}\t${id1}\t${id2}`, id1, id2]);
    }
    if (inst.level === 'document') {
      docLevel++;
      for (const [key, id1, id2] of keys) mergeUnit(units, key, { doc: inst.doc, id1, id2, pairType }, goldLabel, predLabel, score);
    } else {
      const [id1, id2] = orderPair(inst.ids[0], inst.ids[1]);
      mergeUnit(units, `#${inst.id}`, { doc: inst.doc, id1, id2, pairType }, goldLabel, predLabel, score);
    }
  }

  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const byRel = new Map<string, Counts>();
  const docs = new Map<string, DocumentOutcomes>();
  const count = (u: { doc: string; id1: string; id2: string; pairType: string }, relType: string, field: keyof Counts) => {
    total[field]++;
    let c = byRel.get(relType);
    if (!c) byRel.set(relType, (c = { tp: 0, fp: 0, fn: 0 }));
    c[field]++;
    if (opts.details) {
      let d = docs.get(u.doc);
      if (!d) docs.set(u.doc, (d = { doc: u.doc, tp: 0, fp: 0, fn: 0, tps: [], fps: [], fns: [] }));
      d[field]++;
      const o: Outcome = { id1: u.id1, id2: u.id2, pairType: u.pairType, relType };
      (field === 'tp' ? d.tps : field === 'fp' ? d.fps : d.fns).push(o);
    }
  };
  for (const u of units.values()) {
    if (u.gold !== undefined && u.pred !== undefined) {
      if (criterion === 'pair' || u.gold === u.pred) count(u, u.gold, 'tp');
      else {
        count(u, u.pred, 'fp');
        count(u, u.gold, 'fn');
      }
    } else if (u.gold !== undefined) count(u, u.gold, 'fn');
    else if (u.pred !== undefined) count(u, u.pred, 'fp');
  }

  let uncoveredGold = 0;
  if (opts.goldDocuments) {
    for (const doc of opts.goldDocuments) {
      const seen = new Set<string>();
      for (const r of doc.relations)
        for (const [id1, id2] of expandRelation(r.arg1, r.arg2)) {
          const key = `${doc.id}\t${id1}\t${id2}`;
          if (covered.has(key) || seen.has(key)) continue;
          seen.add(key);
          uncoveredGold++;
          count({ doc: doc.id, id1, id2, pairType: 'uncovered' }, r.type, 'fn');
        }
    }
  }

  const overall = prf(total);
  const fold = opts.fold;
  const withFold = <T extends object>(row: T) => (fold === undefined ? row : { ...row, fold });
  const rows: ScoreRow[] = [withFold({ evalSet, criterion, pairType: 'all', ...overall })];
  for (const [rt, c] of [...byRel.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    rows.push(withFold({ evalSet, criterion, pairType: 'all', relType: rt, ...prf(c) }));
  }
  const level = docLevel === 0 ? 'instance' : docLevel === own.length ? 'document-pair' : 'mixed';
  const result: CorpusScore = { corpus, evalSet, criterion, level, overall, rows, units: units.size, uncoveredGold };
  if (fold !== undefined) result.fold = fold;
  if (opts.details) result.documents = [...docs.values()];
  return result;
}

function mergeUnit(
  units: Map<string, Unit>,
  key: string,
  base: { doc: string; id1: string; id2: string; pairType: string },
  gold: string | undefined,
  pred: string | undefined,
  score: number,
): void {
  const u = units.get(key);
  if (!u) {
    units.set(key, { ...base, gold, pred, predScore: pred === undefined ? -Infinity : score });
    return;
  }
  // Several instances on one pair: the pair is gold-positive if any instance is, and takes the
  // most confident positive prediction.
  if (u.gold === undefined) u.gold = gold;
  if (pred !== undefined && score > u.predScore) {
    u.pred = pred;
    u.predScore = score;
  }
}

export interface FoldCounts extends Counts {
  fold: number;
}

export interface CvAggregate {
  evalSet: string;
  criterion: CorpusCriterion;
  /** One row per fold (with `fold` set). */
  folds: ScoreRow[];
  /** Headline: micro P/R/F over the pooled counts of all folds (sum of tp/fp/fn). */
  pooled: ScoreRow;
  /** Mean and sample sd (n − 1) of the per-fold F-scores: the spread across folds. */
  meanF: number;
  sdF: number;
  n: number;
}

/**
 * Aggregates k-fold cross-validation (AIMed, HPRD50): per-fold scores, the pooled micro score
 * (the headline: every pair weighs the same, and it equals scoring the concatenated
 * out-of-fold predictions), and mean ± sd of the fold F-scores.
 */
export function aggregateFolds(
  folds: readonly (FoldCounts | CorpusScore)[],
  opts: { evalSet?: string; criterion?: CorpusCriterion } = {},
): CvAggregate {
  if (folds.length === 0) throw new Error('aggregateFolds needs at least one fold');
  const first = folds[0];
  const evalSet = opts.evalSet ?? ('evalSet' in first ? first.evalSet : 'cv');
  const criterion = opts.criterion ?? ('criterion' in first ? first.criterion : 'pair+type');
  const counts: FoldCounts[] = folds.map((f, i) => {
    if ('overall' in f) return { fold: f.fold ?? i, tp: f.overall.tp, fp: f.overall.fp, fn: f.overall.fn };
    return f;
  });
  const seen = new Set<number>();
  for (const c of counts) {
    if (seen.has(c.fold)) throw new Error(`fold ${c.fold} appears twice in the cross-validation aggregate`);
    seen.add(c.fold);
  }
  const sum: Counts = { tp: 0, fp: 0, fn: 0 };
  const rows: ScoreRow[] = [];
  for (const c of [...counts].sort((a, b) => a.fold - b.fold)) {
    sum.tp += c.tp;
    sum.fp += c.fp;
    sum.fn += c.fn;
    rows.push({ evalSet, criterion, pairType: 'all', fold: c.fold, ...prf(c) });
  }
  const { mean, sd } = meanSd(rows.map((r) => r.f));
  return { evalSet, criterion, folds: rows, pooled: { evalSet, criterion, pairType: 'all', ...prf(sum) }, meanF: mean, sdF: sd, n: rows.length };
}

/**
 * Scores a cross-validated corpus: instances carry their `fold`; predictions are either one list
 * (out-of-fold predictions of every fold) or one list per fold.
 */
export function scoreCrossValidation(
  corpus: string,
  instances: readonly Instance[],
  predictions: readonly InstancePrediction[] | ReadonlyMap<number, readonly InstancePrediction[]>,
  opts: Omit<CorpusScoreOptions, 'fold'> = {},
): { folds: CorpusScore[]; aggregate: CvAggregate } {
  const own = instances.some((i) => i.task === corpus) ? instances.filter((i) => i.task === corpus) : [...instances];
  const foldIds = [...new Set(own.map((i) => i.fold))];
  if (foldIds.some((f) => f === undefined)) {
    throw new Error(`some ${corpus} instances have no "fold": build the instance set with cross-validation folds`);
  }
  const scores: CorpusScore[] = [];
  for (const fold of (foldIds as number[]).sort((a, b) => a - b)) {
    const foldInstances = own.filter((i) => i.fold === fold);
    let foldPreds: readonly InstancePrediction[];
    if (isMap(predictions)) {
      const p = predictions.get(fold);
      if (!p) throw new Error(`no predictions for ${corpus} fold ${fold}`);
      foldPreds = p;
    } else {
      const ids = new Set(foldInstances.map((i) => i.id));
      foldPreds = predictions.filter((p) => ids.has(p.id));
    }
    const evalSet = opts.evalSet ?? `${corpus}/cv`;
    // Gold documents are split by fold through their instances (a document with no instance
    // belongs to no fold and cannot be placed).
    const foldDocs = new Set(foldInstances.map((i) => i.doc));
    const goldDocuments = opts.goldDocuments?.filter((d) => foldDocs.has(d.id));
    scores.push(scoreCorpus(corpus, foldInstances, foldPreds, { ...opts, evalSet, fold, goldDocuments }));
  }
  return { folds: scores, aggregate: aggregateFolds(scores) };
}

function isMap<K, V>(x: unknown): x is ReadonlyMap<K, V> {
  return x instanceof Map;
}
