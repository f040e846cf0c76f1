// JSON-lines text (one object per non-empty line), the format of every file passed between stages:
// instance sets, trainer events, predictions. A line that is not JSON, or not an object of the
// expected shape, is an InputError naming the file and the line.
import { InputError } from './errors.ts';

export interface JsonLine<T> {
  value: T;
  /** The line as written (without its newline), for copying it byte for byte. */
  raw: string;
  /** 1-based line number in the file. */
  line: number;
}

/** Every non-empty line of `text` as an object accepted by `valid`; `need` says what a refused one lacks. */
export function* jsonLines<T>(
  text: string,
  file: string,
  valid: (o: Partial<T>) => boolean,
  need: { message: string; fix: string },
): Generator<JsonLine<T>> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = i + 1;
    if (raw.trim() === '') continue;
    let o: Partial<T>;
    try {
      o = JSON.parse(raw);
    } catch {
      throw new InputError({ file, line, message: 'not valid JSON', fix: 'write one JSON object per line' });
    }
    if (typeof o !== 'object' || o === null || !valid(o)) throw new InputError({ file, line, ...need });
    yield { value: o as T, raw, line };
  }
}

/** The objects of JSON-lines text (see jsonLines). */
export function parseJsonLines<T>(text: string, file: string, valid: (o: Partial<T>) => boolean, need: { message: string; fix: string }): T[] {
  return Array.from(jsonLines(text, file, valid, need), (l) => l.value);
}
