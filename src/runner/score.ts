// Predictions → results. `scoreRun` is the ONE place where a finished run is scored: it is where the
// project's scorer (evaluation/: BioRED pair-level scorer, per-corpus scorers) plugs in. Until then it
// computes instance-level accuracy and micro P/R/F over the positive labels, overall and per pair type.
import { readFileSync } from 'node:fs';
import type { ResultRow } from '../tracking/index.ts';

export interface ScoreInput {
  /** Eval set name stored with the rows, e.g. `BioRED/test`. */
  evalSet: string;
  /** The instance file that was predicted (gold labels, types). */
  instancesFile: string;
  /** predictions/<split>.jsonl written by the trainer. */
  predictionsFile: string;
  /** Labels that mean "no relation" (manifest.negativeLabels); labels starting with `None` always do. */
  negativeLabels?: string[];
  /** Criteria to compute (`pair`, `pair+type`); accuracy is always added. */
  criteria?: string[];
}

export const SIMPLE_SCORER = 'instance-micro/v1';

interface Gold {
  label: string;
  types: [string, string];
}

const SHORT: [RegExp, string][] = [
  [/chem|drug/i, 'Chemical'],
  [/disease|phenotyp/i, 'Disease'],
  [/variant|mutation/i, 'Variant'],
  [/gene|protein/i, 'Gene'],
];

/** Sorted short pair type, as evaluation/ names them (`Chemical|Gene`). */
export function pairTypeOfTypes(types: [string, string]): string {
  const short = types.map((t) => SHORT.find(([re]) => re.test(t))?.[1] ?? t);
  return short.sort().join('|');
}

/** Scores one predictions file against its instances. */
export function scoreRun(input: ScoreInput): ResultRow[] {
  const negatives = new Set(input.negativeLabels ?? []);
  const isNeg = (l: string) => negatives.has(l) || l.startsWith('None');
  const gold = new Map<string, Gold>();
  for (const line of readFileSync(input.instancesFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const inst = JSON.parse(line) as { id: string; label: string; types: [string, string] };
    gold.set(inst.id, { label: inst.label, types: inst.types });
  }
  type Counts = { tp: number; fp: number; fn: number };
  const criteria = (input.criteria ?? ['pair', 'pair+type']).filter((c) => c === 'pair' || c === 'pair+type');
  const counts = new Map<string, Counts>(); // `${criterion}\t${pairType}`
  const bump = (criterion: string, pairType: string, field: keyof Counts) => {
    for (const pt of [pairType, 'all']) {
      const k = `${criterion}\t${pt}`;
      const c = counts.get(k) ?? { tp: 0, fp: 0, fn: 0 };
      c[field]++;
      counts.set(k, c);
    }
  };
  for (const criterion of criteria) counts.set(`${criterion}\tall`, { tp: 0, fp: 0, fn: 0 });
  let correct = 0;
  let total = 0;
  const seen = new Set<string>();
  for (const line of readFileSync(input.predictionsFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const pred = JSON.parse(line) as { id: string; label: string };
    const g = gold.get(pred.id);
    if (!g) continue;
    seen.add(pred.id);
    total++;
    if (pred.label === g.label) correct++;
    const pt = pairTypeOfTypes(g.types);
    const gPos = !isNeg(g.label);
    const pPos = !isNeg(pred.label);
    for (const criterion of criteria) {
      const match = criterion === 'pair' ? gPos && pPos : gPos && pPos && pred.label === g.label;
      if (match) bump(criterion, pt, 'tp');
      else {
        if (pPos) bump(criterion, pt, 'fp');
        if (gPos) bump(criterion, pt, 'fn');
      }
    }
  }
  // Instances without a prediction count as missed relations.
  for (const [id, g] of gold) {
    if (seen.has(id)) continue;
    total++;
    if (!isNeg(g.label)) for (const criterion of criteria) bump(criterion, pairTypeOfTypes(g.types), 'fn');
  }
  const rows: ResultRow[] = [];
  for (const [key, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    const [criterion, pairType] = key.split('\t');
    const p = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
    const r = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
    const f = p + r > 0 ? (2 * p * r) / (p + r) : 0;
    rows.push({ evalSet: input.evalSet, criterion, pairType, ...c, precision: p, recall: r, f1: f, scorer: SIMPLE_SCORER });
  }
  // Accuracy: tp = correct instances, fp = wrong ones; stored in f1 (precision/recall do not apply).
  rows.push({
    evalSet: input.evalSet,
    criterion: 'accuracy',
    pairType: 'all',
    tp: correct,
    fp: total - correct,
    fn: null,
    precision: null,
    recall: null,
    f1: total > 0 ? correct / total : 0,
    scorer: SIMPLE_SCORER,
  });
  return rows;
}
