// Sentence boundaries for sentence-level (b2) corpora, in document-global offsets.
import { split } from 'sentence-splitter';
import type { Document, Mention } from '../corpora/index.ts';

export interface Sentence {
  start: number;
  end: number;
}

/**
 * Abbreviations for sentence-splitter's AbbrMarker, chosen for biomedical abstracts instead of its
 * default English list (US states, months, titles), which knows neither `e.g.`, `i.e.`, `et al.`, `vs.`
 * nor `Fig.` and matches `pH.` as `Ph.`. Matching is case-insensitive, so nothing here may also be a
 * sentence-final token of biomedical text (`No.` would swallow "… nitric oxide (NO). This …").
 * Prepositive: never a sentence end. Plain: not an end unless the next word is capitalised.
 */
export const BIOMEDICAL_ABBREVIATIONS = {
  PREPOSITIVE_ABBREVIATIONS: ['Dr.', 'Drs.', 'Prof.', 'Mr.', 'Mrs.', 'Ms.', 'St.', 'Fig.', 'Figs.', 'Ref.', 'Refs.', 'Eq.', 'Vol.', 'vs.', 'cf.', 'e.g.', 'i.e.', 'viz.', 'approx.', 'ca.', 'Suppl.'],
  ABBREVIATIONS: ['al.', 'etc.', 'resp.', 'sp.', 'spp.', 'var.', 'incl.', 'del.', 'Jr.', 'Sr.', 'Inc.', 'Ltd.', 'Co.', 'Corp.'],
  EXCLAMATION_WORDS: [] as string[],
};

// The splitter costs ~2 ms per abstract; a merged build sees each text up to four times.
const splitCache = new Map<string, [number, number][]>();

/** Sentence ranges of one text (relative offsets), from sentence-splitter, cached by text. */
export function splitText(text: string): [number, number][] {
  let r = splitCache.get(text);
  if (!r) {
    r = [];
    for (const node of split(text, { AbbrMarker: { language: BIOMEDICAL_ABBREVIATIONS } })) {
      if (node.type !== 'Sentence') continue;
      const [s, e] = node.range;
      if (text.slice(s, e).trim() !== '') r.push([s, e]);
    }
    if (splitCache.size > 50_000) splitCache.clear();
    splitCache.set(text, r);
  }
  return r;
}

/**
 * `split`: the sentence-splitter library on each passage (ranges kept, shifted by the passage
 * offset). `passages`: each non-empty passage is one sentence (DDI, AIMed give one per record).
 * Sentences the splitter cut inside a mention are merged, so a mention always lies in one sentence
 * (the reference drops such mentions instead).
 */
export function sentencesOf(doc: Document, source: 'split' | 'passages', mentions: readonly Mention[] = doc.mentions): Sentence[] {
  const raw: Sentence[] = [];
  for (const p of doc.passages) {
    if (p.text.trim() === '') continue;
    if (source === 'passages') {
      raw.push({ start: p.offset, end: p.offset + p.text.length });
      continue;
    }
    for (const [s, e] of splitText(p.text)) raw.push({ start: p.offset + s, end: p.offset + e });
  }
  raw.sort((a, b) => a.start - b.start);
  if (raw.length <= 1) return raw;

  // mergeTo[i] = last sentence index that sentence i must be merged with
  const mergeTo = raw.map((_, i) => i);
  for (const m of mentions) {
    const i = sentenceIndexAt(raw, m.start);
    const j = sentenceIndexAt(raw, Math.max(m.start, m.end - 1));
    if (j > mergeTo[i]) mergeTo[i] = j;
  }
  const out: Sentence[] = [];
  for (let i = 0; i < raw.length; ) {
    let last = mergeTo[i];
    for (let k = i; k <= last; k++) last = Math.max(last, mergeTo[k]);
    out.push({ start: raw[i].start, end: Math.max(...raw.slice(i, last + 1).map((s) => s.end)) });
    i = last + 1;
  }
  return out;
}

/** Index of the sentence containing `pos` (the last one starting at or before it; 0 before the first). */
export function sentenceIndexAt(sentences: readonly Sentence[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sentences[mid].start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
