// Instances of the N-ary drug-combination task (paper Table 5), built as the dataset authors'
// baseline builds them (allenai/drug-combo-extraction, preprocessing/preprocess.py with the defaults
// of its training script; docs/harmonization.md "Drug combinations"):
//
// - a candidate is a subset of two or more drugs of one sentence; EVERY drug of the subset is marked
//   in the text with `<<m>> … <</m>>`, nothing else is (no prompt: the original method has none);
// - the text is the sentence's paragraph (the context the annotators often needed) cut to a window
//   of 300 whitespace tokens centred on the marked drugs;
// - three classes: Positive_Combination (POS), Other_Combination (NEG or COMB), None (no combination);
// - training candidates = the gold combinations + every other subset that is not part of a gold
//   combination (None); subsets of a gold combination are left out (they are neither);
// - evaluation candidates = every subset (no gold knowledge): the scorer picks the combinations from
//   the predictions (src/evaluation/drugcombo.ts) and scores them against the gold sentences.
import { join } from 'node:path';
import { loadDrugCombo, type DrugComboSentence, type LoadedDrugCombo } from '../corpora/index.ts';
import { InputError } from '../errors.ts';
import { canonicalJson, sha256, sha256File } from '../hashing.ts';
import { buildKeyOf, INSTANCE_FORMAT_VERSION, PACKAGE_VERSION, upToDate, type SetResult } from './build.ts';
import { JsonlWriter, writeManifest } from './io.ts';
import type { DatasetManifest } from './types.ts';

export const START_MARKER = '<<m>>';
export const END_MARKER = '<</m>>';

/** The three classes; the index is the class id. */
export const COMBINATION_LABELS = ['None', 'Positive_Combination', 'Other_Combination'] as const;
export type CombinationLabel = (typeof COMBINATION_LABELS)[number];

/** The dataset's class → the model's class. */
export function combinationLabel(cls: 'POS' | 'NEG' | 'COMB'): CombinationLabel {
  return cls === 'POS' ? 'Positive_Combination' : 'Other_Combination';
}

export interface DrugComboOptions {
  /** `paragraph` (the original method) or `sentence`. */
  context?: 'paragraph' | 'sentence';
  /** Whitespace tokens kept around the marked drugs (the authors' default 300); null: the whole context. */
  window?: number | null;
  /** Training negatives: every subset not inside a gold combination (`subsets`, the default) or only pairs. */
  negatives?: 'subsets' | 'pairs';
}

export const DRUGCOMBO_DEFAULTS: Required<DrugComboOptions> = { context: 'paragraph', window: 300, negatives: 'subsets' };

/** One candidate subset (the instance contract of types.ts with n ids instead of two). */
export interface CombinationInstance {
  /** `<task>/<split>/<doc>/<i>|<j>|…` (drug span ids, ascending). */
  id: string;
  task: string;
  doc: string;
  split: string;
  types: string[];
  ids: string[];
  text: string;
  label: CombinationLabel;
  level: 'sentence';
}

/** Every subset of `n` items with at least `min` elements, by size, then lexicographically (itertools order). */
export function* subsets(n: number, min = 2, max = n): Generator<number[]> {
  for (let r = min; r <= Math.min(n, max); r++) {
    const idx = Array.from({ length: r }, (_, i) => i);
    for (;;) {
      yield [...idx];
      let i = r - 1;
      while (i >= 0 && idx[i] === n - r + i) i--;
      if (i < 0) break;
      idx[i]++;
      for (let j = i + 1; j < r; j++) idx[j] = idx[j - 1] + 1;
    }
  }
}

const isSubset = (a: readonly number[], b: readonly number[]) => a.every((x) => b.includes(x));

/**
 * The candidate drug subsets of a sentence with their labels. Training: gold combinations (file
 * order), then the subsets not contained in any gold combination. Evaluation: every subset, labelled
 * by the gold combination with exactly those drugs (None otherwise).
 */
export function candidateSubsets(s: DrugComboSentence, role: 'train' | 'eval', negatives: 'subsets' | 'pairs' = 'subsets'): { drugs: number[]; label: CombinationLabel }[] {
  const n = s.drugs.length;
  if (role === 'eval') {
    const exact = new Map(s.combinations.map((c) => [c.drugs.join('|'), combinationLabel(c.class)]));
    return [...subsets(n)].map((drugs) => ({ drugs, label: exact.get(drugs.join('|')) ?? 'None' }));
  }
  const out: { drugs: number[]; label: CombinationLabel }[] = s.combinations.map((c) => ({ drugs: c.drugs, label: combinationLabel(c.class) }));
  for (const drugs of subsets(n, 2, negatives === 'pairs' ? 2 : n))
    if (!s.combinations.some((c) => isSubset(drugs, c.drugs))) out.push({ drugs, label: 'None' });
  return out;
}

