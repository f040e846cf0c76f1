// p-values filled from scores with src/stats: units matched by name, Holm per row, Average row over rows.
import { expect } from 'chai';
import type { ResultTable, Score } from '../../src/report/model.ts';
import { execFileSync } from 'node:child_process';
import { pythonPath } from '../../src/python.ts';
import { addAverageRow, addPairedTests, matchUnits, pairedOutcome } from '../../src/report/significance.ts';
import { holm, pairedTTest } from '../../src/stats/index.ts';

const s = (pairs: [string, number][]): Score[] => pairs.map(([unit, f]) => ({ unit, f }));

function table(): ResultTable {
  return {
    id: 't4',
    layout: 'test-sets',
    title: 'T',
    columns: [
      { id: 'target', label: 'Target' },
      { id: 'tl', label: 'TL' },
      { id: 'biorex', label: 'BioREx' },
      { id: 'sota', label: 'SOTA', referenceOnly: true },
    ],
    baseline: 'target',
    test: { name: 'paired t-test', units: 'seeds', alpha: 0.05 },
    rows: [
      {
        id: 'a',
        label: 'A',
        pair: 'All',
        cells: {
          target: { applicable: true, scores: s([['s1', 70], ['s2', 71], ['s3', 69.5]]) },
          // s4 has no baseline partner and must be ignored; order differs from the baseline's
          tl: { applicable: true, scores: s([['s3', 71.0], ['s1', 72], ['s2', 72.4], ['s4', 99]]) },
          biorex: { applicable: true, scores: s([['s1', 74], ['s2', 73.1], ['s3', 74.2]]) },
        },
      },
      {
        id: 'b',
        label: 'B',
        pair: '<G,G>',
        cells: {
          target: { applicable: true, scores: s([['s1', 80], ['s2', 81]]) },
          tl: { applicable: true, scores: s([['s1', 80.5]]) }, // one matched unit: not tested
          biorex: { applicable: true, scores: s([['s1', 82], ['s2', 83.5]]) },
        },
      },
    ],
  };
}

