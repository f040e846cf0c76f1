import { expect } from 'chai';
import { instanceAccuracy } from '../../src/evaluation/index.ts';
import type { Instance } from '../../src/instances/types.ts';

const inst = (id: string, label: string): Instance => ({ id, task: 'T', doc: 'd', split: 'test', types: ['A', 'B'], ids: ['x', id], text: '', label, level: 'sentence' });

describe('evaluation: instance accuracy', () => {
  it('counts every class, negatives included; an instance without a prediction is wrong', () => {
    const instances = [inst('a', 'None'), inst('b', 'Bind'), inst('c', 'Bind'), inst('d', 'None-DDI')];
    const a = instanceAccuracy(instances, [
      { id: 'a', label: 'None' }, // right (a negative)
      { id: 'b', label: 'Bind' }, // right
      { id: 'c', label: 'None' }, // wrong
      { id: 'x', label: 'None' }, // no instance: ignored; d has no prediction: wrong
    ]);
    expect(a).to.deep.equal({ correct: 2, wrong: 2, accuracy: 0.5 });
    expect(instanceAccuracy([], [])).to.deep.equal({ correct: 0, wrong: 0, accuracy: 0 });
  });
});
