// The BioRED scorer on hand-written gold / prediction pairs (test/fixtures/evaluation/*.pubtator).
// Expected counts are worked out by hand in the comments from the fixture lines.
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import type { Document } from '../../src/corpora/types.ts';
import {
  findRow,
  formatDetails,
  formatScoreText,
  readGoldPubTator,
  readPredictedPubTator,
  scoreBioRED,
  type PredictedPair,
} from '../../src/evaluation/index.ts';
import type { Criterion } from '../../src/vocabulary.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/evaluation/${name}`, import.meta.url));

function counts(score: ReturnType<typeof scoreBioRED>, c: Criterion, pairType = 'all', relType?: string) {
  const row = findRow(score.rows, c, pairType, relType);
  expect(row, `row ${c} ${pairType} ${relType ?? ''}`).to.exist;
  return { tp: row!.tp, fp: row!.fp, fn: row!.fn };
}

/** A document with mentions (type, ids) only; offsets are irrelevant to the scorer. */
function doc(id: string, mentions: [string, string[]][], relations: Document['relations'] = []): Document {
  return {
    id,
    passages: [{ kind: 'title', offset: 0, text: 'x' }],
    mentions: mentions.map(([type, ids]) => ({ start: 0, end: 1, text: 'x', type, ids })),
    relations,
  };
}

