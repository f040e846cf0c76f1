// Predictions → results. `scoreRun` is the ONE place where a finished run is scored, and it scores
// with the evaluation stage (src/evaluation/, docs/evaluation.md) — the runner only picks the scorer,
// reads the gold documents and names the stored rows; every count comes from evaluation/:
//
// - BioRED and corpora annotated like it (same Table 1 rule codes, e.g. the synthetic `Sample`):
//   instance predictions are folded to (document, id1, id2) and scored against the GOLD documents
//   of the target's split (`loadCorpus`, original entity types, default five-pair filter), with
//   `scoreBioREDInstances`. Rows: every criterion × (`all` + each of the five pair types), so each
//   Table 3 row reads its own pair subset (`Chemical|Disease`, …).
// - Drug combinations (DrugCombo, paper Table 5): `scoreDrugCombo`, the dataset authors' four scores
//   (positive / any combination × exact / partial match), against the gold sentences.
// - Every other target (BC5CDR, DDI, DrugProt, AIMed, HPRD50, GDA, SampleDDI, …): `scoreCorpus`, micro
//   P/R/F on the HARMONIZED labels (the target's d-rule applied to gold and predicted labels, so the
//   native-label configurations and BioREx are scored alike), negatives = no relation. A cross-validated run predicts
//   one fold: its rows are that fold's counts (the run records the fold); the report pools the folds.
//
// Row naming in the store (tracking has one row per eval set × criterion × pair type):
//   pairType `all` | `Chemical|Disease` | … — the score on that pair subset;
//   pairType `all/<relation type>` — the breakdown by relation type (criteria with a type);
//   criterion `accuracy` — instance accuracy (`instanceAccuracy`: f1 = correct / instances; tp = correct, fp = wrong).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCorpus, isNaryCorpus, loadCorpus, loadDrugCombo, type Document, type DrugComboSentence } from '../corpora/index.ts';
import {
  ACCURACY_SCORER,
  BIORED_SCORER,
  COMBINATION_SCORER,
  CORPUS_SCORER,
  instanceAccuracy,
  readPredictionsFile,
  scoreBioREDInstances,
  scoreCorpus,
  scoreDrugCombo,
  type InstancePrediction,
  type ScoreRow,
} from '../evaluation/index.ts';
import { loadProfile, positiveLabel } from '../harmonize/index.ts';
import { readInstances, type Instance } from '../instances/index.ts';
import { defaultDataRoot } from '../locations.ts';
import type { ResultRow } from '../tracking/index.ts';
import { DEFAULT_CRITERIA, isNegativeLabel, type Criterion } from '../vocabulary.ts';

export interface ScoreInput {
  /** Eval set name stored with the rows, `<Corpus>/<split>` (e.g. `BioRED/test`). */
  evalSet: string;
  /** The instance file that was predicted (gold labels, types). */
  instancesFile: string;
  /** predictions/<split>.jsonl written by the trainer. */
  predictionsFile: string;
  /** Target corpus (default: the corpus part of `evalSet`). */
  target?: string;
  /** Data root holding the corpora, for the gold documents (default $BIOREX_DATA or data/corpora). */
  root?: string;
  /** Labels that mean "no relation" (manifest.negativeLabels); labels starting with `None` always do. */
  negativeLabels?: string[];
  /** The manifest's label list (reads `probs` given as arrays). */
  labels?: string[];
  /** The spec's criteria; the default criteria (`pair`, `pair+type`) are always computed. */
  criteria?: string[];
  /**
   * Count only the gold documents that have instances in `instancesFile` (a run limited with
   * `max_docs` predicts the first N documents only; the others must not count as missed).
   */
  goldFromInstanceDocs?: boolean;
  /** Gold documents of the split, instead of loading them from the data root (tests). */
  gold?: readonly Document[];
  /** Gold sentences of a drug-combination split, instead of loading them (tests). */
  goldSentences?: readonly DrugComboSentence[];
}

/** Targets scored like BioRED: BioRED itself and every corpus with BioRED's Table 1 rule codes. */
export function usesBioREDScorer(target: string): boolean {
  if (target === 'BioRED') return true;
  try {
    return JSON.stringify(loadProfile(target).rules) === JSON.stringify(loadProfile('BioRED').rules);
  } catch {
    return false;
  }
}

/** Drug combinations (a registry corpus read as n-ary sentences); an unknown name is not. */
function isNaryTarget(target: string): boolean {
  try {
    return isNaryCorpus(findCorpus(target));
  } catch {
    return false;
  }
}

// Gold splits of a corpus, loaded once per process (a run loop scores many runs): documents, or the
// sentences of a drug-combination corpus.
const goldCache = new Map<string, Promise<Record<string, unknown[]>>>();

