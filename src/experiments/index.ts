// Experiments: the spec format (zod schema → types, validation, JSON Schema), the one spec loader
// (files, multi-document files, catalog names), expansion of a spec into runs, and run identities
// (content hashes).
export { CORPUS_NAMES, PAPER_CORPORA, CORPUS_FACTS } from './corpora.ts';
export type { CorpusName, CorpusFacts } from './corpora.ts';
export {
  ExperimentSpecSchema,
  CONFIGURATIONS,
  TRAINING_DEFAULTS,
  DATA_DEFAULTS,
  TRAINING_KEYS,
  DATA_KEYS,
  experimentJsonSchema,
} from './schema.ts';
export type {
  Configuration,
  ExperimentSpec,
  ExperimentSpecInput,
  TrainingParams,
  DataOptions,
  RowSpec,
  ProfileSpec,
} from './schema.ts';
export { catalogNames, experimentsNamed, findSpecFile, loadSpecFile, loadSpecs, parseSpec, type ResolvedSpecs } from './load.ts';
export { validateSpec, applyProfile, type LoadedSpec } from './validate.ts';
export { SpecError, formatSpecProblem, type SpecProblem } from './spec-error.ts';
export { suggest, formatPath } from './explain.ts';
export { expandSpec, describeRows, rowExternals, plmList, templateKey, TRAINER_MODE } from './expand.ts';
export type { RunTemplate, InstanceRequest, RowInfo, Expansion } from './expand.ts';
export { runIdentity, runHash, IDENTITY_VERSION } from './hash.ts';
export { parsePlmRef, plmRefLabel, runPlm } from './plm-ref.ts';
export type { PlmRef } from './plm-ref.ts';
export type { RunInputs } from './hash.ts';
export { schemaFileText, schemaFileUpToDate } from './schema-file.ts';
