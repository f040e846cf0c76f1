// Public entry of the corpora stage: readers, registry, splits, loading, fetch/list.
export type { Document, Passage, Mention, Relation, SourceRef } from './types.ts';
export { documentText } from './types.ts';
export { DEFAULT_SEPARATORS, splitIds, stripTypeSuffix, validateDocument, type ReaderOptions } from './reader-common.ts';
export { parsePubTator, readPubTatorFile } from './pubtator.ts';
export { parseBiocXml, readBiocXmlFile } from './bioc-xml.ts';
export { parseBiocJson, readBiocJsonFile } from './bioc-json.ts';
export { parseDrugProt, readDrugProt, type DrugProtFiles, type DrugProtResult, type OrphanCount } from './drugprot.ts';
export { parseDdiXml, readDdiZip } from './ddi.ts';
export { parsePpiXml, readPpiXmlFile, PPI_ENTITY_TYPE } from './ppi-xml.ts';
export { decodeInput, normaliseLineEnds } from './text.ts';
export { XML_LIMITS } from './xml.ts';
export { ZIP_LIMITS, type ZipLimits } from './zip.ts';
export { parseRenet, readRenet, GDA_RELATION, type RenetFiles, type RenetResult } from './renet.ts';
export {
  COMBINATION_CLASSES,
  NARY_FORMATS,
  isNaryCorpus,
  loadDrugCombo,
  parseDrugCombo,
  readDrugComboFile,
  type CombinationClass,
  type DrugComboParse,
  type DrugComboSentence,
  type DrugSpan,
  type GoldCombination,
  type LoadedDrugCombo,
} from './drugcombo.ts';
export {
  loadRegistry,
  parseRegistry,
  findCorpus,
  trainingSplitsOf,
  corpusDir,
  type Registry,
  type CorpusEntry,
  type FileEntry,
  type SourceEntry,
  type SplitInput,
  type RandomSplitDef,
  type OfficialSplitDef,
  type CorpusFormat,
} from './registry.ts';
export { assignSplits, assignFolds, groupOf, type SplitSpec } from './splits.ts';
export { loadCorpus, readSplitInput, type LoadOptions, type LoadedCorpus, type SplitRead, type SplitOverlap } from './load.ts';
export {
  fetchCorpora,
  listCorpora,
  downloadResumable,
  type FetchOptions,
  type FetchResult,
  type FetchAction,
  type ListOptions,
  type FileStatus,
  type FileState,
} from './fetch.ts';
