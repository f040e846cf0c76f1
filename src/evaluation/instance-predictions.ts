// Instance predictions (the trainer's `predictions/<split>.jsonl`): parsed, joined to their instances
// and folded into relations between concept ids per document.
import { ProblemSink } from '../errors.ts';
import type { Instance } from '../instances/types.ts';
import { parseJsonLines } from '../jsonl.ts';
import { isNegativeLabel } from '../vocabulary.ts';
import { expandRelation } from './pairs.ts';
import type { InstancePrediction, PredictedPair } from './types.ts';

export interface FoldOptions {
  /** Names used in messages (files the instances / predictions came from). */
  instancesFile?: string;
  predictionsFile?: string;
  /** Manifest label list, to read `probs` given as an array. */
  labels?: string[];
  /** Which labels mean "no relation"; default: labels starting with `None`. */
  isNegative?: (label: string) => boolean;
  /** Lenient sink: missing / unknown predictions are recorded instead of thrown. */
  problems?: ProblemSink;
}

/** Confidence of the predicted label (probability of that label, or the largest probability). */
export function predictionScore(pred: InstancePrediction, labels?: string[]): number | undefined {
  const probs = pred.probs;
  if (probs === undefined) return undefined;
  if (Array.isArray(probs)) {
    const i = labels ? labels.indexOf(pred.label) : -1;
    return i >= 0 && i < probs.length ? probs[i] : Math.max(...probs);
  }
  return probs[pred.label] ?? Math.max(...Object.values(probs));
}

/**
 * Joins predictions to instances by instance id and folds the positive ones back to
 * (document, id1, id2): pair order does not matter and composite ids (`,` / `;`) expand to every
 * id1 × id2. When several instances land on one pair (composite ids, one pair in several
 * sentences), the pair takes the label of the most confident positive prediction.
 *
 * Every instance must have exactly one prediction and every prediction an instance (strict by
 * default; a lenient `problems` sink skips the offending ones and records them).
 */
export function foldInstancePredictions(
  instances: readonly Instance[],
  predictions: readonly InstancePrediction[],
  opts: FoldOptions = {},
): PredictedPair[] {
  const isNegative = opts.isNegative ?? isNegativeLabel;
  const sink = opts.problems ?? new ProblemSink(false);
  const predFile = opts.predictionsFile ?? 'predictions';
  const byId = new Map<string, InstancePrediction>();
  predictions.forEach((p, i) => {
    if (byId.has(p.id)) {
      sink.report({
        file: predFile,
        line: i + 1,
        message: `instance ${p.id} is predicted twice`,
        fix: 'write one prediction per instance',
      });
      return;
    }
    byId.set(p.id, p);
  });

  const pairs = new Map<string, PredictedPair>();
  const seen = new Set<string>();
  for (const inst of instances) {
    const pred = byId.get(inst.id);
    if (!pred) {
      sink.report({
        file: predFile,
        message: `no prediction for instance ${inst.id} of ${opts.instancesFile ?? 'the instance set'}`,
        fix: 'predict the same instance file you score against (ids must match)',
      });
      continue;
    }
    seen.add(inst.id);
    if (isNegative(pred.label)) continue;
    const score = predictionScore(pred, opts.labels);
    for (const [id1, id2] of expandRelation(inst.ids[0], inst.ids[1], { pairable: true })) {
      const key = `${inst.doc}\t${id1}\t${id2}`;
      const prev = pairs.get(key);
      if (!prev) {
        pairs.set(key, { doc: inst.doc, id1, id2, type: pred.label, novelty: pred.novel, score, instanceIds: [inst.id] });
      } else {
        prev.instanceIds!.push(inst.id);
        if ((score ?? -Infinity) > (prev.score ?? -Infinity)) {
          prev.type = pred.label;
          prev.novelty = pred.novel;
          prev.score = score;
        }
      }
    }
  }
  if (seen.size < byId.size) {
    const extra = [...byId.keys()].filter((id) => !seen.has(id));
    sink.report({
      file: predFile,
      message: `${extra.length} prediction(s) have no instance, e.g. ${extra[0]}`,
      fix: `score against the instance file that was predicted${opts.instancesFile ? ` (not ${opts.instancesFile}?)` : ''}`,
    });
  }
  return [...pairs.values()];
}

/** Parses `predictions/<split>.jsonl` text (one `{id, label, probs}` object per line). */
export function parseInstancePredictions(text: string, file = 'predictions.jsonl'): InstancePrediction[] {
  return parseJsonLines<InstancePrediction>(text, file, (o) => typeof o.id === 'string' && typeof o.label === 'string', {
    message: 'a prediction needs a string "id" and a string "label"',
    fix: 'write lines like {"id":"BioRED/test/123/D1|D2","label":"None","probs":[…]}',
  });
}
