// The N-ary drug-combination scorer (paper Table 5), exactly as the dataset's authors score
// (allenai/drug-combo-extraction, leaderboard/eval.py; docs/evaluation.md "Drug combinations"):
//
// - two label views: `positive` (POS = 1; NEG, COMB and no combination = 0) and `any` (POS, NEG, COMB
//   = 1; no combination = 0);
// - `exact` match: a predicted and a gold combination of the same sentence match when their drug
//   sets are equal, worth 1; `partial` match: they match when they share at least two drugs, worth
//   |A ∩ B| / |A ∪ B|;
// - precision = the mean, over the predicted combinations positive in the view, of the best match
//   value with a gold combination positive in the view (0 when none matches); recall = the same over
//   the gold positive combinations against the predicted ones; F = 2PR / (P + R).
//
// Predictions are first reduced to combinations with the authors' greedy rule
// (common/utils.py `filter_overloaded_predictions`): per sentence, the largest predicted combination
// (non-None label) is taken, every candidate sharing a drug with it is dropped, and so on.
import { InputError, ProblemSink } from '../errors.ts';
import type { DrugComboSentence } from '../corpora/index.ts';
import { COMBINATION_CRITERIA, type CombinationCriterion } from '../vocabulary.ts';
import type { InstancePrediction } from './types.ts';

/** Recorded with every stored row of this scorer (results.scorer). */
export const COMBINATION_SCORER = 'evaluation/drugcombo-v1';

export type CombinationView = 'positive' | 'any';
export type MatchMode = 'exact' | 'partial';
export { COMBINATION_CRITERIA, type CombinationCriterion };

/** A combination of drugs of one sentence with a class: the dataset's (POS, NEG, COMB) or a model's. */
export interface LabelledCombination {
  doc: string;
  /** Drug (span) ids. */
  drugs: readonly number[];
  /** `POS`, `NEG`, `COMB` (or the model's Positive_Combination / Other_Combination); anything else = no combination. */
  label: string;
}

const POSITIVE = new Set(['POS', 'Positive_Combination']);
const OTHER = new Set(['NEG', 'COMB', 'Other_Combination']);

/** Is the combination positive in the view? */
export function inView(label: string, view: CombinationView): boolean {
  return POSITIVE.has(label) || (view === 'any' && OTHER.has(label));
}

/** |A ∩ B| / |A ∪ B| when the match is allowed (exact: equal sets; partial: ≥ 2 shared drugs), else undefined. */
export function matchValue(a: readonly number[], b: readonly number[], match: MatchMode): number | undefined {
  const A = new Set(a);
  const B = new Set(b);
  let shared = 0;
  for (const x of A) if (B.has(x)) shared++;
  const union = A.size + B.size - shared;
  if (shared === union) return 1;
  return match === 'partial' && shared >= 2 ? shared / union : undefined;
}

export interface CombinationScore {
  view: CombinationView;
  match: MatchMode;
  p: number;
  r: number;
  f: number;
  /** Distinct predicted / gold combinations positive in the view (the denominators of P and R). */
  predicted: number;
  gold: number;
  /** Sums of the best match values (P = predictedValue / predicted, R = goldValue / gold). */
  predictedValue: number;
  goldValue: number;
}

