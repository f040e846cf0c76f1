// PubTator reader: `PMID|t|title`, `PMID|a|abstract`, mention lines (6 tab fields; CDR composite
// mentions have a 7th), relation lines (4 or 5 tab fields). Documents are separated by blank lines.
import { readFile } from 'node:fs/promises';
import type { Document } from './types.ts';
import {
  DEFAULT_SEPARATORS,
  dropDuplicateDocuments,
  knownTypeSet,
  sinkOf,
  splitIds,
  stripTypeSuffix,
  validateDocument,
  type ReaderOptions,
} from './reader-common.ts';
import { decodeInput, normaliseLineEnds } from './text.ts';

const TEXT_LINE = /^([^\t|]+)\|([ta])\|/;
const INTEGER = /^\d+$/;

/** Parses PubTator text. Offsets are checked against the text; see ReaderOptions for strict/lenient. */
export function parsePubTator(text: string, opts: ReaderOptions = {}): Document[] {
  const file = opts.file ?? '<pubtator>';
  const sink = sinkOf(opts);
  const separators = opts.separators ?? DEFAULT_SEPARATORS;
  const knownTypes = knownTypeSet(opts);
  const docs: Document[] = [];
  let doc: Document | undefined;
  let skipDoc = false; // lenient: the rest of a document whose title line was unusable

  const finish = (): void => {
    if (doc) {
      validateDocument(doc, { file, knownTypes, relationArgs: 'ids', sink });
      docs.push(doc);
    }
    doc = undefined;
    skipDoc = false;
  };
  const bad = (line: number, message: string, fix: string): void => sink.report({ file, line, message, fix });

  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = normaliseLineEnds(text, file, sink).split('\n');
  let sawContent = false;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i];
    if (line.trim() === '') {
      finish();
      continue;
    }
    sawContent = true;
    const textLine = TEXT_LINE.exec(line);
    if (textLine) {
      const [prefix, id, kind] = textLine;
      const body = line.slice(prefix.length); // split on the first two `|` only: a `|` in the text survives
      if (kind === 't') {
        finish();
        doc = { id, passages: [{ kind: 'title', offset: 0, text: body }], mentions: [], relations: [], ref: { file, line: lineNo } };
        continue;
      }
      if (skipDoc) continue;
      if (!doc || doc.id !== id) {
        bad(lineNo, `abstract line for document ${id} does not follow its title line (${id}|t|…)`, `put the line ${id}|t|<title> before it, or separate documents with a blank line`);
        skipDoc = true;
        continue;
      }
      if (doc.passages.length > 1) {
        bad(lineNo, `document ${id} has a second abstract line`, 'keep one |a| line per document');
        continue;
      }
      // An empty |a| line gives no passage: nothing can be annotated in it.
      if (body.length > 0) doc.passages.push({ kind: 'abstract', offset: doc.passages[0].text.length + 1, text: body });
      continue;
    }

    const fields = line.split('\t');
    if (fields.length === 1) {
      bad(lineNo, `unrecognised line ${JSON.stringify(line.slice(0, 60))}`, 'write PMID|t|title, PMID|a|abstract, a tab-separated annotation or relation line, or a blank line between documents');
      continue;
    }
    if (skipDoc) continue;
    if (!doc) {
      bad(lineNo, `annotation line for document ${fields[0]} comes before any title line`, `start the document with ${fields[0]}|t|<title>`);
      skipDoc = true;
      continue;
    }
    if (fields[0] !== doc.id) {
      bad(lineNo, `line names document ${fields[0]} inside document ${doc.id}`, 'separate documents with a blank line, or correct the document id in the first field');
      continue;
    }
    const ref = { file, line: lineNo };
    if ((fields.length === 6 || fields.length === 7) && INTEGER.test(fields[1]) && INTEGER.test(fields[2])) {
      // 7 fields: a CDR composite mention (`D014786|D006311` + the individual mention texts). The
      // reference converter drops these lines; we keep the mention with all its ids.
      doc.mentions.push({
        start: Number(fields[1]),
        end: Number(fields[2]),
        text: fields[3],
        type: stripTypeSuffix(fields[4]),
        ids: splitIds(fields[5], separators),
        ref,
      });
      continue;
    }
    if ((fields.length === 4 || fields.length === 5) && !INTEGER.test(fields[1]) && fields[2] !== '' && fields[3] !== '') {
      doc.relations.push({ type: fields[1], arg1: fields[2], arg2: fields[3], ...(fields.length === 5 && fields[4] !== '' ? { novelty: fields[4] } : {}), ref });
      continue;
    }
    const looksLikeMention = INTEGER.test(fields[1] ?? '');
    bad(
      lineNo,
      looksLikeMention
        ? `truncated or malformed mention line: ${fields.length} tab-separated fields, expected 6 (PMID, start, end, text, type, ids) with integer offsets`
        : `truncated or malformed line: ${fields.length} tab-separated fields, expected 6 for a mention or 4-5 for a relation (PMID, type, id1, id2[, novelty])`,
      'complete the line (fields separated by single tabs) or delete it',
    );
  }
  finish();
  if (!sawContent) sink.report({ file, line: 1, message: 'file is empty: no PubTator documents', fix: 'point to the right file, or fetch it again (biorex data fetch)' });
  return dropDuplicateDocuments(docs, sink);
}

/** Reads and parses a PubTator file. */
export async function readPubTatorFile(path: string, opts: ReaderOptions = {}): Promise<Document[]> {
  const file = opts.file ?? path;
  const sink = sinkOf(opts);
  return parsePubTator(decodeInput(await readFile(path), file, sink), { ...opts, file, sink });
}