/**
 * The marked text of a candidate: `<<m>> ` before and ` <</m>>` after each drug of the subset in the
 * context, then (with a window) the whitespace tokens around the marked stretch, joined by one space.
 * The window follows the authors' arithmetic (left = ⌊(W − d)/2⌋ tokens before the first marker, the
 * rest after the last, d = their distance), except that a marked stretch longer than W is kept whole
 * (their slicing would cut markers off).
 */
export function markedText(s: DrugComboSentence, drugs: readonly number[], opts: Required<DrugComboOptions>): string {
  const base = opts.context === 'paragraph' ? s.paragraph : s.sentence;
  const shift = opts.context === 'paragraph' ? s.sentenceOffset : 0;
  const spans = drugs.map((d) => s.drugs[d]).sort((a, b) => a.start - b.start);
  let text = '';
  let at = 0;
  for (const sp of spans) {
    const start = sp.start + shift;
    const end = sp.end + shift;
    text += base.slice(at, start) + `${START_MARKER} ` + base.slice(start, end) + ` ${END_MARKER}`;
    at = end;
  }
  text += base.slice(at);
  if (opts.window === null) return text;
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  const first = tokens.indexOf(START_MARKER);
  const last = tokens.lastIndexOf(END_MARKER);
  const distance = last - first;
  if (distance >= opts.window) return tokens.slice(first, last + 1).join(' ');
  const left = Math.floor((opts.window - distance) / 2);
  const right = opts.window - distance - left;
  return tokens.slice(Math.max(0, first - left), Math.min(tokens.length, last + right)).join(' ');
}

export interface CombinationSplitStats {
  sentences: number;
  /** Sentences with at least one gold combination. */
  withCombinations: number;
  drugs: number;
  /** Gold combinations by class (POS, NEG, COMB), by size (number of drugs), and by class and size. */
  gold: { total: number; byClass: Record<string, number>; bySize: Record<string, number>; byClassAndSize: Record<string, Record<string, number>>; contextNeeded: number };
  /** Candidate instances, by label and by size. */
  candidates: { total: number; byLabel: Record<string, number>; bySize: Record<string, number> };
  /** Sentences by number of drugs. */
  sentencesByDrugs: Record<string, number>;
}

const bump = (m: Record<string, number>, k: string | number, by = 1) => {
  m[String(k)] = (m[String(k)] ?? 0) + by;
};

function emptyStats(): CombinationSplitStats {
  return {
    sentences: 0,
    withCombinations: 0,
    drugs: 0,
    gold: { total: 0, byClass: {}, bySize: {}, byClassAndSize: {}, contextNeeded: 0 },
    candidates: { total: 0, byLabel: {}, bySize: {} },
    sentencesByDrugs: {},
  };
}

export interface DrugComboSetOptions extends DrugComboOptions {
  /** Registry corpus name (default DrugCombo). */
  corpus?: string;
  root?: string;
  /** Output directory (`train.jsonl`, `test.jsonl`, `manifest.json`); absent: statistics only. */
  out?: string;
  lenient?: boolean;
  force?: boolean;
}

/** The dataset manifest fields shared with the binary sets, plus the combination statistics. */
export interface DrugComboSetResult extends SetResult {
  combinationStats: Record<string, CombinationSplitStats>;
}

