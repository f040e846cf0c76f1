// What every reader shares: options, id splitting, and the one document validator (offsets match
// the text, mentions inside a passage, known entity types, relations name entities that exist).
import { ProblemSink, type InputProblem } from '../errors.ts';
import type { Document, Mention, Relation, SourceRef } from './types.ts';

export interface ReaderOptions {
  /** File name used in messages (the reader of a string has no file of its own). */
  file?: string;
  /** Separators of a composite id field (`D001943,D010051`). Default `[',', ';']`. */
  separators?: readonly string[];
  /** When given, a mention whose type is not in it is an error. */
  knownTypes?: ReadonlySet<string> | readonly string[];
  /** Skip bad lines/items and record them instead of throwing on the first one. */
  lenient?: boolean;
  /** Shared sink (overrides `lenient`); lets a caller collect the problems of several files. */
  sink?: ProblemSink;
}

export const DEFAULT_SEPARATORS: readonly string[] = [',', ';'];

export function sinkOf(opts: ReaderOptions): ProblemSink {
  return opts.sink ?? new ProblemSink(opts.lenient ?? false);
}

export function knownTypeSet(opts: ReaderOptions): ReadonlySet<string> | undefined {
  const k = opts.knownTypes;
  if (k === undefined) return undefined;
  return k instanceof Set ? k : new Set(k as readonly string[]);
}

/** Splits a composite id field on any of the separators; parts are trimmed, empty parts dropped. */
export function splitIds(field: string, separators: readonly string[] = DEFAULT_SEPARATORS): string[] {
  let parts = [field];
  for (const sep of separators) parts = parts.flatMap((p) => p.split(sep));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** `Gene (Tax:9606)` → `Gene`: a trailing parenthesised qualifier is not part of the type. */
export function stripTypeSuffix(type: string): string {
  return type.replace(/\s+\([^()]*\)$/, '').trim();
}

/** 1-based line of a character index, from a precomputed list of line starts (LF, CRLF or CR line ends). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    const re = /\r\n?|\n/g;
    for (let m = re.exec(text); m; m = re.exec(text)) this.starts.push(m.index + m[0].length);
  }
  lineOf(index: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

export interface ValidateOptions {
  file: string;
  knownTypes?: ReadonlySet<string>;
  /** What relation arguments name: concept ids (`ids`) or annotation ids (`annotationId`, DrugProt/DDI). */
  relationArgs: 'ids' | 'annotationId';
  sink: ProblemSink;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/**
 * Checks a document in place. Strict sinks throw on the first problem; lenient sinks record it and
 * the offending mention or relation is removed. Returns the number of items removed.
 */
export function validateDocument(doc: Document, opts: ValidateOptions): number {
  const { sink, knownTypes } = opts;
  const problem = (item: { ref?: { file: string; line?: number } }, message: string, fix: string): void => {
    const p: InputProblem = { file: item.ref?.file ?? opts.file, line: item.ref?.line ?? doc.ref?.line, message, fix };
    sink.report(p);
  };
  let removed = 0;
  const keptMentions: Mention[] = [];
  for (const m of doc.mentions) {
    const passage = doc.passages.find((p) => m.start >= p.offset && m.end <= p.offset + p.text.length);
    const label = m.annotationId ? `mention ${m.annotationId} ${quote(m.text)}` : `mention ${quote(m.text)}`;
    if (!(Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.end > m.start)) {
      problem(m, `document ${doc.id}: ${label} has invalid offsets ${m.start}-${m.end}`, 'give a start offset below the end offset, both non-negative integers');
    } else if (!passage) {
      problem(
        m,
        `document ${doc.id}: ${label} at ${m.start}-${m.end} is not inside any passage (passages: ${doc.passages
          .map((p) => `${p.kind} ${p.offset}-${p.offset + p.text.length}`)
          .join(', ')})`,
        'correct the offsets so the mention lies inside the title, abstract or sentence it belongs to',
      );
    } else if (passage.text.slice(m.start - passage.offset, m.end - passage.offset) !== m.text) {
      problem(
        m,
        `document ${doc.id}: ${label} does not match the text at ${m.start}-${m.end}, which reads ${quote(
          passage.text.slice(m.start - passage.offset, m.end - passage.offset),
        )}`,
        'correct the offsets (document-global, end exclusive) or the mention text so that text.slice(start, end) equals the mention',
      );
    } else if (knownTypes && !knownTypes.has(m.type)) {
      problem(
        m,
        `document ${doc.id}: ${label} has unknown entity type ${quote(m.type)} (known: ${[...knownTypes].join(', ')})`,
        "use one of the corpus's entity types, or add the type to the corpus's entityTypes in the registry",
      );
    } else {
      keptMentions.push(m);
      continue;
    }
    removed++;
  }
  doc.mentions = keptMentions;

  const names = new Set<string>();
  for (const m of keptMentions) {
    if (opts.relationArgs === 'ids') {
      for (const id of m.ids) {
        names.add(id);
        // tmVar variant ids carry their gene (`CorrespondingGene:7054`); PharmGKB relations name
        // that gene even when the gene itself is only mentioned through the variant.
        if (id.startsWith('CorrespondingGene:')) names.add(id.slice('CorrespondingGene:'.length));
      }
    }
    else if (m.annotationId !== undefined) names.add(m.annotationId);
  }
  const keptRelations: Relation[] = [];
  for (const r of doc.relations) {
    const missing = [r.arg1, r.arg2].filter((a) => !names.has(a));
    if (missing.length > 0) {
      problem(
        r,
        `document ${doc.id}: relation ${r.type} ${r.arg1} ${r.arg2} names ${missing
          .map(quote)
          .join(' and ')}, which no mention of the document carries`,
        opts.relationArgs === 'ids'
          ? 'use the concept id of a mention in this document, or add the missing mention'
          : 'use the id of an entity annotated in this document, or add the missing entity',
      );
      removed++;
    } else keptRelations.push(r);
  }
  doc.relations = keptRelations;
  return removed;
}

function whereOf(ref: SourceRef | undefined): string {
  if (!ref) return 'an earlier document';
  return ref.line !== undefined ? `${ref.file}:${ref.line}` : ref.file;
}

/**
 * Keeps the first document of each id. A repeated id would train on the document twice (and rename
 * its instances `#2`): strict throws naming both places, lenient skips the repeat and records it.
 * `seen` carries the ids of earlier files (one split read from several files); `allowed` lists ids
 * the registry knows to repeat across files (EMU's PMID 18565893, annotated in both of its files).
 */
export function dropDuplicateDocuments(docs: readonly Document[], sink: ProblemSink, seen = new Map<string, SourceRef | undefined>(), allowed: ReadonlySet<string> = new Set()): Document[] {
  const kept: Document[] = [];
  for (const d of docs) {
    if (seen.has(d.id) && !(allowed.has(d.id) && seen.get(d.id)?.file !== d.ref?.file)) {
      sink.report({
        file: d.ref?.file ?? '<documents>',
        line: d.ref?.line,
        message: `document ${d.id} appears again (first at ${whereOf(seen.get(d.id))}): a repeated document would be trained on twice`,
        fix: 'keep one copy of each document; if the two are meant to be different documents, give them different ids',
      });
      continue;
    }
    if (!seen.has(d.id)) seen.set(d.id, d.ref);
    kept.push(d);
  }
  return kept;
}
