// Descriptive statistics over seeds / folds.

export interface MeanSd {
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n − 1); NaN when n < 2. */
  sd: number;
}

/** Mean and sample sd (n − 1) — e.g. F over seeds, reported as mean ± sd. */
export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, sd: NaN };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { n, mean, sd: NaN };
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { n, mean, sd: Math.sqrt(ss / (n - 1)) };
}

/**
 * Percentile of a sample with linear interpolation between order statistics (Hyndman–Fan type 7:
 * numpy's and R's default). `q` in [0, 1].
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return quantileSorted(sorted, q);
}

export function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
