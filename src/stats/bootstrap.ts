// Paired bootstrap over documents: resample documents with replacement, recompute micro F of
// both systems on the same resample, and read confidence intervals off the percentiles.
import seedrandom from 'seedrandom';
import { quantileSorted } from './describe.ts';

export interface UnitCounts {
  /** The unit resampled (a document id). */
  doc: string;
  tp: number;
  fp: number;
  fn: number;
}

export type BootstrapMetric = 'f' | 'p' | 'r';

export interface PairedBootstrapOptions {
  /** Number of resamples (default 10,000). */
  resamples?: number;
  /** Seed for seedrandom (default `biorex`): the same seed gives the same result. */
  seed?: string;
  /** CI level 1 − alpha (default 0.05 → 95 %). */
  alpha?: number;
  metric?: BootstrapMetric;
  /** Explicit resamples (arrays of unit indices), for tests against an independent computation. */
  indices?: readonly (readonly number[])[];
}

export interface PairedBootstrap {
  n: number;
  resamples: number;
  seed: string;
  alpha: number;
  metric: BootstrapMetric;
  /** The metric on the full set for system a, system b, and a − b. */
  a: number;
  b: number;
  delta: number;
  /** Percentile confidence intervals. */
  ciA: [number, number];
  ciB: [number, number];
  ciDelta: [number, number];
  /**
   * Two-sided p-value of H0: delta = 0, from the bootstrap distribution shifted to the null:
   * (1 + #{|delta* − delta| ≥ |delta|}) / (B + 1).
   */
  p: number;
}

function metricOf(tp: number, fp: number, fn: number, metric: BootstrapMetric): number {
  const p = tp + fp > 0 ? tp / (tp + fp) : 0;
  const r = tp + fn > 0 ? tp / (tp + fn) : 0;
  if (metric === 'p') return p;
  if (metric === 'r') return r;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

/**
 * Paired bootstrap of the micro metric of two systems scored on the same documents. Units are
 * matched by `doc`; a document present in only one list is an error (score both on the same gold).
 */
export function pairedBootstrap(
  a: readonly UnitCounts[],
  b: readonly UnitCounts[],
  opts: PairedBootstrapOptions = {},
): PairedBootstrap {
  const metric = opts.metric ?? 'f';
  const alpha = opts.alpha ?? 0.05;
  const seed = opts.seed ?? 'biorex';
  const bByDoc = new Map(b.map((u) => [u.doc, u]));
  if (bByDoc.size !== b.length || new Set(a.map((u) => u.doc)).size !== a.length) {
    throw new Error('paired bootstrap: a document appears twice in one system\'s counts');
  }
  const pairs = a.map((ua) => {
    const ub = bByDoc.get(ua.doc);
    if (!ub) throw new Error(`paired bootstrap: document ${ua.doc} is scored for one system only`);
    return [ua, ub] as const;
  });
  if (pairs.length !== b.length) throw new Error('paired bootstrap: the two systems were scored on different documents');
  const n = pairs.length;
  if (n === 0) throw new Error('paired bootstrap needs at least one document');

  // Column arrays keep the inner loop tight (10,000 resamples × n documents).
  const cols = ['tp', 'fp', 'fn'] as const;
  const A = cols.map((k) => Float64Array.from(pairs, ([x]) => x[k]));
  const B = cols.map((k) => Float64Array.from(pairs, ([, y]) => y[k]));
  const sum = (col: Float64Array) => col.reduce((s, v) => s + v, 0);
  const fullA = metricOf(sum(A[0]), sum(A[1]), sum(A[2]), metric);
  const fullB = metricOf(sum(B[0]), sum(B[1]), sum(B[2]), metric);
  const delta = fullA - fullB;

  const rng = seedrandom(seed);
  const count = opts.indices?.length ?? opts.resamples ?? 10_000;
  const sa = new Float64Array(count);
  const sb = new Float64Array(count);
  const sd = new Float64Array(count);
  let extreme = 0;
  for (let s = 0; s < count; s++) {
    let atp = 0, afp = 0, afn = 0, btp = 0, bfp = 0, bfn = 0;
    const given = opts.indices?.[s];
    for (let k = 0; k < n; k++) {
      const i = given ? given[k] : Math.floor(rng() * n);
      atp += A[0][i]; afp += A[1][i]; afn += A[2][i];
      btp += B[0][i]; bfp += B[1][i]; bfn += B[2][i];
    }
    sa[s] = metricOf(atp, afp, afn, metric);
    sb[s] = metricOf(btp, bfp, bfn, metric);
    sd[s] = sa[s] - sb[s];
    // Small tolerance so that ties with |delta| are not lost to floating-point noise.
    if (Math.abs(sd[s] - delta) >= Math.abs(delta) - 1e-12) extreme++;
  }
  const ci = (xs: Float64Array): [number, number] => {
    const sorted = Array.from(xs).sort((x, y) => x - y);
    return [quantileSorted(sorted, alpha / 2), quantileSorted(sorted, 1 - alpha / 2)];
  };
  return {
    n,
    resamples: count,
    seed,
    alpha,
    metric,
    a: fullA,
    b: fullB,
    delta,
    ciA: ci(sa),
    ciB: ci(sb),
    ciDelta: ci(sd),
    p: (1 + extreme) / (count + 1),
  };
}
