// Bytes of an input file → the text the readers parse. Input that would silently change meaning is
// refused (strict) or counted (lenient): invalid UTF-8 (Node would replace it by U+FFFD), NUL bytes,
// and — for the line-based formats — line endings that would merge lines (old Mac CR-only files).
import type { ProblemSink } from '../errors.ts';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT_UTF8 = new TextDecoder('utf-8', { fatal: false });

/** Byte offsets where an invalid UTF-8 sequence starts (WHATWG decoding: one per maximal bad subpart). */
export function invalidUtf8Offsets(bytes: Buffer, limit = Infinity): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length && out.length < limit) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else {
      out.push(i);
      i++;
      continue;
    }
    let j = 1;
    for (; j <= need; j++) {
      const c = bytes[i + j];
      const [l, h] = j === 1 ? [lo, hi] : [0x80, 0xbf];
      if (c === undefined || c < l || c > h) break;
    }
    if (j <= need) {
      out.push(i);
      i += j; // the maximal subpart is one replacement
    } else i += need + 1;
  }
  return out;
}

/**
 * Reports each offending line once (with its first offset and how many there are): strict throws on
 * the first, lenient records them all. Lines are LF-terminated (CR in a file without LF).
 */
function reportLines(bytes: Buffer, offsets: readonly number[], file: string, sink: ProblemSink, what: (n: number) => string, fix: string): void {
  const nl = bytes.indexOf(0x0a) >= 0 ? 0x0a : 0x0d;
  const byLine = new Map<number, { first: number; n: number }>();
  let line = 1;
  let next = bytes.indexOf(nl);
  for (const off of offsets) {
    while (next >= 0 && next < off) {
      line++;
      next = bytes.indexOf(nl, next + 1);
    }
    const e = byLine.get(line);
    if (e) e.n++;
    else byLine.set(line, { first: off, n: 1 });
  }
  for (const [l, { first, n }] of byLine) sink.report({ file, line: l, message: `${what(n)} at byte offset ${first}`, fix });
}

/**
 * Decodes an input file: UTF-8 checked (strict: refused with file, line and byte offset; lenient:
 * each line with bad bytes counted, the bytes decoded as U+FFFD), NUL bytes refused (lenient: counted
 * and read as a space, so offsets stay), a byte order mark dropped.
 */
export function decodeInput(bytes: Buffer, file: string, sink: ProblemSink): string {
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    const bad = invalidUtf8Offsets(bytes, sink.lenient ? Infinity : 1);
    reportLines(bytes, bad, file, sink, (n) => `not valid UTF-8: ${n === 1 ? 'an invalid byte sequence' : `${n} invalid byte sequences`}`, 'save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8), or fetch it again (biorex data fetch)');
    text = LENIENT_UTF8.decode(bytes);
  }
  if (bytes.indexOf(0) >= 0) {
    const nul: number[] = [];
    for (let i = bytes.indexOf(0); i >= 0; i = bytes.indexOf(0, i + 1)) nul.push(i);
    reportLines(bytes, nul, file, sink, (n) => (n === 1 ? 'a NUL byte' : `${n} NUL bytes`), 'remove the NUL bytes (the file may be damaged or not a text file: fetch it again)');
    text = text.replace(/\u0000/g, ' ');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/**
 * Line ends of a line-based format (PubTator, DrugProt TSV) as `\n`: CRLF → LF; a file with CR line
 * ends only (old Mac) is read line by line as intended. A lone CR inside a file with LF line ends is
 * ambiguous (a line end or a character of the text): strict refuses it, lenient counts it and reads
 * it as a line end.
 */
export function normaliseLineEnds(text: string, file: string, sink: ProblemSink): string {
  if (!text.includes('\r')) return text;
  if (!text.includes('\n')) return text.replace(/\r/g, '\n');
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) line++;
    else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)
      sink.report({
        file,
        line,
        message: 'a carriage return (CR) that is not followed by a line feed: mixed line endings (CR-only lines inside a file with LF line ends)',
        fix: 'convert the file to one kind of line ending (e.g. dos2unix, or tr "\\r" "\\n" for an old Mac file)',
      });
  }
  return text.replace(/\r\n?/g, '\n');
}
