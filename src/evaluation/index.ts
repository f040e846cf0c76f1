// Scoring: the BioRED scorer, per-corpus scorers, instance accuracy, cross-validation folds. Scores
// are computed here and nowhere else (docs/architecture.md); results are `ScoreRow`s ready for the
// tracking store.
export type {
  PairFilter,
  Counts,
  PRF,
  ScoreRow,
  PredictedPair,
  InstancePrediction,
  Outcome,
  DocumentOutcomes,
} from './types.ts';
export {
  splitIds,
  isNoId,
  orderPair,
  prf,
  FIVE_PAIR_TYPES,
  UNKNOWN_TYPE,
} from './pairs.ts';
export { foldInstancePredictions, predictionScore, parseInstancePredictions } from './instance-predictions.ts';
export type { FoldOptions } from './instance-predictions.ts';
export { parsePredictedRelations } from './predicted-pubtator.ts';
export { BIORED_SCORER, scoreBioRED, scoreBioREDInstances, entityTypes, findRow, documentCounts } from './biored.ts';
export type { BioREDScore, BioREDScoreOptions } from './biored.ts';
export { CORPUS_SCORER, scoreCorpus, aggregateFolds, scoreCrossValidation } from './corpus.ts';
export { ACCURACY_SCORER, instanceAccuracy, type Accuracy } from './accuracy.ts';
export type { CorpusScore, CorpusScoreOptions, CorpusCriterion, CvAggregate, FoldCounts } from './corpus.ts';
export { formatScoreText, formatDetails } from './format.ts';
export { readGoldPubTator, readPredictedPubTator, readPredictionsFile } from './io.ts';
export { degenerateEvalSets, degenerateMessage, predictsOnlyNegatives, DEGENERATE_CRITERION, DEGENERATE_PAIR_TYPE } from './degenerate.ts';
export type { StoredCounts, StoredResult } from './degenerate.ts';
export {
  COMBINATION_CRITERIA,
  COMBINATION_SCORER,
  goldCombinations,
  inView,
  matchValue,
  scoreAllCombinations,
  scoreCombinations,
  scoreDrugCombo,
  selectCombinations,
} from './drugcombo.ts';
export type {
  CombinationCriterion,
  CombinationInstanceRef,
  CombinationScore,
  CombinationView,
  DrugComboScore,
  DrugComboScoreOptions,
  LabelledCombination,
  MatchMode,
} from './drugcombo.ts';