/** Builds (or, without `out`, only counts) the drug-combination instance set. */
export async function drugComboSet(o: DrugComboSetOptions = {}): Promise<DrugComboSetResult> {
  const opts: Required<DrugComboOptions> = {
    context: o.context ?? DRUGCOMBO_DEFAULTS.context,
    window: o.window === undefined ? DRUGCOMBO_DEFAULTS.window : o.window,
    negatives: o.negatives ?? DRUGCOMBO_DEFAULTS.negatives,
  };
  if (opts.window !== null && !(Number.isInteger(opts.window) && opts.window >= 1))
    throw new InputError({ file: 'drug-combination set', message: `window ${String(opts.window)} is not a positive whole number`, fix: 'give the number of whitespace tokens to keep (the authors use 300), or null for the whole context' });
  const data: LoadedDrugCombo = await loadDrugCombo({ name: o.corpus, root: o.root, lenient: o.lenient });
  const name = data.corpus.name;
  const sourceHashes: Record<string, string> = {};
  for (const f of data.files) sourceHashes[`${name}/${f.slice(f.lastIndexOf('/') + 1)}`] = await sha256File(f);
  const optionsHash = sha256(canonicalJson({ builder: 'drugcombo', ...opts }));
  const buildKey = buildKeyOf({ kind: 'drug-combinations', corpus: name, options: opts, lenient: o.lenient ?? false, sourceHashes });
  if (o.out && !o.force) {
    const m = await upToDate(o.out, buildKey);
    if (m) return { manifest: m, stats: {}, cached: true, problems: [], combinationStats: (m.generation?.[name] ?? {}) as Record<string, CombinationSplitStats> };
  }

  const stats: Record<string, CombinationSplitStats> = {};
  const manifest: DatasetManifest = {
    name: `${name} (drug combinations, ${opts.context} context)`,
    view: 'native',
    prompt: false,
    labels: [...COMBINATION_LABELS],
    negativeLabels: ['None'],
    specialTokens: [START_MARKER, END_MARKER],
    tasks: { [name]: [...COMBINATION_LABELS] },
    files: {},
    counts: { bySplit: {}, byLabel: {}, byPairType: {} },
    fileHashes: {},
    profileHash: optionsHash,
    sourceHashes,
    createdWith: { tool: 'biorex-workbench', version: PACKAGE_VERSION },
    buildKey,
    generation: { [name]: stats as unknown as Record<string, unknown> },
    notes: [
      `Candidates: subsets of ≥ 2 drugs of a sentence, every drug of the subset marked ${START_MARKER} … ${END_MARKER}; ` +
        `train = gold combinations + ${opts.negatives === 'pairs' ? 'drug pairs' : 'subsets'} outside every gold combination (None); other splits = every subset.`,
      `Text: the ${opts.context}${opts.window === null ? '' : `, ${opts.window} whitespace tokens around the marked drugs`}; no prompt (the original method has none).`,
      'Classes: Positive_Combination = POS, Other_Combination = NEG or COMB, None = no combination. Format version ' + INSTANCE_FORMAT_VERSION + '.',
      ...data.warnings.map((w) => `${w.file}:${w.line}: ${w.message}`),
    ],
  };
  const writers: JsonlWriter[] = [];
  try {
    for (const [split, sentences] of Object.entries(data.splits)) {
      const file = `${split}.jsonl`;
      const w = await JsonlWriter.open(o.out ? join(o.out, file) : undefined);
      writers.push(w);
      const st = (stats[split] = emptyStats());
      const byLabel: Record<string, number> = {};
      const bySize: Record<string, number> = {};
      let instances = 0;
      for (const s of sentences) {
        st.sentences++;
        st.drugs += s.drugs.length;
        bump(st.sentencesByDrugs, s.drugs.length);
        if (s.combinations.length) st.withCombinations++;
        for (const c of s.combinations) {
          st.gold.total++;
          bump(st.gold.byClass, c.class);
          bump(st.gold.bySize, c.drugs.length);
          bump((st.gold.byClassAndSize[c.class] ??= {}), c.drugs.length);
          if (c.contextNeeded) st.gold.contextNeeded++;
        }
        for (const cand of candidateSubsets(s, split === 'train' ? 'train' : 'eval', opts.negatives)) {
          const inst: CombinationInstance = {
            id: `${name}/${split}/${s.id}/${cand.drugs.join('|')}`,
            task: name,
            doc: s.id,
            split,
            types: cand.drugs.map(() => 'Drug'),
            ids: cand.drugs.map(String),
            text: markedText(s, cand.drugs, opts),
            label: cand.label,
            level: 'sentence',
          };
          await w.add(JSON.stringify(inst));
          instances++;
          bump(byLabel, cand.label);
          bump(bySize, cand.drugs.length);
        }
      }
      st.candidates = { total: instances, byLabel, bySize };
      manifest.files[split] = file;
      manifest.fileHashes[split] = await w.close();
      manifest.counts.bySplit[split] = { docs: sentences.length, instances, positives: instances - (byLabel.None ?? 0) };
      manifest.counts.byLabel[split] = byLabel;
      manifest.counts.byPairType[split] = Object.fromEntries(Object.entries(bySize).map(([k, v]) => [`${k} drugs`, v]));
    }
  } catch (e) {
    await Promise.all(writers.map((w) => w.abort()));
    throw e;
  }
  if (o.out) await writeManifest(o.out, manifest);
  return { manifest, stats: {}, cached: false, problems: data.problems, combinationStats: stats };
}
