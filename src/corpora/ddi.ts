// DDI corpus 2013 XML, read from inside DDICorpus-2013.zip:
// <document id><sentence id text><entity id charOffset="a-b[;c-d]" type text/>…<pair id e1 e2 ddi type/></sentence></document>
// charOffset is sentence-relative with an INCLUSIVE end ("70-84" = 15 characters).
import type { Document, Mention, Passage, Relation } from './types.ts';
import { dropDuplicateDocuments, knownTypeSet, LineIndex, sinkOf, validateDocument, type ReaderOptions } from './reader-common.ts';
import { decodeInput } from './text.ts';
import { corpusXmlParser, parseCorpusXml, XML_META as META } from './xml.ts';
import { zipMembers, ZIP_LIMITS, type ZipLimits } from './zip.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type XmlNode = any;

// One parser for all documents: building it per document costs more than parsing a small one.
const PARSER = corpusXmlParser({ arrays: ['document', 'sentence', 'entity', 'pair'], attributeNamePrefix: '' });

/**
 * Parses one DDI XML document. One Document per <document>, one passage per sentence (kind
 * `sentence`), passages joined with one space so offsets are document-global. Entity ids are the
 * mention ids; a discontinuous entity gives one mention per fragment with the same id. Only pairs
 * with ddi="true" become relations (type from the `type` attribute).
 */
export function parseDdiXml(text: string, opts: ReaderOptions = {}): Document[] {
  const file = opts.file ?? '<ddi-xml>';
  const sink = sinkOf(opts);
  const knownTypes = knownTypeSet(opts);
  if (text.trim() === '') {
    sink.report({ file, line: 1, message: 'file is empty: no DDI XML', fix: 'point to the right file, or fetch it again (biorex data fetch)' });
    return [];
  }
  const lines = new LineIndex(text);
  const lineOf = (n: XmlNode): number | undefined => {
    const meta = n?.[META] as { startIndex?: number } | undefined;
    return meta?.startIndex !== undefined ? lines.lineOf(meta.startIndex) : undefined;
  };
  const root = parseCorpusXml(PARSER, text, { file, sink, damagedFix: 'repair the XML (the archive may be damaged: fetch it again)' }) as XmlNode;
  if (root === undefined) return [];
  const docs: Document[] = [];
  for (const d of root?.document ?? []) {
    const passages: Passage[] = [];
    const mentions: Mention[] = [];
    const relations: Relation[] = [];
    let offset = 0;
    for (const s of d.sentence ?? []) {
      const sText = String(s.text ?? '');
      passages.push({ kind: 'sentence', offset, text: sText });
      for (const e of s.entity ?? []) {
        const ref = { file, line: lineOf(e) };
        const spans = String(e.charOffset ?? '').split(';');
        const parsed = spans.map((sp) => /^(\d+)-(\d+)$/.exec(sp.trim()));
        if (parsed.some((p) => !p)) {
          sink.report({ ...ref, message: `document ${d.id}: entity ${e.id} has malformed charOffset ${JSON.stringify(e.charOffset)}`, fix: 'write charOffset as start-end (inclusive end), fragments separated by ";"' });
          continue;
        }
        const single = parsed.length === 1;
        for (const p of parsed) {
          const start = Number(p![1]);
          const end = Number(p![2]) + 1; // inclusive → exclusive
          mentions.push({
            annotationId: String(e.id),
            start: offset + start,
            end: offset + end,
            // a discontinuous entity's `text` spans its fragments: each fragment carries its own slice
            text: single ? String(e.text ?? '') : sText.slice(start, end),
            type: String(e.type ?? ''),
            ids: [String(e.id)],
            ref,
          });
        }
      }
      for (const p of s.pair ?? []) {
        if (String(p.ddi).toLowerCase() !== 'true') continue;
        relations.push({ type: String(p.type ?? 'int'), arg1: String(p.e1), arg2: String(p.e2), ref: { file, line: lineOf(p) } });
      }
      offset += sText.length + 1;
    }
    const doc: Document = { id: String(d.id), passages, mentions, relations, ref: { file, line: lineOf(d) } };
    validateDocument(doc, { file, knownTypes, relationArgs: 'annotationId', sink });
    docs.push(doc);
  }
  if (docs.length === 0) sink.report({ file, line: 1, message: 'no <document> element', fix: 'give a DDI corpus XML file' });
  return dropDuplicateDocuments(docs, sink);
}

/** Reads the DDI documents under the given member folders of the zip, sorted by member name. */
export async function readDdiZip(zipPath: string, folders: readonly string[], opts: Omit<ReaderOptions, 'file'> & { limits?: ZipLimits } = {}): Promise<Document[]> {
  const sink = sinkOf(opts);
  const norm = folders.map((f) => (f.endsWith('/') ? f : `${f}/`));
  const accept = (name: string) => name.endsWith('.xml') && norm.some((f) => name.startsWith(f) && !name.slice(f.length).includes('/'));
  const docs: Document[] = [];
  let members = 0;
  for await (const m of zipMembers(zipPath, accept, opts.limits ?? ZIP_LIMITS)) {
    members++;
    const file = `${zipPath}!${m.name}`;
    docs.push(...parseDdiXml(decodeInput(m.data, file, sink), { ...opts, sink, file }));
  }
  if (members === 0)
    sink.report({ file: zipPath, message: `no XML documents under ${folders.join(', ')} in the archive`, fix: 'check the folder names in the registry against the archive listing (unzip -l)' });
  return dropDuplicateDocuments(docs, sink);
}
