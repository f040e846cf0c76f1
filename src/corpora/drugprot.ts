// DrugProt (BioCreative VII) TSV triplet: abstracts `PMID<TAB>title<TAB>abstract`, entities
// `PMID<TAB>T12<TAB>TYPE<TAB>start<TAB>end<TAB>text`, relations `PMID<TAB>REL<TAB>Arg1:T7<TAB>Arg2:T21`.
import { readFile } from 'node:fs/promises';
import type { Document } from './types.ts';
import type { ProblemSink } from '../errors.ts';
import { knownTypeSet, sinkOf, validateDocument, type ReaderOptions } from './reader-common.ts';
import { decodeInput, normaliseLineEnds } from './text.ts';

export interface DrugProtFiles {
  abstracts: string;
  entities: string;
  relations: string;
}

/** Entities and relations whose PMID has no abstract: not an error (a partial abstracts file), but counted. */
export interface OrphanCount {
  /** The abstracts file the documents are missing from. */
  file: string;
  /** Distinct PMIDs with entities or relations but no abstract. */
  documents: number;
  mentions: number;
  relations: number;
}

export interface DrugProtResult {
  documents: Document[];
  orphans: OrphanCount;
}

const INTEGER = /^\d+$/;

function rows(text: string, file: string, sink: ProblemSink): string[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return normaliseLineEnds(text, file, sink).split('\n');
}

/** Parses the three DrugProt files (contents + names for messages). */
export function parseDrugProt(
  texts: DrugProtFiles,
  names: DrugProtFiles,
  opts: Omit<ReaderOptions, 'file' | 'separators'> = {},
): DrugProtResult {
  const sink = sinkOf(opts);
  const knownTypes = knownTypeSet(opts);
  const docs = new Map<string, Document>();
  const orphanPmids = new Set<string>();
  const orphans: OrphanCount = { file: names.abstracts, documents: 0, mentions: 0, relations: 0 };

  const emptyCheck = (text: string, file: string, what: string): boolean => {
    if (text.trim() !== '') return false;
    sink.report({ file, line: 1, message: `file is empty: no DrugProt ${what}`, fix: 'point to the right file, or fetch it again (biorex data fetch)' });
    return true;
  };

  if (!emptyCheck(texts.abstracts, names.abstracts, 'abstracts')) {
    rows(texts.abstracts, names.abstracts, sink).forEach((line, i) => {
      if (line.trim() === '') return;
      const file = names.abstracts;
      const f = line.split('\t');
      if (f.length !== 3 || !INTEGER.test(f[0])) {
        sink.report({ file, line: i + 1, message: `truncated or malformed abstract line: ${f.length} tab-separated fields, expected 3 (PMID, title, abstract)`, fix: 'complete the line or delete it' });
        return;
      }
      const first = docs.get(f[0]);
      if (first) {
        sink.report({ file, line: i + 1, message: `document ${f[0]} appears again (first at ${file}:${first.ref?.line}): a repeated document would be trained on twice`, fix: 'keep one line per PMID' });
        return;
      }
      const [pmid, title, abstract] = f;
      docs.set(pmid, {
        id: pmid,
        passages: [
          { kind: 'title', offset: 0, text: title },
          { kind: 'abstract', offset: title.length + 1, text: abstract },
        ],
        mentions: [],
        relations: [],
        ref: { file, line: i + 1 },
      });
    });
  }

  if (!emptyCheck(texts.entities, names.entities, 'entities')) {
    rows(texts.entities, names.entities, sink).forEach((line, i) => {
      if (line.trim() === '') return;
      const file = names.entities;
      const f = line.split('\t');
      if (f.length !== 6 || !INTEGER.test(f[3]) || !INTEGER.test(f[4])) {
        sink.report({ file, line: i + 1, message: `truncated or malformed entity line: ${f.length} tab-separated fields, expected 6 (PMID, T-id, type, start, end, text) with integer offsets`, fix: 'complete the line or delete it' });
        return;
      }
      const doc = docs.get(f[0]);
      if (!doc) {
        orphans.mentions++;
        orphanPmids.add(f[0]);
        return;
      }
      doc.mentions.push({ annotationId: f[1], start: Number(f[3]), end: Number(f[4]), text: f[5], type: f[2], ids: [f[1]], ref: { file, line: i + 1 } });
    });
  }

  if (!emptyCheck(texts.relations, names.relations, 'relations')) {
    rows(texts.relations, names.relations, sink).forEach((line, i) => {
      if (line.trim() === '') return;
      const file = names.relations;
      const f = line.split('\t');
      if (f.length !== 4 || !f[2].startsWith('Arg1:') || !f[3].startsWith('Arg2:')) {
        sink.report({ file, line: i + 1, message: `truncated or malformed relation line: expected 4 tab-separated fields (PMID, type, Arg1:T.., Arg2:T..), found ${f.length}`, fix: 'complete the line or delete it' });
        return;
      }
      const doc = docs.get(f[0]);
      if (!doc) {
        orphans.relations++;
        orphanPmids.add(f[0]);
        return;
      }
      doc.relations.push({ type: f[1], arg1: f[2].slice(5), arg2: f[3].slice(5), ref: { file, line: i + 1 } });
    });
  }

  for (const doc of docs.values()) validateDocument(doc, { file: names.entities, knownTypes, relationArgs: 'annotationId', sink });
  orphans.documents = orphanPmids.size;
  return { documents: [...docs.values()], orphans };
}

export async function readDrugProt(files: DrugProtFiles, opts: Omit<ReaderOptions, 'file' | 'separators'> = {}): Promise<DrugProtResult> {
  const sink = sinkOf(opts);
  const [abstracts, entities, relations] = await Promise.all([files.abstracts, files.entities, files.relations].map(async (f) => decodeInput(await readFile(f), f, sink)));
  return parseDrugProt({ abstracts, entities, relations }, files, { ...opts, sink });
}
