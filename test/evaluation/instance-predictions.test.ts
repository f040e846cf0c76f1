// Instance predictions → (document, id1, id2) relations.
import { expect } from 'chai';
import { InputError, ProblemSink } from '../../src/errors.ts';
import {
  foldInstancePredictions,
  parseInstancePredictions,
  parsePredictedRelations,
  predictionScore,
  scoreBioRED,
  type InstancePrediction,
} from '../../src/evaluation/index.ts';
import type { Instance } from '../../src/instances/types.ts';

function inst(doc: string, ids: [string, string], label = 'None', types: [string, string] = ['ChemicalEntity', 'DiseaseOrPhenotypicFeature']): Instance {
  return { id: `BioRED/test/${doc}/${ids[0]}|${ids[1]}`, task: 'BioRED', doc, split: 'test', types, ids, text: '', label, level: 'document' };
}
const pred = (i: Instance, label: string, p = 0.9): InstancePrediction => ({ id: i.id, label, probs: { [label]: p, None: 1 - p } });

describe('evaluation: foldInstancePredictions', () => {
  it('keeps positive predictions only, with ids in canonical order', () => {
    const a = inst('d1', ['D9', 'C1']);
    const b = inst('d1', ['C2', 'D9']);
    const folded = foldInstancePredictions([a, b], [pred(a, 'Association'), pred(b, 'None')]);
    expect(folded).to.have.length(1);
    expect(folded[0]).to.include({ doc: 'd1', id1: 'C1', id2: 'D9', type: 'Association', score: 0.9 });
    expect(folded[0].instanceIds).to.deep.equal([a.id]);
  });

  it('treats every label starting with None (None-CID, None-DDI) as no relation', () => {
    const a = inst('d1', ['C1', 'D1']);
    const b = inst('d1', ['C2', 'D1']);
    expect(foldInstancePredictions([a, b], [pred(a, 'None-CID'), pred(b, 'None-DDI')])).to.deep.equal([]);
  });

  it('expands composite ids (, and ;) to every id1 × id2 and merges pairs reached twice, keeping the most confident label', () => {
    const a = inst('d1', ['C1;C2', 'D1']);
    const b = inst('d1', ['C2', 'D1,D2']);
    const folded = foldInstancePredictions([a, b], [pred(a, 'Association', 0.6), pred(b, 'Negative_Correlation', 0.8)]);
    const byPair = Object.fromEntries(folded.map((p) => [`${p.id1}-${p.id2}`, p.type]));
    expect(byPair).to.deep.equal({
      'C1-D1': 'Association',
      'C2-D1': 'Negative_Correlation', // reached by both instances; b is more confident
      'C2-D2': 'Negative_Correlation',
    });
    expect(folded.find((p) => p.id1 === 'C2' && p.id2 === 'D1')!.instanceIds).to.deep.equal([a.id, b.id]);
  });

  it('reads probabilities given as an array aligned with the manifest labels', () => {
    const p: InstancePrediction = { id: 'x', label: 'Bind', probs: [0.1, 0.2, 0.7] };
    expect(predictionScore(p, ['None', 'Association', 'Bind'])).to.equal(0.7);
    expect(predictionScore({ id: 'x', label: 'Bind' })).to.equal(undefined);
  });

  it('refuses a missing, duplicated or unknown prediction, naming the instance; lenient mode records them', () => {
    const a = inst('d1', ['C1', 'D1']);
    const b = inst('d1', ['C2', 'D1']);
    expect(() => foldInstancePredictions([a, b], [pred(a, 'Bind')])).to.throw(InputError, /no prediction for instance BioRED\/test\/d1\/C2\|D1/);
    expect(() => foldInstancePredictions([a], [pred(a, 'Bind'), pred(a, 'Bind')])).to.throw(/predicted twice/);
    expect(() => foldInstancePredictions([a], [pred(a, 'Bind'), pred(b, 'Bind')])).to.throw(/1 prediction\(s\) have no instance/);
    const sink = new ProblemSink(true);
    const folded = foldInstancePredictions([a, b], [pred(a, 'Bind')], { problems: sink });
    expect(folded).to.have.length(1);
    expect(sink.skipped).to.have.length(1);
  });

  it('scores folded predictions with the original types from the gold documents', () => {
    // Instances carry harmonized types (variant → gene); the gold document knows rs1 is a variant.
    const variantPair = inst('d1', ['D1', 'rs1'], 'Association', ['DiseaseOrPhenotypicFeature', 'GeneOrGeneProduct']);
    const genePair = inst('d1', ['D1', 'G1'], 'Association', ['DiseaseOrPhenotypicFeature', 'GeneOrGeneProduct']);
    const gold = [
      {
        id: 'd1',
        passages: [],
        mentions: [
          { start: 0, end: 1, text: 'x', type: 'DiseaseOrPhenotypicFeature', ids: ['D1'] },
          { start: 0, end: 1, text: 'x', type: 'SequenceVariant', ids: ['rs1'] },
          { start: 0, end: 1, text: 'x', type: 'GeneOrGeneProduct', ids: ['G1'] },
        ],
        relations: [
          { type: 'Association', arg1: 'D1', arg2: 'rs1' },
          { type: 'Association', arg1: 'G1', arg2: 'D1' },
        ],
      },
    ];
    const folded = foldInstancePredictions([variantPair, genePair], [pred(variantPair, 'Association'), pred(genePair, 'Association')]);
    const five = scoreBioRED(gold, folded, { criteria: ['pair+type'] });
    expect(five.overall['pair+type']).to.include({ tp: 1, fp: 0, fn: 0 });
    const none = scoreBioRED(gold, folded, { criteria: ['pair+type'], filter: 'none' });
    expect(none.overall['pair+type']).to.include({ tp: 2, fp: 0, fn: 0 });
  });
});

describe('evaluation: file parsers', () => {
  it('parses prediction JSONL and names the line of a bad one', () => {
    expect(parseInstancePredictions('{"id":"a","label":"None","probs":{"None":1}}\n\n')).to.have.length(1);
    expect(() => parseInstancePredictions('{"id":"a","label":"None"}\n{"id":"b"}\n', 'p.jsonl')).to.throw(InputError, /p\.jsonl:2: .*"label"/);
    expect(() => parseInstancePredictions('{oops', 'p.jsonl')).to.throw(/p\.jsonl:1: not valid JSON/);
  });

  it('reads predicted PubTator relation lines, skipping text, mention and None lines', () => {
    const text = ['1|t|T', '1|a|A', '1\t0\t1\tT\tGene\tG1', '1\tBind\tG1\tG2\t0.5', '1\tAssociation\tG1\tG3\tNovel', '1\tNone\tG2\tG3', ''].join('\n');
    const pairs = parsePredictedRelations(text);
    expect(pairs).to.deep.equal([
      { doc: '1', id1: 'G1', id2: 'G2', type: 'Bind', score: 0.5 },
      { doc: '1', id1: 'G1', id2: 'G3', type: 'Association', novelty: 'Novel' },
    ]);
    expect(() => parsePredictedRelations('1\tBind\tG1', 'x.pubtator')).to.throw(/x\.pubtator:1: not a PubTator relation/);
  });
});
