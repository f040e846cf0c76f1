// The in-memory document model every reader produces and every later stage reads.
// Offsets are document-global character offsets into the concatenation of passages
// (passage i starts at passages[i].offset; PubTator convention: title at 0, abstract at len(title)+1).

export interface SourceRef {
  file: string;
  line?: number;
}

export interface Passage {
  /** 'title' | 'abstract' | 'sentence' | 'text' … as given by the source format. */
  kind: string;
  offset: number;
  text: string;
}

export interface Mention {
  /** Annotation id where the format has one (DrugProt `T12`, DDI entity id, BioC annotation id). */
  annotationId?: string;
  start: number;
  end: number;
  text: string;
  /** The type as written in the source (e.g. `GeneOrGeneProduct`, `GENE-Y`, `drug`). */
  type: string;
  /** One or several concept ids (composite ids split on the corpus's separators); `-`/`-1` kept as given. */
  ids: string[];
  ref?: SourceRef;
}

export interface Relation {
  /** Relation type as written in the source (e.g. `Association`, `CID`, `INHIBITOR`, `effect`). */
  type: string;
  /** Concept ids (or mention-level ids for DrugProt/DDI/AIMed/HPRD50) of the two arguments. */
  arg1: string;
  arg2: string;
  /** BioRED novelty column (`Novel` / `No`) when present. */
  novelty?: string;
  ref?: SourceRef;
}

export interface Document {
  id: string;
  passages: Passage[];
  mentions: Mention[];
  relations: Relation[];
  ref?: SourceRef;
}

/** Full text of a document: passages joined at their offsets (gaps filled with spaces). */
export function documentText(doc: Document): string {
  let out = '';
  for (const p of doc.passages) {
    if (out.length < p.offset) out += ' '.repeat(p.offset - out.length);
    out = out.slice(0, p.offset) + p.text;
  }
  return out;
}
