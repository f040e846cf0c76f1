// "Degenerate" = predicts no relation at all: decided from the rows the scorers store.
import { expect } from 'chai';
import { degenerateEvalSets, degenerateMessage, predictsOnlyNegatives } from '../../src/evaluation/degenerate.ts';
import { scoreCorpus, type InstancePrediction } from '../../src/evaluation/index.ts';
import type { Instance } from '../../src/instances/types.ts';

const inst = (doc: string, ids: [string, string], label: string): Instance => ({
  id: `DDI/test/${doc}/${ids.join('|')}`,
  task: 'DDI',
  doc,
  split: 'test',
  types: ['drug', 'drug'],
  ids,
  text: '',
  label,
  level: 'sentence',
});
const gold = [inst('s1', ['a', 'b'], 'Association'), inst('s1', ['a', 'c'], 'None-DDI'), inst('s2', ['a', 'b'], 'None-DDI'), inst('s3', ['x', 'y'], 'Association')];
const predict = (labels: string[]): InstancePrediction[] => gold.map((g, i) => ({ id: g.id, label: labels[i], probs: { [labels[i]]: 0.9 } }));
const rowsOf = (labels: string[]) =>
  (['pair', 'pair+type'] as const).flatMap((criterion) => scoreCorpus('DDI', gold, predict(labels), { criterion, evalSet: 'DDI/test' }).rows);

describe('evaluation: degenerate models', () => {
  it('flags a model whose every prediction is a negative label (its accuracy is the share of negatives)', () => {
    const rows = rowsOf(['None-DDI', 'None-DDI', 'None-DDI', 'None-DDI']);
    expect(degenerateEvalSets(rows)).to.deep.equal(['DDI/test']);
    expect(degenerateMessage(['DDI/test'])).to.match(/predicts no relation on DDI\/test/);
  });

  it('does not flag a model with one positive prediction, right or wrong', () => {
    expect(degenerateEvalSets(rowsOf(['None-DDI', 'Association', 'None-DDI', 'None-DDI']))).to.deep.equal([]);
    expect(degenerateEvalSets(rowsOf(['Association', 'None-DDI', 'None-DDI', 'None-DDI']))).to.deep.equal([]);
  });

  it('needs gold relations and counts; other criteria and pair subsets do not decide', () => {
    expect(predictsOnlyNegatives({ tp: 0, fp: 0, fn: 0 })).to.equal(false); // nothing to find
    expect(predictsOnlyNegatives({ tp: 0, fp: 0, fn: 3 })).to.equal(true);
    expect(predictsOnlyNegatives({ tp: null, fp: null, fn: null })).to.equal(false); // the accuracy row
    expect(degenerateEvalSets([{ evalSet: 'X/test', criterion: 'pair+type', pairType: 'all', tp: 0, fp: 0, fn: 4 }])).to.deep.equal([]);
    expect(degenerateEvalSets([{ evalSet: 'X/test', criterion: 'pair', pairType: 'Chemical|Disease', tp: 0, fp: 0, fn: 4 }])).to.deep.equal([]);
  });
});
