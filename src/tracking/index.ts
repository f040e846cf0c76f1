// Tracking: one SQLite store per project (WAL, busy timeout, numbered migrations) holding
// experiments, runs, attempts, step metrics, results, artifacts and environments.
export { openStore, TrackingStore, MetricsBuffer } from './store.ts';
export type {
  RunStatus,
  RunRecord,
  NewRun,
  ExperimentRecord,
  ExperimentRunLink,
  MetricPoint,
  ResultRow,
  ArtifactRow,
  Environment,
  Claimer,
  ClaimResult,
  OpenOptions,
} from './store.ts';
export { APPLICATION_ID, SCHEMA_VERSION, MIGRATIONS } from './schema.ts';
export { compareRuns, exportRows, exportCsv, mainF1, plmChain, runDetail, toCsv, CSV_COLUMNS } from './query.ts';
export type { PlmLink, RunComparison, RunDetail } from './query.ts';
export { formatComparison, formatRunDetail, formatRunList } from './format.ts';