async function cachedSplit<T>(target: string, split: string, root: string | undefined, load: () => Promise<Record<string, T[]>>): Promise<T[]> {
  const key = JSON.stringify([target, root ?? defaultDataRoot()]);
  let p = goldCache.get(key);
  if (!p) {
    p = load();
    goldCache.set(key, p);
    p.catch(() => goldCache.delete(key));
  }
  const splits = (await p) as Record<string, T[]>;
  const items = splits[split];
  if (!items) throw new Error(`corpus ${target} has no "${split}" split to score against (splits: ${Object.keys(splits).join(', ')})`);
  return items;
}

/** Gold documents of one split of a corpus. */
function goldSplit(target: string, split: string, root: string | undefined): Promise<Document[]> {
  return cachedSplit(target, split, root, () => loadCorpus(target, root ? { root } : {}).then((c) => c.splits));
}

/** Gold sentences of one split of a drug-combination corpus. */
function naryGoldSplit(target: string, split: string, root: string | undefined): Promise<DrugComboSentence[]> {
  return cachedSplit(target, split, root, () => loadDrugCombo({ name: target, ...(root ? { root } : {}) }).then((c) => c.splits));
}

/**
 * Drug combinations (paper Table 5): the four scores of the dataset's authors, one row each
 * (`positive/exact`, `positive/partial`, `any/exact`, `any/partial`; pair type `all`). Exact match
 * has counts (tp = matched combinations); partial match has only P/R/F (its matches are fractions).
 */
async function scoreCombinationRun(input: ScoreInput, target: string, split: string, instances: readonly Instance[], predictions: readonly InstancePrediction[]): Promise<ResultRow[]> {
  let gold = input.goldSentences ?? (await naryGoldSplit(target, split, input.root));
  if (input.goldFromInstanceDocs) {
    const docs = new Set(instances.map((i) => i.doc));
    gold = gold.filter((s) => docs.has(s.id));
  }
  const { scores } = scoreDrugCombo(gold, instances, predictions, { instancesFile: input.instancesFile, predictionsFile: input.predictionsFile });
  return Object.entries(scores).map(([criterion, s]) => {
    const exact = s.match === 'exact';
    const tp = Math.round(s.predictedValue);
    return {
      evalSet: input.evalSet,
      criterion,
      pairType: 'all',
      tp: exact ? tp : null,
      fp: exact ? s.predicted - tp : null,
      fn: exact ? s.gold - Math.round(s.goldValue) : null,
      precision: s.p,
      recall: s.r,
      f1: s.f,
      scorer: COMBINATION_SCORER,
    };
  });
}

/** Scores one predictions file of a run against its target's gold standard. */
export async function scoreRun(input: ScoreInput): Promise<ResultRow[]> {
  const [evalCorpus, split = 'test'] = input.evalSet.split('/');
  const target = input.target ?? evalCorpus;
  const instances = await readInstances(input.instancesFile);
  const predictions = await readPredictionsFile(input.predictionsFile);
  if (isNaryTarget(target)) {
    return [...(await scoreCombinationRun(input, target, split, instances, predictions)), accuracyRow(input.evalSet, instances, predictions)];
  }
  const negatives = new Set(input.negativeLabels ?? []);
  const isNegative = (l: string) => negatives.has(l) || isNegativeLabel(l);
  const wanted = [...new Set([...DEFAULT_CRITERIA, ...((input.criteria ?? []) as Criterion[])])];

  const rows: ResultRow[] = [];
  if (usesBioREDScorer(target)) {
    let gold = input.gold ?? (await goldSplit(target, split, input.root));
    if (input.goldFromInstanceDocs) {
      const docs = new Set(instances.map((i) => i.doc));
      gold = gold.filter((d) => docs.has(d.id));
    }
    const score = scoreBioREDInstances(gold, instances, predictions, {
      criteria: wanted,
      evalSet: input.evalSet,
      details: false,
      labels: input.labels,
      isNegative,
      instancesFile: input.instancesFile,
      predictionsFile: input.predictionsFile,
    });
    // Pair subsets (relType unset) and the by-relation-type breakdown over all pairs.
    for (const r of score.rows) {
      if (r.relType === undefined) rows.push(toResult(r, r.pairType, BIORED_SCORER));
      else if (r.pairType === 'all') rows.push(toResult(r, `all/${r.relType}`, BIORED_SCORER));
    }
  } else {
    // Harmonized labels (the d-rule of the target's profile) on both sides, so that every
    // configuration is scored in one label space: Original/TL/MTL predict the corpus's own labels
    // (DDI `effect`, DrugProt `INHIBITOR`, BC5CDR `CID`), BioREx the harmonized ones.
    const harmonize = harmonizer(target);
    const hInstances = instances.map((i) => ({ ...i, label: harmonize(i.label) }));
    const hPredictions = predictions.map((p) => ({ ...p, label: harmonize(p.label) }));
    // Document-level sets (BC5CDR) are scored against the gold documents too, so a relation without
    // a candidate counts as missed (the corpus's official protocol); sentence-level sets by instance.
    let goldDocuments: readonly Document[] | undefined;
    if (instances.length > 0 && instances.every((i) => i.level === 'document') && instances.every((i) => i.fold === undefined)) {
      goldDocuments = input.gold ?? (await goldSplit(target, split, input.root));
      if (input.goldFromInstanceDocs) {
        const docs = new Set(instances.map((i) => i.doc));
        goldDocuments = goldDocuments.filter((d) => docs.has(d.id));
      }
      goldDocuments = goldDocuments.map((d) => ({ ...d, relations: d.relations.map((r) => ({ ...r, type: harmonize(r.type) })) }));
    }
    for (const criterion of wanted.filter((c): c is 'pair' | 'pair+type' => c === 'pair' || c === 'pair+type')) {
      const s = scoreCorpus(target, hInstances, hPredictions, {
        criterion,
        evalSet: input.evalSet,
        labels: input.labels,
        isNegative,
        goldDocuments,
        predictionsFile: input.predictionsFile,
      });
      for (const r of s.rows) rows.push(toResult(r, r.relType === undefined ? r.pairType : `all/${r.relType}`, CORPUS_SCORER));
    }
  }
  rows.push(accuracyRow(input.evalSet, instances, predictions));
  return rows;
}

