// Reproduce: one command from a catalog experiment (or any spec file) to its report — corpora,
// instance sets, runs, scoring, statistics, report — resumable (docs/reproduce.md).
export { reproduce, corporaOf, encoderSources } from './pipeline.ts';
export type { ReproduceOptions, ReproduceResult } from './pipeline.ts';
export { summaryText, mainTable } from './summary.ts';
