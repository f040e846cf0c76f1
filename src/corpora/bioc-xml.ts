// BioC XML reader (BioRED, BC5CDR), on fast-xml-parser.
import { readFile } from 'node:fs/promises';
import type { Document } from './types.ts';
import { DEFAULT_SEPARATORS, knownTypeSet, LineIndex, sinkOf, type ReaderOptions } from './reader-common.ts';
import { biocToDocuments, type BiocAnnotationRaw, type BiocDocumentRaw } from './bioc-common.ts';
import { decodeInput } from './text.ts';
import { corpusXmlParser, parseCorpusXml, XML_META as META } from './xml.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type XmlNode = any;

const PARSER = corpusXmlParser({ arrays: ['document', 'passage', 'annotation', 'location', 'relation', 'infon', 'node'], attributeNamePrefix: '@_' });

function textOf(node: XmlNode): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && '#text' in node) return String(node['#text']);
  return '';
}

function infonsOf(node: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const inf of node?.infon ?? []) {
    const key = inf?.['@_key'];
    if (typeof key === 'string') out[key] = textOf(inf).trim();
  }
  return out;
}

/** Parses BioC XML text. */
export function parseBiocXml(text: string, opts: ReaderOptions = {}): Document[] {
  const file = opts.file ?? '<bioc-xml>';
  const sink = sinkOf(opts);
  const lines = new LineIndex(text);
  const lineOf = (node: XmlNode): number | undefined => {
    const meta = node?.[META] as { startIndex?: number } | undefined;
    return meta?.startIndex !== undefined ? lines.lineOf(meta.startIndex) : undefined;
  };
  if (text.trim() === '') {
    sink.report({ file, line: 1, message: 'file is empty: no BioC XML', fix: 'point to the right file, or fetch it again (biorex data fetch)' });
    return [];
  }
  const root = parseCorpusXml(PARSER, text, { file, sink, damagedFix: 'repair the XML (the file may be truncated: fetch it again)' }) as XmlNode;
  if (root === undefined) return [];
  const collection = root?.collection;
  if (!collection) {
    sink.report({ file, line: 1, message: 'no <collection> element: not a BioC XML file', fix: 'give a BioC XML file (<collection><document>…)' });
    return [];
  }
  const raw: BiocDocumentRaw[] = [];
  for (const d of collection.document ?? []) {
    const id = textOf(d.id).trim();
    raw.push({
      id,
      line: lineOf(d),
      passages: (d.passage ?? []).map((p: XmlNode) => ({
        infons: infonsOf(p),
        offset: Number(textOf(p.offset).trim()),
        text: textOf(p.text),
        line: lineOf(p),
        annotations: (p.annotation ?? []).map(
          (a: XmlNode): BiocAnnotationRaw => ({
            id: a['@_id'],
            infons: infonsOf(a),
            locations: (a.location ?? []).map((l: XmlNode) => ({ offset: Number(l['@_offset']), length: Number(l['@_length']) })),
            text: textOf(a.text),
            line: lineOf(a),
          }),
        ),
      })),
      relations: (d.relation ?? []).map((r: XmlNode) => ({ id: r['@_id'], infons: infonsOf(r), line: lineOf(r) })),
    });
  }
  return biocToDocuments(raw, { file, separators: opts.separators ?? DEFAULT_SEPARATORS, knownTypes: knownTypeSet(opts), sink });
}

export async function readBiocXmlFile(path: string, opts: ReaderOptions = {}): Promise<Document[]> {
  const file = opts.file ?? path;
  const sink = sinkOf(opts);
  return parseBiocXml(decodeInput(await readFile(path), file, sink), { ...opts, file, sink });
}
