// Runner: plans an experiment (runs + content hashes + status), builds the instance sets, and
// drives the Python trainer — one run per device slot — recording everything in tracking/.
export { runExperiment, runExperiments } from './run.ts';
export type { RunExperimentOptions, RunSummary } from './run.ts';
export { planExperiment, recordPlan, planStatuses, planToJson, formatPlan } from './plan.ts';
export type { Plan, PlannedRun, PlanJson, PlanStatus } from './plan.ts';
export { defaultInstanceProvider, setHashes } from './instances.ts';
export type { InstanceProvider, InstanceSet, RunSets } from './instances.ts';
export { deriveRunFiles, sampleDocs } from './derive.ts';
export type { RunFiles } from './derive.ts';
export { scoreRun, usesBioREDScorer } from './score.ts';
export type { ScoreInput } from './score.ts';
export { deviceSlots, visibleGpus } from './devices.ts';
export type { DeviceSlot } from './devices.ts';
export { TrainerProcess } from './trainer.ts';
export type { TrainerEvent, TrainerExit } from './trainer.ts';
export { createProgress } from './progress.ts';
export type { ProgressMode, ProgressReporter } from './progress.ts';
export { localEnvironment } from './environment.ts';
export { scoreRunOutputs } from './score.ts';
export type { RunOutputs } from './score.ts';
export { rescoreExperiment } from './rescore.ts';
export type { RescoreOptions, RescoreResult } from './rescore.ts';
export { exportPlm, exportedFor, resolveRunRef, runModelDir, PLM_PROVENANCE } from './encoders.ts';
export type { ExportedPlm } from './encoders.ts';
