// Statistics for comparing configurations: mean ± sd, paired t-test, paired bootstrap, Holm.
export { meanSd, quantile, quantileSorted } from './describe.ts';
export type { MeanSd } from './describe.ts';
export { pairedTTest } from './ttest.ts';
export type { PairedTTest } from './ttest.ts';
export { pairedBootstrap } from './bootstrap.ts';
export type { PairedBootstrap, PairedBootstrapOptions, UnitCounts, BootstrapMetric } from './bootstrap.ts';
export { holm } from './holm.ts';
export type { HolmResult } from './holm.ts';
