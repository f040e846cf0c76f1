// Display values: mean ± sd, best in bold (ties included), significance star, paper difference.
import { expect } from 'chai';
import { describeTable, fmtDiff, fmtP, fmtSeconds, formatTable, summarize } from '../../src/report/format.ts';
import type { ResultTable } from '../../src/report/model.ts';

const scores = (...f: number[]) => f.map((x, i) => ({ unit: `seed ${i}`, f: x }));

function table(): ResultTable {
  return {
    id: 't',
    layout: 'training-sets',
    title: 'T',
    columns: [
      { id: 'original', label: 'Original' },
      { id: 'tl', label: 'TL' },
      { id: 'mtl', label: 'MTL' },
      { id: 'biorex', label: 'BioREx' },
    ],
    baseline: 'original',
    test: { name: 'paired t-test', units: 'seeds', alpha: 0.05 },
    rows: [
      {
        id: 'r1',
        label: 'BioRED+EMU',
        pair: '<G,D>',
        cells: {
          original: { applicable: true, scores: scores(70, 72, 74), paper: 67.2 },
          tl: { applicable: false, scores: [], paper: null },
          mtl: { applicable: true, scores: scores(75.01, 74.99), p: 0.01 },
          biorex: { applicable: true, scores: scores(75, 75), p: 0.04, pAdjusted: 0.08 },
        },
      },
      { id: 'r2', label: 'x', pair: 'All', cells: { original: { applicable: true, scores: [] } } },
    ],
  };
}

describe('report: formatting', () => {
  it('summarize: mean and sample sd (n − 1), P/R means only when every unit has them', () => {
    const s = summarize([
      { unit: 'a', f: 70, p: 60, r: 80 },
      { unit: 'b', f: 72, p: 62 },
      { unit: 'c', f: 74, p: 64, r: 90 },
    ])!;
    expect(s.n).to.equal(3);
    expect(s.mean).to.equal(72);
    expect(s.sd).to.be.closeTo(2, 1e-12); // sqrt(((−2)² + 0 + 2²) / 2)
    expect(s.meanP).to.equal(62);
    expect(s.meanR).to.equal(undefined);
    expect(summarize([{ unit: 'a', f: 5 }])!.sd).to.equal(undefined);
    expect(summarize([])).to.equal(undefined);
  });

  it('marks the best value per row (ties at display precision all bold), stars only p < alpha off the baseline', () => {
    const ft = formatTable(table());
    const [orig, tl, mtl, biorex] = ft.rows[0].cells;
    expect(orig.isBaseline).to.equal(true);
    expect(orig.best).to.equal(false);
    expect(mtl.best && biorex.best).to.equal(true); // 75.0 and 75.0
    expect(mtl.significant).to.equal(true);
    expect(biorex.significant).to.equal(false); // adjusted p 0.08 is used for the star
    expect(biorex.pRaw).to.equal(0.04);
    expect(tl.kind).to.equal('not-applicable');
    expect(orig.diff).to.be.closeTo(72 - 67.2, 1e-9);
    expect(ft.rows[1].cells[0].kind).to.equal('missing');
    expect(ft.rows[1].cells[1].kind).to.equal('missing');
    expect(ft).to.include({ hasPaper: true, maxN: 3, hasTests: true, usesAdjusted: true, hasNotApplicable: true });
  });

  it('a lone value in a row is not bold', () => {
    const t = table();
    t.rows = [{ id: 'r', label: 'r', pair: 'All', cells: { original: { applicable: true, scores: scores(70) } } }];
    expect(formatTable(t).rows[0].cells[0].best).to.equal(false);
  });

  it('captions say how the numbers and marks are computed', () => {
    const text = describeTable(formatTable(table()), 'Original').join(' ');
    expect(text).to.match(/mean ± sample sd over seeds/);
    expect(text).to.match(/\* p < 0\.05 against Original \(paired t-test over seeds/);
    expect(text).to.match(/Δ = ours − paper/);
  });

  it('number formats', () => {
    expect(fmtDiff(1.24)).to.equal('+1.2');
    expect(fmtDiff(-0.26)).to.equal('-0.3');
    expect(fmtDiff(-0.02)).to.equal('0.0');
    expect(fmtP(0.0004)).to.equal('< 0.001');
    expect(fmtP(0.0291)).to.equal('0.029');
    expect(fmtP(0.4)).to.equal('0.40');
    expect(fmtSeconds(100)).to.equal('100 s');
    expect(fmtSeconds(354)).to.equal('5.9 min');
    expect(fmtSeconds(3840)).to.equal('1 h 4 min');
  });
});