/** Distinct (sentence, drug set) positive in the view, with their drug lists, per sentence. */
function positives(items: readonly LabelledCombination[], view: CombinationView): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  const seen = new Set<string>();
  for (const c of items) {
    if (!inView(c.label, view)) continue;
    const drugs = [...new Set(c.drugs)].sort((x, y) => x - y);
    const key = `${c.doc}\t${drugs.join('|')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let list = out.get(c.doc);
    if (!list) out.set(c.doc, (list = []));
    list.push(drugs);
  }
  return out;
}

function bestSum(from: Map<string, number[][]>, against: Map<string, number[][]>, match: MatchMode): { n: number; sum: number } {
  let n = 0;
  let sum = 0;
  for (const [doc, list] of from) {
    const others = against.get(doc) ?? [];
    for (const a of list) {
      n++;
      let best = 0;
      for (const b of others) best = Math.max(best, matchValue(a, b, match) ?? 0);
      sum += best;
    }
  }
  return { n, sum };
}

/** Scores predicted combinations against gold ones in one view and match mode. */
export function scoreCombinations(
  gold: readonly LabelledCombination[],
  predicted: readonly LabelledCombination[],
  view: CombinationView,
  match: MatchMode,
): CombinationScore {
  const g = positives(gold, view);
  const pr = positives(predicted, view);
  const P = bestSum(pr, g, match);
  const R = bestSum(g, pr, match);
  // The authors' script divides by zero here; no predicted (gold) combination gives P (R) = 0.
  const p = P.n ? P.sum / P.n : 0;
  const r = R.n ? R.sum / R.n : 0;
  return { view, match, p, r, f: p + r > 0 ? (2 * p * r) / (p + r) : 0, predicted: P.n, gold: R.n, predictedValue: P.sum, goldValue: R.sum };
}

/** The four Table 5 scores: positive / any combination × exact / partial match. */
export function scoreAllCombinations(gold: readonly LabelledCombination[], predicted: readonly LabelledCombination[]): Record<CombinationCriterion, CombinationScore> {
  const out = {} as Record<CombinationCriterion, CombinationScore>;
  for (const c of COMBINATION_CRITERIA) {
    const [view, match] = c.split('/') as [CombinationView, MatchMode];
    out[c] = scoreCombinations(gold, predicted, view, match);
  }
  return out;
}

/**
 * The authors' greedy reduction of one prediction per candidate subset to a list of combinations:
 * per sentence, candidates sorted by (number of drugs, the drug list written as Python writes it)
 * descending; the first one with a non-None label is taken, the candidates disjoint from it are
 * reduced the same way, and so on. Returns the chosen combinations (never two sharing a drug).
 */
export function selectCombinations(candidates: readonly LabelledCombination[]): LabelledCombination[] {
  const byDoc = new Map<string, LabelledCombination[]>();
  for (const c of candidates) {
    let list = byDoc.get(c.doc);
    if (!list) byDoc.set(c.doc, (list = []));
    list.push(c);
  }
  const pyList = (d: readonly number[]) => `[${d.join(', ')}]`;
  const out: LabelledCombination[] = [];
  for (const list of byDoc.values()) {
    const sorted = [...list].sort((a, b) => b.drugs.length - a.drugs.length || (pyList(a.drugs) < pyList(b.drugs) ? 1 : pyList(a.drugs) > pyList(b.drugs) ? -1 : 0));
    const taken = new Set<number>();
    for (const c of sorted) {
      if (!inView(c.label, 'any')) continue;
      if (c.drugs.some((d) => taken.has(d))) continue;
      out.push(c);
      for (const d of c.drugs) taken.add(d);
    }
  }
  return out;
}

/** The gold combinations of sentences as labelled combinations (doc = sentence id). */
export function goldCombinations(sentences: readonly DrugComboSentence[]): LabelledCombination[] {
  return sentences.flatMap((s) => s.combinations.map((c) => ({ doc: s.id, drugs: c.drugs, label: c.class })));
}

/** What the scorer needs of an instance: its sentence, its drug ids and its id. */
export interface CombinationInstanceRef {
  id: string;
  doc: string;
  ids: readonly string[];
}

export interface DrugComboScoreOptions {
  instancesFile?: string;
  predictionsFile?: string;
  /** Lenient sink: missing / unknown predictions are recorded instead of thrown. */
  problems?: ProblemSink;
}

export interface DrugComboScore {
  scores: Record<CombinationCriterion, CombinationScore>;
  /** The combinations the greedy rule kept from the predictions. */
  selected: LabelledCombination[];
  sentences: number;
}

/**
 * Scores a run: one prediction per candidate instance → the greedy selection → the four scores
 * against the gold combinations of `gold` (the sentences the instances were built from).
 */
export function scoreDrugCombo(
  gold: readonly DrugComboSentence[],
  instances: readonly CombinationInstanceRef[],
  predictions: readonly InstancePrediction[],
  opts: DrugComboScoreOptions = {},
): DrugComboScore {
  const sink = opts.problems ?? new ProblemSink(false);
  const predFile = opts.predictionsFile ?? 'predictions';
  const byId = new Map<string, InstancePrediction>();
  const known = new Set(instances.map((i) => i.id));
  predictions.forEach((p, i) => {
    if (!known.has(p.id)) sink.report({ file: predFile, line: i + 1, message: `prediction for unknown instance ${p.id}`, fix: 'score against the instance file that was predicted' });
    else if (byId.has(p.id)) sink.report({ file: predFile, line: i + 1, message: `instance ${p.id} is predicted twice`, fix: 'write one prediction per instance' });
    else byId.set(p.id, p);
  });
  const candidates: LabelledCombination[] = [];
  for (const inst of instances) {
    const p = byId.get(inst.id);
    if (!p) {
      sink.report({ file: predFile, message: `no prediction for instance ${inst.id}`, fix: 'predict the same instance file you score against' });
      continue;
    }
    const drugs = inst.ids.map(Number);
    if (drugs.some((d) => !Number.isInteger(d)))
      throw new InputError({ file: opts.instancesFile ?? 'instances', message: `instance ${inst.id} has ids ${JSON.stringify(inst.ids)}, not drug span ids`, fix: 'score drug-combination instances (biorex data build DrugCombo)' });
    candidates.push({ doc: inst.doc, drugs, label: p.label });
  }
  const selected = selectCombinations(candidates);
  return { scores: scoreAllCombinations(goldCombinations(gold), selected), selected, sentences: gold.length };
}
