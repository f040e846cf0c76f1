// Every expected number below was computed independently with numpy 2.4 / scipy 1.17 by
// test/fixtures/evaluation/stats-reference.py (`.venv/bin/python test/fixtures/evaluation/stats-reference.py`)
// and pasted here: np.std(ddof=1), scipy.stats.ttest_rel (+ .confidence_interval), a numpy
// Holm step-down, np.percentile (linear) over given bootstrap indices, scipy.stats.bootstrap.
import { expect } from 'chai';
import { holm, meanSd, pairedBootstrap, pairedTTest, quantile, type UnitCounts } from '../../src/stats/index.ts';

const close = (actual: number, expected: number, tol = 1e-9) => expect(actual).to.be.closeTo(expected, tol);

describe('stats: meanSd', () => {
  it('gives the mean and the sample sd (n − 1), as numpy std(ddof=1)', () => {
    const r = meanSd([79.3, 78.4, 78.2, 79.6, 80.1]);
    expect(r.n).to.equal(5);
    close(r.mean, 79.12);
    close(r.sd, 0.8043631020876034); // np.std(ddof=1)
  });
  it('has no sd for a single value and no mean for none', () => {
    expect(meanSd([0.7]).mean).to.equal(0.7);
    expect(meanSd([0.7]).sd).to.be.NaN;
    expect(meanSd([]).mean).to.be.NaN;
  });
});

describe('stats: quantile (type 7, numpy default)', () => {
  it('interpolates linearly between order statistics', () => {
    // np.percentile([3, 1, 4, 1, 5], [0, 25, 50, 90, 100]) = [1, 1, 3, 4.6, 5]
    const xs = [3, 1, 4, 1, 5];
    [1, 1, 3, 4.6, 5].forEach((x, i) => close(quantile(xs, [0, 0.25, 0.5, 0.9, 1][i]), x));
  });
});

describe('stats: pairedTTest', () => {
  it('matches scipy.stats.ttest_rel on the paper Table 3 rows (BioREx vs Original)', () => {
    const original = [76.5, 78.0, 78.1, 78.1, 78.3, 78.3, 67.2, 67.2, 74.4];
    const biorex = [79.3, 78.3, 81.5, 81.9, 85.8, 79.7, 71.2, 69.7, 79.6];
    const r = pairedTTest(biorex, original);
    expect(r.df).to.equal(8);
    close(r.t, 4.9005965011190105);
    close(r.p, 0.0011928708216246034); // the paper reports p = 0.001
    close(r.ci[0], 1.8177584002832194);
    close(r.ci[1], 5.048908266383449);
  });
  it('matches scipy with three seeds and a 90 % interval', () => {
    const r = pairedTTest([0.781, 0.795, 0.788], [0.744, 0.751, 0.739], { alpha: 0.1 });
    close(r.t, 12.451741707874968);
    close(r.p, 0.006387969380880355);
    close(r.ci[0], 0.03317148517983604);
    close(r.ci[1], 0.05349518148683069);
  });
  it('matches scipy when there is no real difference', () => {
    const r = pairedTTest([0.7, 0.72, 0.69, 0.71, 0.73, 0.7], [0.71, 0.7, 0.7, 0.72, 0.71, 0.69]);
    close(r.t, 0.5423261445466404);
    close(r.p, 0.6108811833962556);
    close(r.ci[0], -0.01246639567650572);
    close(r.ci[1], 0.019133062343172393);
  });
  it('is antisymmetric in its arguments', () => {
    const a = [0.7, 0.72, 0.69];
    const b = [0.71, 0.6, 0.65];
    const ab = pairedTTest(a, b);
    const ba = pairedTTest(b, a);
    close(ab.t, -ba.t);
    close(ab.p, ba.p);
  });
  it('handles zero variance of the differences', () => {
    expect(pairedTTest([1, 2, 3], [1, 2, 3])).to.include({ t: 0, p: 1 });
    expect(pairedTTest([2, 3, 4], [1, 2, 3])).to.include({ t: Infinity, p: 0 });
  });
  it('refuses unmatched units', () => {
    expect(() => pairedTTest([1, 2, 3], [1, 2])).to.throw(/matched units/);
    expect(() => pairedTTest([1], [2])).to.throw(/at least two/);
  });
});

describe('stats: holm', () => {
  it('matches an independent numpy Holm step-down', () => {
    const a = holm([0.029, 0.002, 0.001]).adjusted;
    [0.029, 0.004, 0.003].forEach((x, i) => close(a[i], x));
    const b = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((x, i) => close(b.adjusted[i], x));
    expect(b.reject).to.deep.equal([true, false, false, true]);
    const c = holm([0.5, 0.2, 0.4]).adjusted;
    [0.8, 0.6, 0.8].forEach((x, i) => close(c[i], x));
  });
  it('caps at 1 and keeps an empty family empty', () => {
    expect(holm([0.6, 0.7]).adjusted).to.deep.equal([1, 1]);
    expect(holm([]).adjusted).to.deep.equal([]);
  });
});

