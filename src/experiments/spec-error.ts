// The error every spec problem is reported with: all problems of a file at once, each naming the
// file:line, the path into the spec (`rows[1].external[0]`), the bad value and the fix.
import { InputError } from '../errors.ts';

export interface SpecProblem {
  /** Dotted path into the spec, e.g. `rows[1].external[0]`; '' for the whole file. */
  path: string;
  line?: number;
  value?: unknown;
  message: string;
  fix: string;
}

/** All problems of one spec file; `message` lists them, one per line, as `file:line: path: …`. */
export class SpecError extends InputError {
  readonly problems: SpecProblem[];
  constructor(
    readonly file: string,
    problems: SpecProblem[],
  ) {
    const first = problems[0];
    super({ file, line: first.line, message: first.message, fix: first.fix });
    this.problems = problems;
    this.message =
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in experiment spec ${file}:\n` +
      problems.map((p) => '  ' + formatSpecProblem(file, p)).join('\n');
    this.name = 'SpecError';
  }
}

export function formatSpecProblem(file: string, p: SpecProblem): string {
  const where = p.line !== undefined ? `${file}:${p.line}` : file;
  return `${where}: ${p.path ? p.path + ': ' : ''}${p.message}. Fix: ${p.fix}`;
}

/** Problems in file order (those without a line last). */
export function sortProblems(ps: SpecProblem[]): SpecProblem[] {
  return [...ps].sort((a, b) => (a.line ?? 1e9) - (b.line ?? 1e9));
}
