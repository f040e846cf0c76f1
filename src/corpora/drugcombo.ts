// The N-ary drug-combination dataset (Tiktinsky et al., NAACL 2022; the BioREx paper's Table 5): one
// JSON object per line = one annotated sentence with its drug spans, its gold combinations of 2–11
// drugs (POS / NEG / COMB) and the paragraph it comes from. Relations are n-ary, so these sentences
// do not fit the binary `Document` model: they have their own type here and their own instance
// builder (src/instances/drugcombo.ts) and scorer (src/evaluation/drugcombo.ts).
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, type InputProblem } from '../errors.ts';
import { sinkOf, type ReaderOptions } from './reader-common.ts';
import { defaultDataRoot } from '../locations.ts';
import { corpusDir, findCorpus, loadRegistry, type CorpusEntry, type Registry } from './registry.ts';
import type { SourceRef } from './types.ts';

/** The dataset's relation classes: positive, negative and unknown-effect combinations. */
export const COMBINATION_CLASSES = ['POS', 'NEG', 'COMB'] as const;
export type CombinationClass = (typeof COMBINATION_CLASSES)[number];

export interface DrugSpan {
  /** `span_id`: equal to the span's position in the sentence's list (relations name it). */
  id: number;
  /** The text at the offsets (see `textGiven` when the file's `text` field differs). */
  text: string;
  /** Character offsets in `sentence`, end exclusive. */
  start: number;
  end: number;
  /** The file's `text` field when it does not match the text at the offsets (4 spans of the train file). */
  textGiven?: string;
}

export interface GoldCombination {
  class: CombinationClass;
  /** Span ids of the combination's drugs, sorted ascending, distinct, at least 2. */
  drugs: number[];
  /** The annotators' flag: the paragraph is needed to tell the class. */
  contextNeeded: boolean;
}

export interface DrugComboSentence {
  /** `doc_id`: unique per line (a hash of the sentence). */
  id: string;
  sentence: string;
  paragraph: string;
  /** Where the sentence starts in the paragraph (its first occurrence, as the authors' code finds it). */
  sentenceOffset: number;
  drugs: DrugSpan[];
  combinations: GoldCombination[];
  source?: string | null;
  ref: SourceRef;
}

export interface DrugComboParse {
  sentences: DrugComboSentence[];
  /** Data quirks kept as given (a span `text` field that differs from the text at its offsets). */
  warnings: InputProblem[];
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

/** Parses the JSON-lines text of one file (`file` names it in messages). */
export function parseDrugCombo(text: string, opts: ReaderOptions = {}): DrugComboParse {
  const file = opts.file ?? '<drugcombo>';
  const sink = sinkOf(opts);
  const sentences: DrugComboSentence[] = [];
  const warnings: InputProblem[] = [];
  const seen = new Map<string, number>();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split('\n');
  if (text.trim() === '') sink.report({ file, line: 1, message: 'file is empty: no drug-combination sentences', fix: 'point to the right file, or fetch it again (biorex data fetch DrugCombo)' });
  lines.forEach((raw, i) => {
    const line = i + 1;
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (body.trim() === '') return;
    const bad = (message: string, fix: string) => sink.report({ file, line, message, fix });
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(body) as Record<string, unknown>;
    } catch (e) {
      return bad(`not a JSON object (${(e as Error).message})`, 'each line must be one complete JSON object; restore the file (biorex data fetch DrugCombo)');
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return bad('not a JSON object', 'each line must be one JSON object {"doc_id", "sentence", "spans", "rels", "paragraph"}');
    for (const k of ['doc_id', 'sentence', 'paragraph'] as const)
      if (typeof o[k] !== 'string' || (k !== 'paragraph' && o[k] === '')) return bad(`field "${k}" is missing or not a string`, `give every sentence a "${k}" string`);
    if (!Array.isArray(o.spans)) return bad('field "spans" is missing or not a list', 'list the drug mentions as "spans": [{"span_id", "text", "start", "end"}, …]');
    if (!Array.isArray(o.rels)) return bad('field "rels" is missing or not a list', 'list the gold combinations as "rels": [] (or [{"class", "spans", "is_context_needed"}])');
    const id = o.doc_id as string;
    const sentence = o.sentence as string;
    const paragraph = o.paragraph as string;
    if (seen.has(id)) return bad(`doc_id ${id} repeats line ${seen.get(id)}`, 'give each sentence its own doc_id');
    const sentenceOffset = paragraph.indexOf(sentence);
    if (sentenceOffset < 0) return bad(`sentence of ${id} is not part of its paragraph`, 'the "paragraph" must contain the "sentence" verbatim');

    const drugs: DrugSpan[] = [];
    for (const [k, s] of (o.spans as Record<string, unknown>[]).entries()) {
      const where = `doc ${id}: spans[${k}]`;
      if (s === null || typeof s !== 'object') return bad(`${where} is not an object`, 'write each span as {"span_id", "text", "start", "end"}');
      if (s.span_id !== k) return bad(`${where} has span_id ${JSON.stringify(s.span_id)}, expected ${k}`, 'number the spans 0, 1, 2, … in list order (relations name drugs by span_id)');
      if (!isInt(s.start) || !isInt(s.end) || s.start < 0 || s.end <= s.start || s.end > sentence.length)
        return bad(`${where} has invalid offsets ${String(s.start)}-${String(s.end)} (sentence length ${sentence.length})`, 'give character offsets into the sentence, start < end ≤ its length');
      const atOffsets = sentence.slice(s.start, s.end);
      const span: DrugSpan = { id: k, text: atOffsets, start: s.start, end: s.end };
      if (typeof s.text !== 'string') return bad(`${where} has no "text"`, 'give the span text');
      if (s.text !== atOffsets) {
        // The authors' code uses the offsets; so do we. The quirk is reported, not fatal.
        span.textGiven = s.text;
        warnings.push({ file, line, message: `${where}: "text" is ${JSON.stringify(s.text)} but the offsets ${s.start}-${s.end} read ${JSON.stringify(atOffsets)}`, fix: 'none needed: the offsets are used (as by the dataset authors\' code)' });
      }
      drugs.push(span);
    }
    const combinations: GoldCombination[] = [];
    for (const [k, r] of (o.rels as Record<string, unknown>[]).entries()) {
      const where = `doc ${id}: rels[${k}]`;
      if (r === null || typeof r !== 'object') return bad(`${where} is not an object`, 'write each relation as {"class", "spans", "is_context_needed"}');
      if (!(COMBINATION_CLASSES as readonly unknown[]).includes(r.class))
        return bad(`${where} has class ${JSON.stringify(r.class)}`, `use one of ${COMBINATION_CLASSES.join(', ')}`);
      const ids = r.spans;
      if (!Array.isArray(ids) || !ids.every(isInt)) return bad(`${where}: "spans" must be a list of span ids`, 'list the span_ids of the combination\'s drugs');
      const distinct = [...new Set(ids as number[])].sort((a, b) => a - b);
      if (distinct.length !== ids.length || distinct.length < 2) return bad(`${where} names ${JSON.stringify(ids)}: a combination needs at least 2 distinct drugs`, 'list each drug of the combination once, at least two');
      const unknown = distinct.filter((d) => d < 0 || d >= drugs.length);
      if (unknown.length) return bad(`${where} names span ids ${unknown.join(', ')}, but the sentence has ${drugs.length} spans`, 'name drugs by the span_id of a span of this sentence');
      combinations.push({ class: r.class as CombinationClass, drugs: distinct, contextNeeded: r.is_context_needed === true });
    }
    seen.set(id, line);
    sentences.push({ id, sentence, paragraph, sentenceOffset, drugs, combinations, source: (o.source as string | null | undefined) ?? null, ref: { file, line } });
  });
  return { sentences, warnings };
}

export async function readDrugComboFile(path: string, opts: Omit<ReaderOptions, 'file'> = {}): Promise<DrugComboParse> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError({ file: path, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, fix: 'run `biorex data fetch DrugCombo` (or `--from DIR`), or pass --root / set BIOREX_DATA to the folder holding the corpora' });
  }
  return parseDrugCombo(text, { ...opts, file: path });
}

