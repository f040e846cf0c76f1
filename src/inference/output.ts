// PubTator output of `biorex predict`: the input's text and entity lines, then one relation line per
// predicted relation, `PMID<TAB>Type<TAB>ID1<TAB>ID2<TAB>confidence` (the shape of the reference's
// prediction files, read back by `biorex eval --pred`).
import { documentText, type Document } from '../corpora/index.ts';

export interface PredictedRelation {
  doc: string;
  type: string;
  /** Src / Tgt concept ids, as the instance stage oriented them. */
  id1: string;
  id2: string;
  confidence: number;
}

/** Title / abstract lines cannot hold line breaks or tabs: replaced by a space (offsets unchanged). */
const flat = (s: string): string => s.replace(/[\t\n\r]/g, ' ');

/** Text lines of a document as PubTator `|t|` / `|a|` lines, keeping document-global offsets valid. */
function textLines(doc: Document): string[] {
  const full = documentText(doc);
  if (doc.passages.length === 0) return [`${doc.id}|t|`, `${doc.id}|a|`];
  const first = doc.passages[0];
  const titleEnd = first.offset + first.text.length;
  // PubTator puts the abstract at len(title)+1: everything after the first passage goes there.
  return [`${doc.id}|t|${flat(full.slice(0, titleEnd))}`, `${doc.id}|a|${flat(full.slice(titleEnd + 1))}`];
}

/** Formats one confidence: 6 decimals are far below any threshold anyone sets. */
export function formatConfidence(p: number): string {
  return p.toFixed(6);
}

export function formatPubTator(docs: readonly Document[], relations: readonly PredictedRelation[]): string {
  const byDoc = new Map<string, PredictedRelation[]>();
  for (const r of relations) {
    const list = byDoc.get(r.doc) ?? [];
    list.push(r);
    byDoc.set(r.doc, list);
  }
  const out: string[] = [];
  for (const doc of docs) {
    out.push(...textLines(doc));
    const mentions = [...doc.mentions].sort((a, b) => a.start - b.start || a.end - b.end);
    for (const m of mentions) out.push([doc.id, m.start, m.end, flat(m.text), m.type, m.ids.join(';') || '-'].join('\t'));
    for (const r of byDoc.get(doc.id) ?? []) out.push([doc.id, r.type, r.id1, r.id2, formatConfidence(r.confidence)].join('\t'));
    out.push('');
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