/** Native label → harmonized label of the target (negatives and labels already harmonized unchanged). */
function harmonizer(target: string): (label: string) => string {
  let profile: ReturnType<typeof loadProfile>;
  try {
    profile = loadProfile(target);
  } catch {
    return (l) => l; // a corpus without a profile has no instance sets either; nothing to map
  }
  const native = new Set(profile.nativeLabels);
  return (label) => (isNegativeLabel(label) || !native.has(label) ? label : positiveLabel(profile, 'harmonized', label));
}

function toResult(r: ScoreRow, pairType: string, scorer: string): ResultRow {
  return { evalSet: r.evalSet, criterion: r.criterion, pairType, tp: r.tp, fp: r.fp, fn: r.fn, precision: r.p, recall: r.r, f1: r.f, scorer };
}

/** The accuracy row: tp = correct instances, fp = wrong ones, f1 = accuracy (P/R do not apply). */
function accuracyRow(evalSet: string, instances: readonly Instance[], predictions: readonly InstancePrediction[]): ResultRow {
  const a = instanceAccuracy(instances, predictions);
  return { evalSet, criterion: 'accuracy', pairType: 'all', tp: a.correct, fp: a.wrong, fn: null, precision: null, recall: null, f1: a.accuracy, scorer: ACCURACY_SCORER };
}

/** What a finished run left to score: its instance files, the eval sets they stand for, its manifest. */
export interface RunOutputs {
  runDir: string;
  /** trainer roles → instance files (the run config's `files`) */
  files: Record<string, string[]>;
  /** predicted roles to score → eval set name (e.g. test → BioRED/test) */
  evaluate: Record<string, string>;
  /** the instance set's manifest.json (negative labels, label list) */
  manifest: string;
  target: string;
  root?: string;
  criteria?: string[];
  /** the run was limited with max_docs: only the predicted documents count as gold */
  limitedDocs?: boolean;
}

/**
 * Scores every predicted role of a finished run (predictions/<role>.jsonl in the run dir). The runner
 * calls it when a run ends and `biorex rescore` calls it on stored runs, so both score alike.
 */
export async function scoreRunOutputs(o: RunOutputs): Promise<ResultRow[]> {
  const manifest = JSON.parse(readFileSync(o.manifest, 'utf8')) as { negativeLabels?: string[]; labels?: string[] };
  const rows: ResultRow[] = [];
  for (const [role, evalSet] of Object.entries(o.evaluate)) {
    const instancesFile = o.files[role]?.[0];
    if (!instancesFile) throw new Error(`no instance file for the predicted role "${role}" (${evalSet})`);
    rows.push(
      ...(await scoreRun({
        evalSet,
        target: o.target,
        root: o.root,
        instancesFile,
        predictionsFile: join(o.runDir, 'predictions', `${role}.jsonl`),
        negativeLabels: manifest.negativeLabels ?? [],
        labels: manifest.labels,
        criteria: o.criteria,
        goldFromInstanceDocs: o.limitedDocs,
      })),
    );
  }
  return rows;
}
