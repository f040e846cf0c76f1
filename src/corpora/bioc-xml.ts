// BioC XML reader (BioRED, BC5CDR), on fast-xml-parser.
import { readFile } from 'node:fs/promises';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Document } from './types.ts';
import { DEFAULT_SEPARATORS, knownTypeSet, LineIndex, sinkOf, type ReaderOptions } from './reader-common.ts';
import { biocToDocuments, type BiocAnnotationRaw, type BiocDocumentRaw } from './bioc-common.ts';

const ARRAYS = new Set(['document', 'passage', 'annotation', 'location', 'relation', 'infon', 'node']);
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type XmlNode = any;

export function xmlParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    trimValues: false, // passage text keeps its exact characters: offsets depend on them
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ARRAYS.has(name),
    captureMetaData: true,
    processEntities: { enabled: true, maxTotalExpansions: Number.MAX_SAFE_INTEGER, maxExpandedLength: Number.MAX_SAFE_INTEGER },
  });
}

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
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    sink.report({ file, line: valid.err.line, message: `not well-formed XML: ${valid.err.msg}`, fix: 'repair the XML (the file may be truncated: fetch it again)' });
    return [];
  }
  const root: XmlNode = xmlParser().parse(text);
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
  return parseBiocXml(await readFile(path, 'utf8'), { ...opts, file: opts.file ?? path });
}
