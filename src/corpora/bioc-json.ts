// BioC JSON reader (BioRED ships Dev/Test as BioC JSON).
import { readFile } from 'node:fs/promises';
import type { Document } from './types.ts';
import { DEFAULT_SEPARATORS, knownTypeSet, LineIndex, sinkOf, type ReaderOptions } from './reader-common.ts';
import { biocToDocuments, type BiocDocumentRaw } from './bioc-common.ts';
import { decodeInput } from './text.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * JSON.parse gives no positions, so lines are found by walking the `"id": "…"` occurrences of the
 * file in order (documents, then their annotations and relations, appear in file order).
 */
class IdLines {
  private readonly hits: { value: string; line: number }[] = [];
  private cursor = 0;
  constructor(text: string) {
    const lines = new LineIndex(text);
    for (const m of text.matchAll(/"id"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) this.hits.push({ value: m[1], line: lines.lineOf(m.index ?? 0) });
  }
  next(value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    for (let i = this.cursor; i < this.hits.length; i++) {
      if (this.hits[i].value === value) {
        this.cursor = i + 1;
        return this.hits[i].line;
      }
    }
    return undefined;
  }
}

function infons(o: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o?.infons ?? {})) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

export function parseBiocJson(text: string, opts: ReaderOptions = {}): Document[] {
  const file = opts.file ?? '<bioc-json>';
  const sink = sinkOf(opts);
  if (text.trim() === '') {
    sink.report({ file, line: 1, message: 'file is empty: no BioC JSON', fix: 'point to the right file, or fetch it again (biorex data fetch)' });
    return [];
  }
  let root: Json;
  try {
    root = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    sink.report({ file, line: pos ? new LineIndex(text).lineOf(Number(pos[1])) : undefined, message: `not valid JSON: ${msg}`, fix: 'repair the JSON (the file may be truncated: fetch it again)' });
    return [];
  }
  if (!Array.isArray(root?.documents)) {
    sink.report({ file, line: 1, message: 'no "documents" array: not a BioC JSON collection', fix: 'give a BioC JSON file ({"documents": [...]})' });
    return [];
  }
  const ids = new IdLines(text);
  const raw: BiocDocumentRaw[] = root.documents.map((d: Json) => {
    const id = String(d.id ?? '');
    const line = ids.next(id);
    return {
      id,
      line,
      passages: (d.passages ?? []).map((p: Json) => ({
        infons: infons(p),
        offset: Number(p.offset),
        text: String(p.text ?? ''),
        line,
        annotations: (p.annotations ?? []).map((a: Json) => ({
          id: a.id === undefined ? undefined : String(a.id),
          infons: infons(a),
          locations: (a.locations ?? []).map((l: Json) => ({ offset: Number(l.offset), length: Number(l.length) })),
          text: String(a.text ?? ''),
          line: ids.next(a.id === undefined ? undefined : String(a.id)) ?? line,
        })),
      })),
      relations: (d.relations ?? []).map((r: Json) => ({
        id: r.id === undefined ? undefined : String(r.id),
        infons: infons(r),
        line: ids.next(r.id === undefined ? undefined : String(r.id)) ?? line,
      })),
    };
  });
  return biocToDocuments(raw, { file, separators: opts.separators ?? DEFAULT_SEPARATORS, knownTypes: knownTypeSet(opts), sink });
}

export async function readBiocJsonFile(path: string, opts: ReaderOptions = {}): Promise<Document[]> {
  const file = opts.file ?? path;
  const sink = sinkOf(opts);
  return parseBiocJson(decodeInput(await readFile(path), file, sink), { ...opts, file, sink });
}
