// Paired t-test between two configurations over matched units (seeds, folds, or table rows).
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { meanSd } from './describe.ts';

export interface PairedTTest {
  n: number;
  df: number;
  /** Mean of a[i] − b[i]. */
  meanDiff: number;
  /** Sample sd (n − 1) of the differences. */
  sdDiff: number;
  t: number;
  /** Two-sided p-value. */
  p: number;
  /** Confidence interval of the mean difference at level 1 − alpha. */
  ci: [number, number];
  alpha: number;
}

/**
 * Paired t-test of H0: mean(a − b) = 0 (two-sided), as scipy.stats.ttest_rel. Units must be
 * matched by position (a[i] and b[i] = the same seed / fold / table row).
 * When all differences are equal, the sd is 0: t = ±Infinity and p = 0 if they are non-zero;
 * t = 0 and p = 1 if they are all zero (scipy returns NaN there).
 */
export function pairedTTest(a: readonly number[], b: readonly number[], opts: { alpha?: number } = {}): PairedTTest {
  const alpha = opts.alpha ?? 0.05;
  if (a.length !== b.length) throw new Error(`paired t-test needs matched units: ${a.length} vs ${b.length} values`);
  if (a.length < 2) throw new Error('paired t-test needs at least two matched units');
  const diffs = a.map((x, i) => x - b[i]);
  const { n, mean, sd } = meanSd(diffs);
  const df = n - 1;
  const se = sd / Math.sqrt(n);
  let t: number;
  let p: number;
  if (se === 0) {
    t = mean === 0 ? 0 : mean > 0 ? Infinity : -Infinity;
    p = mean === 0 ? 1 : 0;
  } else {
    t = mean / se;
    p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  }
  const half = tQuantile(1 - alpha / 2, df) * se;
  return { n, df, meanDiff: mean, sdDiff: sd, t, p, ci: [mean - half, mean + half], alpha };
}
