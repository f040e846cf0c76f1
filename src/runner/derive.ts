// The instance files of one run, derived deterministically from its instance sets: train (+dev),
// the target's training documents sampled to the run's size with its seed, cross-validation folds,
// the smoke-test document limit. Written under the run dir; the same run always gets the same bytes.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import type { RunTemplate } from '../experiments/index.ts';
import { writeFileAtomicSync } from '../files.ts';
import { instanceLines } from '../instances/index.ts';
import type { InstanceSet, RunSets } from './instances.ts';

export interface RunFiles {
  manifest: string;
  stage1Manifest?: string;
  /** Trainer roles → files (train, dev, test, stage1_train). */
  files: Record<string, string[]>;
  /** Predicted roles to score: role → eval set name (e.g. test → BioRED/test). */
  evaluate: Record<string, string>;
  /** Documents of the target actually trained on, and how many were available. */
  targetDocs: { used: number; available: number };
  notes: string[];
}

interface Line {
  raw: string;
  task: string;
  doc: string;
  fold?: number;
}

function readSet(set: InstanceSet): Map<string, Line[]> {
  const out = new Map<string, Line[]>();
  for (const [split, file] of Object.entries(set.manifest.files)) {
    const lines: Line[] = [];
    const path = join(set.dir, file);
    for (const { value: o, raw } of instanceLines(readFileSync(path, 'utf8'), path)) {
      lines.push({ raw, task: o.task, doc: o.doc, ...(o.fold !== undefined ? { fold: o.fold } : {}) });
    }
    out.set(split, lines);
  }
  return out;
}

/** Keeps the first `max` documents (by sorted id) of every (task, split). */
function limitDocs(splits: Map<string, Line[]>, max: number | undefined): void {
  if (!max) return;
  for (const [split, lines] of splits) {
    const keep = new Set<string>();
    const byTask = new Map<string, Set<string>>();
    for (const l of lines) (byTask.get(l.task) ?? byTask.set(l.task, new Set()).get(l.task)!).add(l.doc);
    for (const [task, docs] of byTask) for (const d of [...docs].sort().slice(0, max)) keep.add(`${task}\t${d}`);
    splits.set(split, lines.filter((l) => keep.has(`${l.task}\t${l.doc}`)));
  }
}

/**
 * The documents kept for a training size: sorted ids shuffled with the seed, then the first n.
 * Sizes are nested for one seed (the 100 documents of size 100 are among the 200 of size 200).
 */
export function sampleDocs(docs: Iterable<string>, size: number, seed: number): Set<string> {
  const sorted = [...new Set(docs)].sort();
  if (size === 1) return new Set(sorted);
  const n = size < 1 ? Math.max(1, Math.round(size * sorted.length)) : Math.min(size, sorted.length);
  const rng = seedrandom(`biorex-size:${seed}`);
  for (let i = sorted.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
  }
  return new Set(sorted.slice(0, n));
}

export function deriveRunFiles(t: RunTemplate, sets: RunSets, runDir: string): RunFiles {
  const dataDir = join(runDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const notes: string[] = [];
  const main = readSet(sets.main);
  limitDocs(main, t.data.max_docs);
  const target = t.target;
  // A set without the target's task name (should not happen) is all target.
  const hasTargetTask = [...main.values()].some((ls) => ls.some((x) => x.task === target));
  const isTarget = (l: Line) => !hasTargetTask || l.task === target;
  const trainSplits = t.data.train_on === 'train+dev' ? ['train', 'dev'] : ['train'];

  let targetTrain: Line[];
  let trainOthers: Line[];
  const evalLines = new Map<string, Line[]>();
  if (t.fold !== undefined) {
    // k-fold CV: the target's documents of every split, by their fold; fold k is the test set.
    const all = [...main.values()].flat();
    const targetAll = all.filter((l) => isTarget(l) && l.fold !== undefined);
    if (targetAll.length === 0) throw new Error(`instance set ${sets.main.name} has no fold assignments for ${target}`);
    targetTrain = targetAll.filter((l) => l.fold !== t.fold);
    evalLines.set('test', targetAll.filter((l) => l.fold === t.fold));
    trainOthers = trainSplits.flatMap((s) => main.get(s) ?? []).filter((l) => !isTarget(l));
  } else {
    const trainLines = trainSplits.flatMap((s) => main.get(s) ?? []);
    targetTrain = trainLines.filter(isTarget);
    trainOthers = trainLines.filter((l) => !isTarget(l));
    for (const split of t.evalSplits) evalLines.set(split, (main.get(split) ?? []).filter(isTarget));
    if (t.data.train_on === 'train' && main.has('dev') && !evalLines.has('dev')) {
      evalLines.set('dev', main.get('dev')!.filter(isTarget)); // model selection on dev
    }
  }
  const available = new Set(targetTrain.map((l) => l.doc)).size;
  const keep = sampleDocs(targetTrain.map((l) => l.doc), t.size, t.seed);
  if (t.size > 1 && t.size > available) notes.push(`size ${t.size}: only ${available} ${target} training documents`);
  const keepSet = new Set(targetTrain.filter((l) => keep.has(l.doc)));
  // Keep the set's own line order (targets and externals interleaved as built).
  const train = [...trainOthers, ...targetTrain].filter((l) => !isTarget(l) || keepSet.has(l));
  const order = new Map<Line, number>();
  let i = 0;
  for (const ls of main.values()) for (const l of ls) order.set(l, i++);
  train.sort((a, b) => order.get(a)! - order.get(b)!);

  const files: Record<string, string[]> = {};
  const write = (role: string, lines: Line[]) => {
    if (lines.length === 0) throw new Error(`run ${t.label}: no instances for ${role} (instance set ${sets.main.name})`);
    const f = join(dataDir, `${role}.jsonl`);
    writeFileAtomicSync(f, lines.map((l) => l.raw + '\n').join(''));
    files[role] = [f];
  };
  write('train', train);
  const evaluate: Record<string, string> = {};
  for (const [split, lines] of evalLines) {
    write(split, lines);
    if (t.evalSplits.includes(split)) evaluate[split] = `${target}/${split}`;
  }
  let stage1Manifest: string | undefined;
  if (sets.stage1) {
    const s1 = readSet(sets.stage1);
    limitDocs(s1, t.data.max_docs);
    // The TL stage-1 set holds every split of the external corpora in its files.
    write('stage1_train', [...s1.values()].flat());
    stage1Manifest = sets.stage1.manifestPath;
  }
  return {
    manifest: sets.main.manifestPath,
    ...(stage1Manifest ? { stage1Manifest } : {}),
    files,
    evaluate,
    targetDocs: { used: keep.size, available },
    notes,
  };
}
