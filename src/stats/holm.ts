// Holm step-down correction for several configurations compared with one baseline.

export interface HolmResult {
  /** Adjusted p-values, in the input order. */
  adjusted: number[];
  /** adjusted < alpha (equivalent to Holm's step-down rejections at family-wise level alpha). */
  reject: boolean[];
}

/**
 * Holm (1979): sort the m p-values ascending, p_(k) → max over j ≤ k of min(1, (m − j + 1)·p_(j)).
 * Matches statsmodels' multipletests(method="holm").
 */
export function holm(pValues: readonly number[], alpha = 0.05): HolmResult {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return { adjusted, reject: adjusted.map((p) => p < alpha) };
}
