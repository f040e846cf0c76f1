import { expect } from 'chai';
import {
  CRITERIA,
  DEFAULT_CRITERIA,
  isNegativeLabel,
  pairKey,
  pairLetter,
  pairTypeOf,
  parsePairType,
} from '../src/vocabulary.ts';

describe('vocabulary: criteria, pair types and the paper pair notation', () => {
  it('names pair types with sorted short types', () => {
    expect(pairTypeOf('GeneOrGeneProduct', 'ChemicalEntity')).to.equal('Chemical|Gene');
    expect(pairTypeOf('SequenceVariant', 'DiseaseOrPhenotypicFeature')).to.equal('Disease|Variant');
    expect(['<C,D>', 'D,C', 'Disease|Chemical', 'ChemicalEntity|DiseaseOrPhenotypicFeature'].map(parsePairType)).to.deep.equal(
      Array(4).fill('Chemical|Disease'),
    );
    expect(parsePairType('<G,G>')).to.equal('Gene|Gene');
    expect(parsePairType('Chemical')).to.equal(undefined);
  });

  it('maps the paper pair notation to the pair types evaluation/ writes', () => {
    expect(pairKey('<G,C>')).to.equal('Chemical|Gene');
    expect(pairKey('<C,D>')).to.equal('Chemical|Disease');
    expect(pairKey('All')).to.equal('all');
  });

  it('gives each BioRED entity class its pair-notation letter', () => {
    expect(['ChemicalEntity', 'DiseaseOrPhenotypicFeature', 'GeneOrGeneProduct', 'SequenceVariant', 'OrganismTaxon'].map(pairLetter)).to.deep.equal(
      ['C', 'D', 'G', 'V', '?'],
    );
  });

  it('a label starting with None is a negative; the default criteria are the paper\'s two', () => {
    expect(['None', 'None-DDI', 'Association', 'none'].map(isNegativeLabel)).to.deep.equal([true, true, false, false]);
    expect([...DEFAULT_CRITERIA]).to.deep.equal(['pair', 'pair+type']);
    expect(DEFAULT_CRITERIA.every((c) => CRITERIA.includes(c))).to.equal(true);
  });
});
