// Public entry of the instances stage: build instance sets (one corpus, or the merged BioREx / TL /
// MTL sets), read them back, and their statistics.
export type { DatasetManifest, Instance } from './types.ts';
export {
  INSTANCE_FORMAT_VERSION,
  buildCorpusSet,
  buildMergedSets,
  corpusSet,
  mergedSets,
  parseMergeSpec,
  type CorpusSetOptions,
  type MergeInfo,
  type MergedSets,
  type MergedSetsOptions,
  type SetResult,
} from './build.ts';
export {
  LOST_REASONS,
  addStats,
  emptyStats,
  iterateSplitInstances,
  splitInstances,
  type GenerateOptions,
  type LostReason,
  type SplitStats,
} from './generate.ts';
export { instanceLines, parseInstances, readInstances, readManifest } from './io.ts';
export {
  COMBINATION_LABELS,
  DRUGCOMBO_DEFAULTS,
  END_MARKER,
  START_MARKER,
  candidateSubsets,
  combinationLabel,
  drugComboSet,
  markedText,
  subsets,
  type CombinationInstance,
  type CombinationLabel,
  type CombinationSplitStats,
  type DrugComboOptions,
  type DrugComboSetOptions,
  type DrugComboSetResult,
} from './drugcombo.ts';
export { clearCorpusCache } from './source.ts';
export { combinationStatsTable, setSummary, statsReport, statsTable, type StatsRow } from './stats.ts';