describe('evaluation: scoreBioRED on the hand-written fixture', () => {
  let gold: Document[];
  let pred: PredictedPair[];
  before(async () => {
    gold = await readGoldPubTator(fixture('gold.pubtator'));
    pred = await readPredictedPubTator(fixture('pred.pubtator'));
  });

  // Five-pair gold: 9100001 (D001241,D003110) NegCorr Novel, (4193,7157) Assoc No,
  // (D001241,D007052) DrugInt No, (3304,7157) Bind No; 9100002 (D007674,D016190) PosCorr Novel,
  // (26762,D002945) PosCorr No. Variant relations (rs113488022–D008545, 673–rs113488022) are outside.
  it('pair: id order is irrelevant; a wrong type still counts; a new pair is FP, a missed one FN', () => {
    const s = scoreBioRED(gold, pred);
    expect(counts(s, 'pair')).to.deep.equal({ tp: 5, fp: 1, fn: 1 });
    expect(s.overall.pair!.p).to.be.closeTo(5 / 6, 1e-12);
    expect(s.overall.pair!.f).to.be.closeTo(5 / 6, 1e-12);
  });

  it('pair+type: a right pair with a wrong type is 1 FP + 1 FN', () => {
    const s = scoreBioRED(gold, pred, { criteria: ['pair+type'] });
    // TP NegCorr, Assoc, Bind, PosCorr(9100002); FP PosCorr on the drug pair + Assoc 673–D008545;
    // FN DrugInt + the missed (26762, D002945).
    expect(counts(s, 'pair+type')).to.deep.equal({ tp: 4, fp: 2, fn: 2 });
    expect(counts(s, 'pair+type', 'all', 'Drug_Interaction')).to.deep.equal({ tp: 0, fp: 0, fn: 1 });
    expect(counts(s, 'pair+type', 'all', 'Positive_Correlation')).to.deep.equal({ tp: 1, fp: 1, fn: 1 });
    expect(counts(s, 'pair+type', 'Chemical|Chemical', 'Positive_Correlation')).to.deep.equal({ tp: 0, fp: 1, fn: 0 });
  });

  it('pair+novelty and all: novelty must match; a numeric 5th field is a score, not a novelty', () => {
    const s = scoreBioRED(gold, pred);
    // Assoc 7157–4193 predicted Novel vs gold No; 673–D008545 has a score only.
    expect(counts(s, 'pair+novelty')).to.deep.equal({ tp: 4, fp: 2, fn: 2 });
    expect(counts(s, 'all')).to.deep.equal({ tp: 3, fp: 3, fn: 3 });
  });

  it('the default five-pair filter drops relations with a SequenceVariant argument; filter none keeps them', () => {
    const five = scoreBioRED(gold, pred, { criteria: ['pair'] });
    const none = scoreBioRED(gold, pred, { criteria: ['pair'], filter: 'none' });
    expect(five.overall.pair!.tp + five.overall.pair!.fn).to.equal(6);
    expect(none.overall.pair!.tp + none.overall.pair!.fn).to.equal(8);
    expect(counts(none, 'pair')).to.deep.equal({ tp: 6, fp: 1, fn: 2 });
    expect(counts(none, 'pair', 'Disease|Variant')).to.deep.equal({ tp: 1, fp: 0, fn: 0 });
    expect(counts(none, 'pair', 'Gene|Variant')).to.deep.equal({ tp: 0, fp: 0, fn: 1 });
    expect(five.rows.some((r) => r.pairType.includes('Variant'))).to.equal(false);
  });

  it('breaks down by pair type (all five listed) and by pair type × relation type', () => {
    const s = scoreBioRED(gold, pred, { criteria: ['pair', 'pair+type'] });
    const pairTypes = s.rows.filter((r) => r.criterion === 'pair' && r.pairType !== 'all').map((r) => r.pairType);
    expect(pairTypes).to.deep.equal(['Chemical|Chemical', 'Chemical|Disease', 'Chemical|Gene', 'Disease|Gene', 'Gene|Gene']);
    expect(counts(s, 'pair', 'Chemical|Gene')).to.deep.equal({ tp: 0, fp: 0, fn: 1 });
    expect(counts(s, 'pair', 'Disease|Gene')).to.deep.equal({ tp: 0, fp: 1, fn: 0 });
    expect(counts(s, 'pair+type', 'Gene|Gene', 'Bind')).to.deep.equal({ tp: 1, fp: 0, fn: 0 });
    const rowsOfPair = s.rows.filter((r) => r.criterion === 'pair');
    expect(rowsOfPair.every((r) => r.relType === undefined)).to.equal(true);
  });

  it('scores a pair subset only (paper Table 3 rows), accepting <C,D> and Chemical|Disease alike', () => {
    const cd = scoreBioRED(gold, pred, { criteria: ['pair'], pairSubset: '<C,D>' });
    expect(cd.pairSubset).to.equal('Chemical|Disease');
    expect(counts(cd, 'pair')).to.deep.equal({ tp: 2, fp: 0, fn: 0 });
    const dg = scoreBioRED(gold, pred, { criteria: ['pair'], pairSubset: 'Gene|Disease' });
    expect(counts(dg, 'pair')).to.deep.equal({ tp: 0, fp: 1, fn: 0 });
    expect(dg.overall.pair!.f).to.equal(0);
    const gg = scoreBioRED(gold, pred, { criteria: ['pair+type'], pairSubset: 'GeneOrGeneProduct|GeneOrGeneProduct' });
    expect(counts(gg, 'pair+type')).to.deep.equal({ tp: 2, fp: 0, fn: 0 });
    expect(() => scoreBioRED(gold, pred, { pairSubset: 'Chemical' })).to.throw(/pair subset/);
  });

  it('keeps TP/FP/FN lists per document for error analysis', () => {
    const s = scoreBioRED(gold, pred, { criteria: ['pair+type'] });
    const docs = s.documents!['pair+type']!;
    expect(docs.map((d) => d.doc)).to.deep.equal(['9100001', '9100002']);
    const d2 = docs[1];
    expect(d2.tps).to.deep.equal([{ id1: 'D007674', id2: 'D016190', pairType: 'Chemical|Disease', relType: 'Positive_Correlation', novelty: 'Novel' }]);
    expect(d2.fns.map((o) => [o.id1, o.id2, o.pairType])).to.deep.equal([['26762', 'D002945', 'Chemical|Gene']]);
    expect(docs[0].fps.map((o) => o.relType).sort()).to.deep.equal(['Association', 'Positive_Correlation']);
    expect(formatDetails(s, 'pair+type')).to.contain('Chemical|Gene\tFN\t9100002\t26762\tD002945\tPositive_Correlation');
    expect(formatScoreText(s)).to.match(/Overall\t6\t4\t2\t2\t66\.67\t66\.67\t66\.67/);
  });

  it('gold as prediction scores 1.0 and no prediction scores 0 under every criterion', () => {
    const perfect = scoreBioRED(gold, gold);
    const empty = scoreBioRED(gold, []);
    for (const c of ['pair', 'pair+type', 'pair+novelty', 'all'] as Criterion[]) {
      expect(perfect.overall[c]).to.include({ p: 1, r: 1, f: 1, fp: 0, fn: 0, tp: 6 });
      expect(empty.overall[c]).to.include({ p: 0, r: 0, f: 0, tp: 0, fp: 0, fn: 6 });
    }
  });
});

