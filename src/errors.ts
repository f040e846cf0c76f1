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
  return `${where}: ${p.message}. Fix: ${p.fix}`;
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