describe('report: significance from scores', () => {
  it('matches units by name', () => {
    const m = matchUnits(s([['x', 1], ['y', 2], ['z', 3]]), s([['z', 30], ['x', 10]]));
    expect(m).to.deep.equal({ a: [1, 3], b: [10, 30], units: ['x', 'z'] });
  });

  it('paired t-test per row against the baseline, Holm over the row', () => {
    const t = addPairedTests(table());
    const a = t.rows[0].cells;
    const tl = pairedTTest([72, 72.4, 71.0], [70, 71, 69.5]);
    const bx = pairedTTest([74, 73.1, 74.2], [70, 71, 69.5]);
    expect(a.tl.p).to.be.closeTo(tl.p, 1e-12);
    expect(a.biorex.p).to.be.closeTo(bx.p, 1e-12);
    const adj = holm([tl.p, bx.p]).adjusted;
    expect(a.tl.pAdjusted).to.be.closeTo(adj[0], 1e-12);
    expect(a.biorex.pAdjusted).to.be.closeTo(adj[1], 1e-12);
    expect(a.target.p).to.equal(undefined);
    // row b: 1 and 2 matched seeds — not testable, no p (not t = 0.00, p = 1.00)
    const b = t.rows[1].cells;
    expect(b.tl.p).to.equal(undefined);
    expect(b.tl.notTestable).to.equal('not testable: n = 1 < 3');
    expect(b.biorex.p).to.equal(undefined);
    expect(b.biorex.notTestable).to.equal('not testable: n = 2 < 3');
    const ours = t.comparisons!.filter((c) => c.source === 'ours');
    expect(ours).to.have.length(4);
    expect(ours[0]).to.include({ row: 'a', a: 'tl', b: 'target', n: 3 });
    expect(ours.filter((c) => c.row === 'b').map((c) => [c.a, c.n, c.p, c.notTestable])).to.deep.equal([
      ['tl', 1, undefined, 'not testable: n = 1 < 3'],
      ['biorex', 2, undefined, 'not testable: n = 2 < 3'],
    ]);
    expect(t.test.correction).to.match(/Holm/);
  });

  it('zero variance of the differences (a constant gain) is not testable, and is left out of Holm', () => {
    const base = table();
    base.rows[0].cells.tl.scores = s([['s1', 72], ['s2', 73], ['s3', 71.5]]); // +2 on every seed
    const t = addPairedTests(base);
    const a = t.rows[0].cells;
    expect(a.tl.p).to.equal(undefined);
    expect(a.tl.notTestable).to.match(/zero variance/);
    // the family is BioREx alone: nothing to correct
    expect(a.biorex.p).to.be.closeTo(pairedTTest([74, 73.1, 74.2], [70, 71, 69.5]).p, 1e-12);
    expect(a.biorex.pAdjusted).to.equal(undefined);
  });

  it('n ≥ 3: p and t equal scipy.stats.ttest_rel (run now, in the trainer venv)', () => {
    const cases: [number[], number[]][] = [
      [[74, 73.1, 74.2], [70, 71, 69.5]],
      [[80.1, 79.4, 81.0, 78.8], [79.9, 79.6, 80.2, 79.0]],
      [[55.0, 61.2, 58.3, 60.0, 57.7], [54.1, 60.0, 58.9, 57.2, 58.0]],
    ];
    const py = `import json,sys\nfrom scipy.stats import ttest_rel\nprint(json.dumps([list(map(float, ttest_rel(a, b))) for a, b in json.load(sys.stdin)]))`;
    const out = execFileSync(pythonPath(), ['-c', py], { input: JSON.stringify(cases), encoding: 'utf8' });
    const scipy = JSON.parse(out) as [number, number][];
    cases.forEach(([a, b], i) => {
      const o = pairedOutcome(a, b);
      expect(o.testable, `case ${i}`).to.equal(true);
      if (!o.testable) return;
      expect(o.t).to.be.closeTo(scipy[i][0], 1e-9);
      expect(o.p).to.be.closeTo(scipy[i][1], 1e-9);
    });
    expect(pairedOutcome([74, 73.1], [70, 71])).to.deep.equal({ testable: false, n: 2, reason: 'not testable: n = 2 < 3' });
  });

  it('correction none leaves raw p only', () => {
    const t = addPairedTests(table(), { correction: 'none' });
    expect(t.rows[0].cells.tl.pAdjusted).to.equal(undefined);
  });

  it('Average row: per-seed means over rows, tested across rows', () => {
    const t = addAverageRow(addPairedTests(table()), { correction: 'none' });
    const avg = t.rows.at(-1)!;
    expect(avg.kind).to.equal('summary');
    // target: common units s1, s2 → (70+80)/2, (71+81)/2
    expect(avg.cells.target.scores).to.deep.equal([
      { unit: 's1', f: 75 },
      { unit: 's2', f: 76 },
    ]);
    // tl: only s1 is in every row
    expect(avg.cells.tl.scores).to.deep.equal([{ unit: 's1', f: 76.25 }]);
    // two test sets: the test across rows has n = 2 — not testable
    expect(avg.cells.biorex.p).to.equal(undefined);
    expect(avg.cells.biorex.notTestable).to.equal('not testable: n = 2 < 3');
    expect(avg.cells.sota).to.equal(undefined);
    expect(t.notes!.join(' ')).to.match(/paired t-test over test sets, n = 2/);
  });

  it('Average row over three test sets: tested across rows (per-row means)', () => {
    const base = table();
    const third = structuredClone(base.rows[0]);
    third.id = 'c';
    third.label = 'C';
    third.cells.biorex.scores = s([['s1', 71], ['s2', 75], ['s3', 72]]);
    base.rows.push(third);
    const t = addAverageRow(addPairedTests(base), { correction: 'none' });
    const rowMean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const expected = pairedTTest(
      [rowMean([74, 73.1, 74.2]), rowMean([82, 83.5]), rowMean([71, 75, 72])],
      [rowMean([70, 71, 69.5]), rowMean([80, 81]), rowMean([70, 71, 69.5])],
    );
    expect(t.rows.at(-1)!.cells.biorex.p).to.be.closeTo(expected.p, 1e-12);
    expect(t.comparisons!.find((c) => c.row === 'average' && c.a === 'biorex')).to.include({ n: 3 });
  });
});
