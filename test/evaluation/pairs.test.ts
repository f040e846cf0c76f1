import { expect } from 'chai';
import { pairTypeOf, parsePairType, prf, splitIds } from '../../src/evaluation/index.ts';

describe('evaluation: ids, pair types and P/R/F', () => {
  it('splits composite ids on "," and ";" but not on "|" (tmVar ids contain it)', () => {
    expect(splitIds('D001943,D010051')).to.deep.equal(['D001943', 'D010051']);
    expect(splitIds('D001943; D010051')).to.deep.equal(['D001943', 'D010051']);
    expect(splitIds('c|SUB|G|CODON1763|A')).to.deep.equal(['c|SUB|G|CODON1763|A']);
  });

  it('names pair types with sorted short types', () => {
    expect(pairTypeOf('GeneOrGeneProduct', 'ChemicalEntity')).to.equal('Chemical|Gene');
    expect(pairTypeOf('SequenceVariant', 'DiseaseOrPhenotypicFeature')).to.equal('Disease|Variant');
    expect(['<C,D>', 'D,C', 'Disease|Chemical', 'ChemicalEntity|DiseaseOrPhenotypicFeature'].map(parsePairType)).to.deep.equal(
      Array(4).fill('Chemical|Disease'),
    );
    expect(parsePairType('<G,G>')).to.equal('Gene|Gene');
    expect(parsePairType('Chemical')).to.equal(undefined);
  });

  it('computes micro P/R/F with 0 where undefined', () => {
    expect(prf({ tp: 0, fp: 0, fn: 0 })).to.deep.equal({ tp: 0, fp: 0, fn: 0, p: 0, r: 0, f: 0 });
    const s = prf({ tp: 3, fp: 1, fn: 2 });
    expect(s.p).to.equal(0.75);
    expect(s.r).to.equal(0.6);
    expect(s.f).to.be.closeTo((2 * 0.75 * 0.6) / 1.35, 1e-15);
  });
});