describe('evaluation: scoreBioRED on composite ids and odd inputs', () => {
  const gold = [
    doc(
      'd1',
      [
        ['ChemicalEntity', ['C1', 'C2']], // a composite mention (already split by the reader)
        ['DiseaseOrPhenotypicFeature', ['D1']],
        ['GeneOrGeneProduct', ['G1']],
      ],
      [
        { type: 'Association', arg1: 'C1,C2', arg2: 'D1' }, // composite relation argument, official `,`
        { type: 'Bind', arg1: 'G1', arg2: 'C2' },
      ],
    ),
  ];

  it('splits composite relation arguments on "," and ";" into every id1 × id2', () => {
    const s = scoreBioRED(gold, gold, { criteria: ['pair'] });
    expect(counts(s, 'pair')).to.deep.equal({ tp: 3, fp: 0, fn: 0 }); // (C1,D1) (C2,D1) (C2,G1)
    const pred: PredictedPair[] = [{ doc: 'd1', id1: 'D1', id2: 'C2;C1', type: 'Association' }];
    expect(counts(scoreBioRED(gold, pred, { criteria: ['pair'] }), 'pair')).to.deep.equal({ tp: 2, fp: 0, fn: 1 });
  });

  it('reads composite ids inside mention id lists written with ";" the same as ","', () => {
    const semi = [doc('d1', [['ChemicalEntity', ['C1;C2']], ['DiseaseOrPhenotypicFeature', ['D1']]], [{ type: 'Association', arg1: 'C2', arg2: 'D1' }])];
    const s = scoreBioRED(semi, semi, { criteria: ['pair'] });
    expect(findRow(s.rows, 'pair', 'Chemical|Disease')!.tp).to.equal(1);
    expect(s.warnings).to.deep.equal([]);
  });

  it('counts predictions in documents absent from gold as FP and says so', () => {
    const pred: PredictedPair[] = [{ doc: 'zz', id1: 'a', id2: 'b', type: 'Association' }];
    const s = scoreBioRED(gold, pred, { criteria: ['pair'], filter: 'none' });
    expect(counts(s, 'pair')).to.deep.equal({ tp: 0, fp: 1, fn: 3 });
    expect(s.warnings.join(' ')).to.match(/not in the gold set/).and.match(/no mention in the gold document/);
    const five = scoreBioRED(gold, pred, { criteria: ['pair'] });
    expect(five.warnings.join(' ')).to.match(/outside the five-pair filter, so not counted/);
  });

  it('takes entity types from the gold document, not from the prediction (variants stay variants)', () => {
    const g = [doc('d', [['SequenceVariant', ['rs1']], ['DiseaseOrPhenotypicFeature', ['D1']]], [{ type: 'Association', arg1: 'rs1', arg2: 'D1' }])];
    // the prediction document calls the variant a gene (harmonized types): it must not pass the filter
    const p = [doc('d', [['GeneOrGeneProduct', ['rs1']], ['DiseaseOrPhenotypicFeature', ['D1']]], [{ type: 'Association', arg1: 'rs1', arg2: 'D1' }])];
    expect(counts(scoreBioRED(g, p, { criteria: ['pair'] }), 'pair')).to.deep.equal({ tp: 0, fp: 0, fn: 0 });
    expect(counts(scoreBioRED(g, p, { criteria: ['pair'], filter: 'none' }), 'pair')).to.deep.equal({ tp: 1, fp: 0, fn: 0 });
  });

  it('ignores prediction lines with a None label', () => {
    const p = [doc('d1', [], [{ type: 'None', arg1: 'C1', arg2: 'D1' }])];
    expect(counts(scoreBioRED(gold, p, { criteria: ['pair'] }), 'pair')).to.deep.equal({ tp: 0, fp: 0, fn: 3 });
  });
});
