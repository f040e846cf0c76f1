// One error type for bad input: it always names where (file, line) and how to fix it.
export interface InputProblem {
  file: string;
  line?: number;
  message: string;
  fix: string;
}

export class InputError extends Error {
  readonly problem: InputProblem;
  constructor(problem: InputProblem) {
    super(formatProblem(problem));
    this.name = 'InputError';
    this.problem = problem;
  }
}

export function formatProblem(p: InputProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return escapeControl(`${where}: ${p.message}. Fix: ${p.fix}`);
}

// C0 and C1 controls, DEL, and the Unicode bidirectional overrides/isolates ("Trojan source"):
// text from input files (document ids, mention texts, file names) can carry them, and printed raw
// they move the cursor, recolour or hide the rest of the terminal line.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print on a terminal: control characters written as `\u001b` escapes. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Collects input problems. Strict (the default) throws on the first one; lenient records it and
 * lets the reader skip the offending line or item, so a caller can report how many were skipped.
 */
export class ProblemSink {
  readonly skipped: InputProblem[] = [];
  constructor(readonly lenient = false) {}
  report(p: InputProblem): void {
    if (!this.lenient) throw new InputError(p);
    this.skipped.push(p);
  }
}
