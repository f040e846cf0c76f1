// Per-corpus scorers (Table 4) and cross-validation aggregation.
import { expect } from 'chai';
import type { Document } from '../../src/corpora/types.ts';
import { aggregateFolds, scoreCorpus, scoreCrossValidation, type InstancePrediction } from '../../src/evaluation/index.ts';
import type { Instance } from '../../src/instances/types.ts';

function inst(task: string, doc: string, ids: [string, string], label: string, level: Instance['level'], extra: Partial<Instance> = {}): Instance {
  return { id: `${task}/test/${doc}/${ids[0]}|${ids[1]}`, task, doc, split: 'test', types: ['drug', 'drug'], ids, text: '', label, level, ...extra };
}
const p = (i: Instance, label: string, prob = 0.9): InstancePrediction => ({ id: i.id, label, probs: { [label]: prob } });

describe('evaluation: scoreCorpus (instance level: DDI-like)', () => {
  // Harmonized DDI labels: Association / None-DDI.
  const gold = [
    inst('DDI', 's1', ['Drug_0', 'Drug_1'], 'Association', 'sentence'),
    inst('DDI', 's1', ['Drug_0', 'Drug_2'], 'None-DDI', 'sentence'),
    inst('DDI', 's2', ['Drug_0', 'Drug_1'], 'Association', 'sentence'),
    inst('DDI', 's2', ['Drug_1', 'Drug_2'], 'Positive_Correlation', 'sentence'),
  ];

  it('counts the corpus negative class as no relation and a wrong positive label as FP + FN', () => {
    const preds = [p(gold[0], 'Association'), p(gold[1], 'Association'), p(gold[2], 'None-DDI'), p(gold[3], 'Association')];
    const s = scoreCorpus('DDI', gold, preds);
    expect(s.level).to.equal('instance');
    // TP gold[0]; FP gold[1] (negative predicted positive) + gold[3] (wrong label); FN gold[2] + gold[3]
    expect(s.overall).to.include({ tp: 1, fp: 2, fn: 2 });
    expect(s.rows[0]).to.include({ evalSet: 'DDI/test', criterion: 'pair+type', pairType: 'all' });
    const assoc = s.rows.find((r) => r.relType === 'Association')!;
    expect(assoc).to.include({ tp: 1, fp: 2, fn: 1 });
    const binary = scoreCorpus('DDI', gold, preds, { criterion: 'pair' });
    expect(binary.overall).to.include({ tp: 2, fp: 1, fn: 1 });
  });

  it('scores only the named corpus when instances of several tasks are mixed', () => {
    const other = inst('BioRED', 'x', ['C', 'D'], 'Association', 'document');
    const s = scoreCorpus('DDI', [...gold, other], [...gold.map((g) => p(g, g.label)), p(other, 'None')]);
    expect(s.overall).to.include({ tp: 3, fp: 0, fn: 0, f: 1 });
  });
});

describe('evaluation: scoreCorpus (document-level pairs: BC5CDR-like)', () => {
  const cdr = (doc: string, c: string, d: string, label: string) =>
    inst('BC5CDR', doc, [c, d], label, 'document', { types: ['ChemicalEntity', 'DiseaseOrPhenotypicFeature'] });
  const instances = [
    cdr('100', 'C1', 'D1', 'Positive_Correlation'),
    cdr('100', 'C2', 'D1', 'None-CID'),
    cdr('200', 'C1', 'D5', 'None-CID'),
  ];
  const preds = [p(instances[0], 'Positive_Correlation'), p(instances[1], 'None-CID'), p(instances[2], 'Positive_Correlation')];

  it('folds to (document, chemical id, disease id)', () => {
    const s = scoreCorpus('BC5CDR', instances, preds);
    expect(s.level).to.equal('document-pair');
    expect(s.overall).to.include({ tp: 1, fp: 1, fn: 0 });
    expect(s.units).to.equal(3);
  });

  it('with gold documents, counts relations no instance represents as FN', () => {
    const goldDocs: Document[] = [
      { id: '100', passages: [], mentions: [], relations: [{ type: 'CID', arg1: 'C1', arg2: 'D1' }, { type: 'CID', arg1: 'C9', arg2: 'D1' }] },
      { id: '300', passages: [], mentions: [], relations: [{ type: 'CID', arg1: 'C3', arg2: 'D3' }] },
    ];
    const s = scoreCorpus('BC5CDR', instances, preds, { goldDocuments: goldDocs, details: true });
    expect(s.uncoveredGold).to.equal(2); // C9–D1 (e.g. only in a composite mention) and the uncandidated document 300
    expect(s.overall).to.include({ tp: 1, fp: 1, fn: 2 });
    expect(s.documents!.find((d) => d.doc === '300')!.fns[0]).to.include({ id1: 'C3', id2: 'D3', relType: 'CID' });
  });
});

