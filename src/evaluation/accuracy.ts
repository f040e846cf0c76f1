// Instance accuracy: the share of instances whose predicted label is the gold label (every class,
// negatives included). Stored beside the F-scores of a run; precision and recall do not apply.
import type { Instance } from '../instances/types.ts';
import type { InstancePrediction } from './types.ts';

/** Scorer id stored with accuracy rows (the id these rows have carried since they were first stored). */
export const ACCURACY_SCORER = 'runner/accuracy-v1';

export interface Accuracy {
  correct: number;
  wrong: number;
  /** correct / instances; 0 without instances. */
  accuracy: number;
}

/** Accuracy of predictions joined to instances by id (an instance without a prediction is wrong). */
export function instanceAccuracy(instances: readonly Instance[], predictions: readonly InstancePrediction[]): Accuracy {
  const pred = new Map(predictions.map((p) => [p.id, p.label]));
  const correct = instances.filter((i) => pred.get(i.id) === i.label).length;
  return { correct, wrong: instances.length - correct, accuracy: instances.length > 0 ? correct / instances.length : 0 };
}
