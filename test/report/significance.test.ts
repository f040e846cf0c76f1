// p-values filled from scores with src/stats: units matched by name, Holm per row, Average row over rows.
import { expect } from 'chai';
import type { ResultTable, Score } from '../../src/report/model.ts';
import { addAverageRow, addPairedTests, matchUnits } from '../../src/report/significance.ts';
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
    const b = t.rows[1].cells;
    expect(b.tl.p).to.equal(undefined);
    expect(b.biorex.p).to.be.a('number');
    expect(b.biorex.pAdjusted).to.equal(undefined); // a family of one: nothing to correct
    const ours = t.comparisons!.filter((c) => c.source === 'ours');
    expect(ours).to.have.length(3);
    expect(ours[0]).to.include({ row: 'a', a: 'tl', b: 'target', n: 3 });
    expect(t.test.correction).to.match(/Holm/);
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
    const rowMean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const expected = pairedTTest(
      [rowMean([74, 73.1, 74.2]), rowMean([82, 83.5])],
      [rowMean([70, 71, 69.5]), rowMean([80, 81])],
    );
    expect(avg.cells.biorex.p).to.be.closeTo(expected.p, 1e-12);
    expect(avg.cells.sota).to.equal(undefined);
    expect(t.notes!.join(' ')).to.match(/paired t-test over test sets, n = 2/);
  });
});
