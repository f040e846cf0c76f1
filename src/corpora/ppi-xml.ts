// PPI-benchmark XML (the "learning format" of Pyysalo et al. 2008, as distributed for HPRD50 and
// AIMed in metalrt/ppi-dataset):
// <corpus><document id origId><sentence id charOffset="a-b" text><entity id charOffset="a-b" text type/>…
// <interaction id e1 e2 type/></sentence></document></corpus>.
// Sentence offsets are document-global, entity offsets sentence-relative, both with an EXCLUSIVE end
// (checked: a mismatch is an input error). The entity `type` attribute of these files holds HPRD
// protein ids (`pm0111607||pm0117207`), not a type: every mention is typed `protein`.
import { readFile } from 'node:fs/promises';
import type { Document, Mention, Passage, Relation } from './types.ts';
import { dropDuplicateDocuments, knownTypeSet, LineIndex, sinkOf, validateDocument, type ReaderOptions } from './reader-common.ts';
import { decodeInput } from './text.ts';
import { corpusXmlParser, parseCorpusXml, XML_META as META } from './xml.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type XmlNode = any;

const PARSER = corpusXmlParser({ arrays: ['document', 'sentence', 'entity', 'interaction', 'pair'], attributeNamePrefix: '' });

/** The type given to every entity: the benchmark annotates proteins only. */
export const PPI_ENTITY_TYPE = 'protein';

const SPAN = /^(\d+)-(\d+)$/;

/**
 * Parses PPI-benchmark XML: one Document per <document> (id = its `id`), one passage (kind `sentence`)
 * per sentence at its own document offset, one mention per entity fragment (annotation id = entity
 * id), one relation per <interaction> (and per <pair interaction="True">), typed by its `type`
 * attribute (`PPI`).
 */
export function parsePpiXml(text: string, opts: ReaderOptions = {}): Document[] {
  const file = opts.file ?? '<ppi-xml>';
  const sink = sinkOf(opts);
  const knownTypes = knownTypeSet(opts);
  if (text.trim() === '') {
    sink.report({ file, line: 1, message: 'file is empty: no PPI-benchmark XML', fix: 'point to the right file, or fetch it again (biorex data fetch)' });
    return [];
  }
  const root = parseCorpusXml(PARSER, text, { file, sink, damagedFix: 'repair the XML (the file may be truncated: fetch it again)' }) as XmlNode;
  if (root === undefined) return [];
  if (!root?.corpus) {
    sink.report({ file, line: 1, message: 'no <corpus> element: not PPI-benchmark XML', fix: 'give a PPI-benchmark XML file (<corpus><document><sentence>…)' });
    return [];
  }
  const lines = new LineIndex(text);
  const lineOf = (n: XmlNode): number | undefined => {
    const meta = n?.[META] as { startIndex?: number } | undefined;
    return meta?.startIndex !== undefined ? lines.lineOf(meta.startIndex) : undefined;
  };
  const docs: Document[] = [];
  for (const d of root.corpus.document ?? []) {
    const id = String(d.id ?? '');
    const passages: Passage[] = [];
    const mentions: Mention[] = [];
    const relations: Relation[] = [];
    for (const s of d.sentence ?? []) {
      const sText = String(s.text ?? '');
      const span = SPAN.exec(String(s.charOffset ?? '').trim());
      if (!span || Number(span[2]) - Number(span[1]) !== sText.length) {
        sink.report({
          file,
          line: lineOf(s),
          message: `document ${id}: sentence ${s.id} has charOffset ${JSON.stringify(s.charOffset)}, which does not span its ${sText.length}-character text`,
          fix: 'write the sentence charOffset as start-end of the document (end exclusive), end - start = the text length',
        });
        continue;
      }
      const offset = Number(span[1]);
      passages.push({ kind: 'sentence', offset, text: sText });
      for (const e of s.entity ?? []) {
        const ref = { file, line: lineOf(e) };
        const frags = String(e.charOffset ?? '').split(/[,;]/).map((f) => SPAN.exec(f.trim()));
        if (frags.some((f) => !f)) {
          sink.report({ ...ref, message: `document ${id}: entity ${e.id} has malformed charOffset ${JSON.stringify(e.charOffset)}`, fix: 'write charOffset as start-end within the sentence (end exclusive), fragments separated by ","' });
          continue;
        }
        for (const f of frags) {
          const start = Number(f![1]);
          const end = Number(f![2]);
          mentions.push({
            annotationId: String(e.id),
            start: offset + start,
            end: offset + end,
            text: frags.length === 1 ? String(e.text ?? '') : sText.slice(start, end),
            type: PPI_ENTITY_TYPE,
            ids: [String(e.id)],
            ref,
          });
        }
      }
      for (const i of s.interaction ?? []) relations.push({ type: String(i.type ?? 'PPI'), arg1: String(i.e1), arg2: String(i.e2), ref: { file, line: lineOf(i) } });
      for (const p of s.pair ?? [])
        if (String(p.interaction).toLowerCase() === 'true') relations.push({ type: String(p.type ?? 'PPI'), arg1: String(p.e1), arg2: String(p.e2), ref: { file, line: lineOf(p) } });
    }
    const doc: Document = { id, passages, mentions, relations, ref: { file, line: lineOf(d) } };
    validateDocument(doc, { file, knownTypes, relationArgs: 'annotationId', sink });
    docs.push(doc);
  }
  if (docs.length === 0) sink.report({ file, line: 1, message: 'no <document> element', fix: 'give a PPI-benchmark XML file' });
  return dropDuplicateDocuments(docs, sink);
}

export async function readPpiXmlFile(path: string, opts: ReaderOptions = {}): Promise<Document[]> {
  const file = opts.file ?? path;
  const sink = sinkOf(opts);
  return parsePpiXml(decodeInput(await readFile(path), file, sink), { ...opts, file, sink });
}
