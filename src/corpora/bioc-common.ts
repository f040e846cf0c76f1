// BioC (XML or JSON) → Document. Both readers first bring the file into this plain shape, so the
// mapping (and its normalisations) lives in one place.
import type { ProblemSink } from '../errors.ts';
import type { Document, Mention, Passage, Relation } from './types.ts';
import { dropDuplicateDocuments, splitIds, stripTypeSuffix, validateDocument } from './reader-common.ts';

export interface BiocAnnotationRaw {
  id?: string;
  infons: Record<string, string>;
  locations: { offset: number; length: number }[];
  text: string;
  line?: number;
}
export interface BiocPassageRaw {
  infons: Record<string, string>;
  offset: number;
  text: string;
  annotations: BiocAnnotationRaw[];
  line?: number;
}
export interface BiocRelationRaw {
  id?: string;
  infons: Record<string, string>;
  line?: number;
}
export interface BiocDocumentRaw {
  id: string;
  passages: BiocPassageRaw[];
  relations: BiocRelationRaw[];
  line?: number;
}

/** Infon keys that hold an annotation's concept id(s): BioRED `identifier`, CDR `MESH`. */
const ID_INFONS = ['identifier', 'Identifier', 'MESH'];

export interface BiocConvertOptions {
  file: string;
  separators: readonly string[];
  knownTypes?: ReadonlySet<string>;
  sink: ProblemSink;
}

/**
 * Maps BioC documents to the Document model. Normalisations (so that BioC and PubTator copies of a
 * corpus give identical documents):
 * - a passage without a `type` infon (BioRED's BioC JSON) is `title` when first, `abstract` otherwise;
 * - CDR `IndividualMention` annotations (the parts of a composite mention, often discontinuous) are
 *   dropped: the PubTator copy has no offsets for them; the composite mention keeps all its ids;
 * - an annotation with several locations becomes one mention per location (same annotation id).
 */
export function biocToDocuments(raw: BiocDocumentRaw[], opts: BiocConvertOptions): Document[] {
  const { file, sink } = opts;
  const docs: Document[] = [];
  for (const rd of raw) {
    const passages: Passage[] = [];
    const mentions: Mention[] = [];
    const relations: Relation[] = [];
    rd.passages.forEach((p, i) => {
      if (p.text === '' && p.annotations.length === 0) return; // an empty passage carries nothing
      passages.push({ kind: p.infons.type ?? (i === 0 ? 'title' : 'abstract'), offset: p.offset, text: p.text });
      for (const a of p.annotations) {
        if (a.infons.CompositeRole === 'IndividualMention') continue;
        const idField = ID_INFONS.map((k) => a.infons[k]).find((v) => v !== undefined) ?? '';
        const type = stripTypeSuffix(a.infons.type ?? '');
        const ids = splitIds(idField, opts.separators);
        const ref = { file, line: a.line ?? p.line ?? rd.line };
        if (a.locations.length === 0) {
          sink.report({ file, line: ref.line, message: `document ${rd.id}: annotation ${a.id ?? '?'} has no location`, fix: 'add <location offset=".." length=".."/> to the annotation' });
          continue;
        }
        for (const loc of a.locations) {
          const fragment = a.locations.length === 1 ? a.text : sliceAt(p, loc.offset, loc.length);
          mentions.push({
            ...(a.id !== undefined ? { annotationId: a.id } : {}),
            start: loc.offset,
            end: loc.offset + loc.length,
            text: fragment,
            type,
            ids,
            ref,
          });
        }
      }
    });
    for (const r of rd.relations) {
      const inf = r.infons;
      const arg1 = inf.entity1 ?? inf.Chemical;
      const arg2 = inf.entity2 ?? inf.Disease;
      const type = inf.type ?? inf.relation;
      if (arg1 === undefined || arg2 === undefined || type === undefined) {
        sink.report({
          file,
          line: r.line ?? rd.line,
          message: `document ${rd.id}: relation ${r.id ?? '?'} lacks its arguments or type (infons: ${Object.keys(inf).join(', ') || 'none'})`,
          fix: 'give the relation infons entity1, entity2 and type (BioRED) or Chemical, Disease and relation (CDR)',
        });
        continue;
      }
      relations.push({ type, arg1, arg2, ...(inf.novel !== undefined ? { novelty: inf.novel } : {}), ref: { file, line: r.line ?? rd.line } });
    }
    const doc: Document = { id: rd.id, passages, mentions, relations, ref: { file, line: rd.line } };
    validateDocument(doc, { file, knownTypes: opts.knownTypes, relationArgs: 'ids', sink });
    docs.push(doc);
  }
  if (raw.length === 0) sink.report({ file, line: 1, message: 'file holds no BioC documents', fix: 'point to the right file, or fetch it again (biorex data fetch)' });
  return dropDuplicateDocuments(docs, sink);
}

/** The text of a discontinuous fragment; the check against the passage then trivially holds unless
 * the location lies outside the passage, which validateDocument reports. */
function sliceAt(p: BiocPassageRaw, offset: number, length: number): string {
  const s = offset - p.offset;
  if (s < 0 || s + length > p.text.length) return '';
  return p.text.slice(s, s + length);
}