// 12 documents, (tp, fp, fn) of two systems.
const A: [number, number, number][] = [[5,1,2],[3,0,1],[8,2,3],[0,1,2],[4,4,1],[6,0,0],[2,3,3],[7,1,2],[1,0,4],[3,2,0],[9,3,1],[2,1,1]];
const B: [number, number, number][] = [[4,2,3],[3,1,1],[6,3,5],[0,2,2],[4,2,1],[5,1,1],[1,3,4],[6,2,3],[1,1,4],[2,2,1],[8,4,2],[2,0,1]];
const units = (rows: [number, number, number][]): UnitCounts[] => rows.map(([tp, fp, fn], i) => ({ doc: `d${i}`, tp, fp, fn }));
// numpy.random.default_rng(7).integers(0, 12, size=(20, 12))
const INDICES = [[11,7,8,10,6,9,10,2,0,3,3,10],[10,0,5,9,1,9,1,5,9,3,4,3],[8,3,11,5,5,6,6,6,6,11,9,9],[8,7,4,11,5,2,10,1,10,7,1,0],[5,0,1,6,11,5,9,11,9,7,5,6],[3,5,4,2,11,0,1,2,11,8,10,2],[8,4,5,0,7,9,7,1,6,3,11,10],[2,6,11,10,8,7,0,8,5,1,2,6],[8,6,7,10,8,4,7,7,1,0,7,4],[7,3,2,1,4,9,4,4,6,11,4,7],[5,7,5,7,6,8,11,1,6,5,4,2],[0,4,9,1,4,11,11,2,0,8,0,3],[5,10,1,7,6,1,10,10,5,11,7,10],[11,6,3,1,6,2,9,11,2,6,0,2],[4,10,11,7,7,6,0,4,11,4,2,2],[8,0,11,10,6,5,9,6,5,3,5,9],[0,0,8,4,9,0,10,1,4,11,1,7],[8,5,0,6,5,10,8,4,0,7,3,8],[10,4,10,6,6,9,9,10,11,1,4,11],[3,0,6,9,8,9,7,1,10,5,10,9]];

describe('stats: pairedBootstrap', () => {
  it('matches numpy on given resamples: full-set F, percentile CIs and the p-value', () => {
    const r = pairedBootstrap(units(A), units(B), { indices: INDICES });
    expect(r.resamples).to.equal(20);
    close(r.a, 0.7246376811594202);
    close(r.b, 0.6222222222222222);
    close(r.delta, 0.10241545893719795);
    close(r.ciA[0], 0.6366154630168899);
    close(r.ciA[1], 0.8025515895147798);
    close(r.ciB[0], 0.5045981232150143);
    close(r.ciB[1], 0.7042473344556677);
    close(r.ciDelta[0], 0.04707740020964771);
    close(r.ciDelta[1], 0.13369716262410422);
    close(r.p, 0.047619047619047616); // (1 + #{|δ* − δ| ≥ |δ|}) / (B + 1)
  });
  it('agrees with scipy.stats.bootstrap (percentile, paired) within Monte-Carlo error', () => {
    const r = pairedBootstrap(units(A), units(B), { resamples: 20000, seed: 'scipy-check' });
    // scipy.stats.bootstrap(..., n_resamples=20000, method="percentile"): [0.04612, 0.14379] for δ, [0.6111, 0.8056] for A
    close(r.ciDelta[0], 0.046121618880023994, 0.01);
    close(r.ciDelta[1], 0.14379084967320255, 0.01);
    close(r.ciA[0], 0.611111111111111, 0.01);
    close(r.ciA[1], 0.8055555555555556, 0.01);
  });
  it('is reproducible for a seed and differs across seeds', () => {
    const one = pairedBootstrap(units(A), units(B), { resamples: 500, seed: 's1' });
    const again = pairedBootstrap(units(A), units(B), { resamples: 500, seed: 's1' });
    const other = pairedBootstrap(units(A), units(B), { resamples: 500, seed: 's2' });
    expect(again).to.deep.equal(one);
    expect(other.ciDelta).to.not.deep.equal(one.ciDelta);
  });
  it('gives p = 1 for identical systems and pairs units by document id, not position', () => {
    const same = pairedBootstrap(units(A), units(A), { resamples: 200 });
    expect(same.p).to.equal(1);
    expect(same.delta).to.equal(0);
    const shuffled = units(B).reverse();
    const r1 = pairedBootstrap(units(A), units(B), { indices: INDICES });
    const r2 = pairedBootstrap(units(A), shuffled, { indices: INDICES });
    expect(r2).to.deep.equal(r1);
  });
  it('refuses documents scored for one system only', () => {
    expect(() => pairedBootstrap(units(A), units(B).slice(1))).to.throw(/one system only|different documents/);
  });
});