describe('evaluation: cross-validation aggregation', () => {
  it('pools counts over folds (headline) and gives mean ± sd (n − 1) of fold F', () => {
    const agg = aggregateFolds(
      [
        { fold: 1, tp: 3, fp: 1, fn: 1 }, // F 0.75
        { fold: 0, tp: 8, fp: 2, fn: 2 }, // F 0.8
        { fold: 2, tp: 0, fp: 1, fn: 1 }, // F 0
      ],
      { evalSet: 'AIMed/cv' },
    );
    expect(agg.folds.map((r) => r.fold)).to.deep.equal([0, 1, 2]);
    expect(agg.pooled).to.include({ tp: 11, fp: 4, fn: 4, evalSet: 'AIMed/cv', pairType: 'all' });
    expect(agg.pooled.f).to.be.closeTo(11 / 15, 1e-12);
    expect(agg.meanF).to.be.closeTo((0.8 + 0.75 + 0) / 3, 1e-12);
    // sample sd of [0.8, 0.75, 0]: sqrt(((0.8-m)^2 + (0.75-m)^2 + m^2) / 2)
    const m = 1.55 / 3;
    expect(agg.sdF).to.be.closeTo(Math.sqrt(((0.8 - m) ** 2 + (0.75 - m) ** 2 + m ** 2) / 2), 1e-12);
    expect(() => aggregateFolds([{ fold: 0, tp: 1, fp: 0, fn: 0 }, { fold: 0, tp: 1, fp: 0, fn: 0 }])).to.throw(/twice/);
  });

  it('scores each fold of a corpus from out-of-fold predictions; pooled = scoring all folds at once', () => {
    const instances: Instance[] = [];
    const preds: InstancePrediction[] = [];
    for (let fold = 0; fold < 4; fold++) {
      for (let k = 0; k < 5; k++) {
        const i = inst('AIMed', `s${fold}_${k}`, ['T1', 'T2'], k % 2 === 0 ? 'AIMED-Association' : 'None-AIMED', 'sentence', { fold });
        instances.push(i);
        preds.push(p(i, (k + fold) % 3 === 0 ? 'None-AIMED' : 'AIMED-Association'));
      }
    }
    const { folds, aggregate } = scoreCrossValidation('AIMed', instances, preds);
    expect(folds.map((f) => f.fold)).to.deep.equal([0, 1, 2, 3]);
    expect(folds.every((f) => f.rows.every((r) => r.evalSet === 'AIMed/cv'))).to.equal(true);
    const all = scoreCorpus('AIMed', instances, preds);
    expect(aggregate.pooled).to.include({ tp: all.overall.tp, fp: all.overall.fp, fn: all.overall.fn });
    expect(aggregate.n).to.equal(4);
    const noFold = instances.map(({ fold: _f, ...rest }) => rest as Instance);
    expect(() => scoreCrossValidation('AIMed', noFold, preds)).to.throw(/no "fold"/);
  });
});
