// Entity boundary tags and the prompt (paper Figure 3).

export interface TagSpan {
  /** Document-global offsets, end exclusive. */
  start: number;
  end: number;
  open: string;
  close: string;
}

/**
 * Overlapping spans become one tag around their union, with the tag of the span that starts first
 * (the longer one when two start together): nested mentions are tagged once, on the outer span.
 */
export function mergeSpans(spans: readonly TagSpan[]): TagSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TagSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      if (s.end > last.end) last.end = s.end;
      continue;
    }
    out.push({ ...s });
  }
  return out;
}

/**
 * The text of [from, to) of `text` with tags inserted around the given spans (document-global
 * offsets; spans outside the window are ignored, spans crossing its edge are clipped). Tags are
 * placed by walking the text once, so they can never be misplaced by earlier insertions.
 */
export function tagWindow(text: string, from: number, to: number, spans: readonly TagSpan[]): string {
  const parts: string[] = [];
  let pos = from;
  for (const s of mergeSpans(spans)) {
    const start = Math.max(s.start, from);
    const end = Math.min(s.end, to);
    if (end <= start) continue;
    parts.push(text.slice(pos, start), s.open, text.slice(start, end), s.close);
    pos = end;
  }
  parts.push(text.slice(pos, to));
  return parts.join('');
}

/** `What is the relation in BioRED between <D>anxiety</D> and <G>beta-adrenergic receptors</G> ? [SEP] ` */
export function promptText(
  promptName: string,
  first: { name: string; open: string; close: string },
  second: { name: string; open: string; close: string },
): string {
  return `What is the relation in ${promptName} between ${first.open}${first.name}${first.close} and ${second.open}${second.name}${second.close} ? [SEP] `;
}
