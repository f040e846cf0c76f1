// The RENET gene–disease association corpus (GDA; Wu et al., RECOMB 2019; the BioREx paper's
// Table 6) in its release format, one folder per split (`training_data/`, `testing_data/`):
//   abstracts.txt  a PMID line, then the title line and the abstract line; blank lines between documents;
//   anns.txt       `PMID<TAB>start<TAB>end<TAB>mention<TAB>type<TAB>id` (PubTator offsets over
//                  title + " " + abstract; types Gene / Disease), blank lines between documents;
//   labels.csv     `pmid,geneId,diseaseId,label` with a header line; label 1 = associated, 0 = not.
// Rows with label 1 become relations `GDA gene disease`; rows with label 0 are the corpus's explicit
// negatives (every other gene–disease pair of the abstract is a negative too), counted, not kept.
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import { knownTypeSet, sinkOf, splitIds, validateDocument, type ReaderOptions } from './reader-common.ts';
import type { Document } from './types.ts';

export interface RenetFiles {
  abstracts: string;
  anns: string;
  labels: string;
}

export interface RenetResult {
  documents: Document[];
  /** labels.csv rows with label 0 (explicit negatives). */
  negatives: number;
}

/** The relation type given to label-1 pairs (the type gda2pubtator-style conversions use). */
export const GDA_RELATION = 'GDA';

const PMID = /^\d+$/;

function lines(text: string): string[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Parses the three files of one split (contents, and their names for messages). */
export function parseRenet(texts: RenetFiles, names: RenetFiles, opts: Omit<ReaderOptions, 'file'> = {}): RenetResult {
  const sink = sinkOf(opts);
  const separators = opts.separators ?? ['|'];
  const docs = new Map<string, Document>();
  for (const k of ['abstracts', 'anns', 'labels'] as const)
    if (texts[k].trim() === '') sink.report({ file: names[k], line: 1, message: `file is empty: no GDA ${k}`, fix: 'point to the right file, or fetch it again (biorex data fetch GDA)' });

  // abstracts.txt: PMID, title, abstract
  let current: { doc: Document; lines: string[]; line: number } | undefined;
  const close = () => {
    if (!current) return;
    const [title = '', abstract] = current.lines;
    if (current.lines.length === 0 || current.lines.length > 2) {
      sink.report({ file: names.abstracts, line: current.line, message: `document ${current.doc.id} has ${current.lines.length} text lines, expected a title and an abstract`, fix: 'give each PMID line exactly a title line and an abstract line, then a blank line' });
    } else {
      current.doc.passages.push({ kind: 'title', offset: 0, text: title });
      if (abstract !== undefined) current.doc.passages.push({ kind: 'abstract', offset: title.length + 1, text: abstract });
      docs.set(current.doc.id, current.doc);
    }
    current = undefined;
  };
  lines(texts.abstracts).forEach((l, i) => {
    if (l.trim() === '') return close();
    if (PMID.test(l.trim()) && (!current || current.lines.length > 0)) {
      close();
      const id = l.trim();
      if (docs.has(id)) sink.report({ file: names.abstracts, line: i + 1, message: `PMID ${id} appears twice`, fix: 'keep one copy of each abstract' });
      current = { doc: { id, passages: [], mentions: [], relations: [], ref: { file: names.abstracts, line: i + 1 } }, lines: [], line: i + 1 };
      return;
    }
    if (!current) return sink.report({ file: names.abstracts, line: i + 1, message: 'text before any PMID line', fix: 'start each document with a line holding only its PMID' });
    current.lines.push(l);
  });
  close();

  // anns.txt: mentions
  lines(texts.anns).forEach((l, i) => {
    if (l.trim() === '') return;
    const f = l.split('\t');
    const line = i + 1;
    if (f.length !== 6 || !PMID.test(f[0]) || !/^\d+$/.test(f[1]) || !/^\d+$/.test(f[2]))
      return sink.report({ file: names.anns, line, message: `malformed annotation line: ${f.length} tab-separated fields, expected 6 (PMID, start, end, mention, type, id)`, fix: 'complete the line or delete it' });
    const doc = docs.get(f[0]);
    if (!doc) return sink.report({ file: names.anns, line, message: `annotation of PMID ${f[0]}, which abstracts.txt does not have`, fix: 'use the abstracts.txt of the same split, or delete the line' });
    doc.mentions.push({ start: Number(f[1]), end: Number(f[2]), text: f[3], type: f[4], ids: splitIds(f[5], separators), ref: { file: names.anns, line } });
  });

  // labels.csv: relations (label 1), negatives (label 0)
  let negatives = 0;
  lines(texts.labels).forEach((l, i) => {
    if (l.trim() === '') return;
    const f = l.split(',').map((x) => x.trim());
    const line = i + 1;
    if (i === 0 && !PMID.test(f[0])) return; // the header
    if (f.length !== 4 || !PMID.test(f[0]) || !['0', '1'].includes(f[3]) || !f[1] || !f[2])
      return sink.report({ file: names.labels, line, message: `malformed label line "${l.slice(0, 80)}": expected pmid,geneId,diseaseId,label with label 0 or 1`, fix: 'correct the line or delete it' });
    const doc = docs.get(f[0]);
    if (!doc) return sink.report({ file: names.labels, line, message: `label of PMID ${f[0]}, which abstracts.txt does not have`, fix: 'use the abstracts.txt of the same split, or delete the line' });
    if (f[3] === '0') negatives++;
    else doc.relations.push({ type: GDA_RELATION, arg1: f[1], arg2: f[2], ref: { file: names.labels, line } });
  });

  const knownTypes = knownTypeSet(opts);
  const documents = [...docs.values()];
  for (const d of documents) validateDocument(d, { file: names.abstracts, knownTypes, relationArgs: 'ids', sink });
  return { documents, negatives };
}

export async function readRenet(files: RenetFiles, opts: Omit<ReaderOptions, 'file'> = {}): Promise<RenetResult> {
  const read = async (p: string) => {
    try {
      return await readFile(p, 'utf8');
    } catch (e) {
      throw new InputError({ file: p, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, fix: 'run `biorex data fetch GDA`, or pass --root / set BIOREX_DATA to the folder holding the corpora' });
    }
  };
  const [abstracts, anns, labels] = await Promise.all([read(files.abstracts), read(files.anns), read(files.labels)]);
  return parseRenet({ abstracts, anns, labels }, files, opts);
}
