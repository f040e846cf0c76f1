import { expect } from 'chai';
import { prf, splitIds } from '../../src/evaluation/index.ts';

describe('evaluation: ids and P/R/F', () => {
  it('splits composite ids on "," and ";" but not on "|" (tmVar ids contain it)', () => {
    expect(splitIds('D001943,D010051')).to.deep.equal(['D001943', 'D010051']);
    expect(splitIds('D001943; D010051')).to.deep.equal(['D001943', 'D010051']);
    expect(splitIds('c|SUB|G|CODON1763|A')).to.deep.equal(['c|SUB|G|CODON1763|A']);
  });

  it('computes micro P/R/F with 0 where undefined', () => {
    expect(prf({ tp: 0, fp: 0, fn: 0 })).to.deep.equal({ tp: 0, fp: 0, fn: 0, p: 0, r: 0, f: 0 });
    const s = prf({ tp: 3, fp: 1, fn: 2 });
    expect(s.p).to.equal(0.75);
    expect(s.r).to.equal(0.6);
    expect(s.f).to.be.closeTo((2 * 0.75 * 0.6) / 1.35, 1e-15);
  });
});