/** Registry formats whose relations are n-ary combinations (not binary `Document` relations). */
export const NARY_FORMATS: readonly string[] = ['drugcombo-jsonl'];

/** True when the corpus's splits are read as drug-combination sentences. */
export function isNaryCorpus(entry: CorpusEntry): boolean {
  const inputs = entry.splits.kind === 'official' ? Object.values(entry.splits.sets) : [entry.splits.input];
  return inputs.some((i) => NARY_FORMATS.includes(i.format));
}

export interface LoadedDrugCombo {
  corpus: CorpusEntry;
  /** split name → sentences in file order. */
  splits: Record<string, DrugComboSentence[]>;
  warnings: InputProblem[];
  problems: InputProblem[];
  /** Absolute paths of the files read (for source hashes). */
  files: string[];
}

/** Reads a drug-combination corpus of the registry (default `DrugCombo`) from the data root. */
export async function loadDrugCombo(
  opts: { name?: string; root?: string; lenient?: boolean; registry?: Registry } = {},
): Promise<LoadedDrugCombo> {
  const registry = opts.registry ?? loadRegistry();
  const corpus = findCorpus(opts.name ?? 'DrugCombo', registry);
  if (!isNaryCorpus(corpus) || corpus.splits.kind !== 'official')
    throw new InputError({ file: registry.source, message: `corpus ${corpus.name} is not a drug-combination corpus`, fix: 'use loadCorpus for binary-relation corpora' });
  const dir = corpusDir(corpus, opts.root ?? defaultDataRoot());
  const sink = sinkOf({ lenient: opts.lenient ?? false });
  const splits: Record<string, DrugComboSentence[]> = {};
  const warnings: InputProblem[] = [];
  const files: string[] = [];
  for (const [split, input] of Object.entries(corpus.splits.sets)) {
    splits[split] = [];
    for (const f of input.files) {
      const path = resolve(dir, f);
      if (!existsSync(path))
        throw new InputError({
          file: path,
          message: `corpus ${corpus.name}: file missing`,
          fix: `run \`biorex data fetch ${corpus.name}\` (or \`biorex data fetch --from DIR ${corpus.name}\` with a local mirror), or pass --root / set BIOREX_DATA to the folder holding the corpora`,
        });
      const r = await readDrugComboFile(path, { sink });
      splits[split].push(...r.sentences);
      warnings.push(...r.warnings);
      files.push(path);
    }
  }
  return { corpus, splits, warnings, problems: sink.skipped, files };
}
