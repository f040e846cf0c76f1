// A schema issue in English: zod's issue (code, path, expected) → a SpecProblem that names the key,
// the bad value and a fix with an example, suggesting the closest allowed word ("did you mean
// 'DDI'?"). Knows the spec's keys only through the schema itself and the examples below.
import { z } from 'zod';
import { CORPUS_NAMES } from './corpora.ts';
import { ExperimentSpecSchema } from './schema.ts';
import type { SpecProblem } from './spec-error.ts';

/** The problems one zod issue stands for (several for unknown keys and nested unions). */
export function describeIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  locate: (path: PropertyKey[], key?: string) => number | undefined,
): SpecProblem[] {
  const path = issue.path;
  const value = valueAt(raw, path);
  const p = formatPath(path);
  const what = describeWhat(path);
  const line = locate(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(path);
      return issue.keys.map((key) => ({
        path: formatPath([...path, key]),
        line: locate(path, key),
        value: key,
        message: `unknown key '${key}'`,
        fix: `${suggest(key, allowed)}allowed keys here: ${allowed.join(', ')}`,
      }));
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      if (value === undefined) {
        return [{ path: p, line, message: `missing ${what}`, fix: `add \`${lastKey(path)}: ${options[0]}\` (one of: ${options.join(', ')})` }];
      }
      return [{
        path: p, line, value,
        message: `unknown ${what} ${show(value)}`,
        fix: `${typeof value === 'string' ? suggest(value, options) : ''}use one of: ${options.join(', ')}`,
      }];
    }
    case 'invalid_type': {
      if (value === undefined) {
        return [{ path: p, line, message: `missing required key '${lastKey(path)}'`, fix: `add \`${lastKey(path)}: …\` (${exampleFor(path)})` }];
      }
      let fix = `write ${article(issue.expected)} here (${exampleFor(path)})`;
      if ((issue.expected === 'number' || issue.expected === 'int') && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
        fix = `write the number without quotes: ${Number(value)}`;
      } else if (issue.expected === 'array' && value !== null && typeof value !== 'object') {
        fix = `write a list, e.g. [${typeof value === 'string' ? value : JSON.stringify(value)}]`;
      }
      return [{ path: p, line, value, message: `expected ${article(issue.expected)}, got ${describeValue(value)}`, fix }];
    }
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const inclusive = issue.inclusive !== false;
      const rel = issue.code === 'too_small' ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
      if (issue.origin === 'array') {
        return [{ path: p, line, value, message: `needs ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`, fix: `list ${exampleFor(path)}` }];
      }
      if (issue.origin === 'string') return [{ path: p, line, value, message: 'must not be empty', fix: `write ${exampleFor(path)}` }];
      return [{ path: p, line, value, message: `${show(value)} is out of range: ${what} must be ${rel} ${bound}`, fix: `use a value ${rel} ${bound} (${exampleFor(path)})` }];
    }
    case 'invalid_format':
      return [{ path: p, line, value, message: `invalid ${what} ${show(value)}`, fix: issue.message }];
    case 'invalid_key':
      return [{ path: p, line, value, message: `invalid name`, fix: issue.issues[0]?.message ?? issue.message }];
    case 'invalid_union': {
      // Report the branch that matches the value's shape (a list for a list, a string for a string).
      const branches = issue.errors.filter((b) => b.length > 0);
      const deeper = branches.filter((b) => b.every((i) => i.path.length > 0));
      if (deeper.length > 0) {
        return deeper[0].flatMap((i) => describeIssue({ ...i, path: [...path, ...i.path] } as z.core.$ZodIssue, raw, locate));
      }
      const listBranch = issue.errors.some((b) => b.some((i) => i.code === 'invalid_type' && i.expected === 'array'));
      const fix =
        listBranch && value !== null && typeof value !== 'object'
          ? `write a list: [${String(value)}]${lastKey(path) === 'external' ? ' (or all)' : ''}`
          : `write ${exampleFor(path)}`;
      return [{ path: p, line, value, message: `${describeValue(value)} is not valid here (${exampleFor(path)})`, fix }];
    }
    default:
      return [{ path: p, line, value, message: issue.message, fix: `see docs/experiments.md (${exampleFor(path)})` }];
  }
}

const EXAMPLES: Record<string, string> = {
  name: 'e.g. table3',
  target: `one of ${CORPUS_NAMES.join(', ')}`,
  plm: 'a hub id such as microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract, or a list of them',
  configurations: 'e.g. [original, tl, mtl, biorex]',
  rows: 'e.g. [{external: [BC5CDR]}, {external: all}]',
  external: 'a list of corpora such as [BC5CDR, DDI], or all',
  pair: 'e.g. <C,D>',
  seeds: 'e.g. [13, 42, 87]',
  sizes: 'fractions in (0,1] or document counts, e.g. [100, 200, 0.5, 1]',
  folds: 'e.g. 10',
  epochs: 'e.g. 10',
  batch_size: 'e.g. 16',
  lr: 'e.g. 5e-5',
  warmup_ratio: 'e.g. 0.1',
  weight_decay: 'e.g. 0.01',
  max_length: 'e.g. 512',
  dropout: 'e.g. 0.1',
  grad_accum: 'e.g. 1',
  max_docs: 'e.g. 5',
  on: 'e.g. BioRED/test',
  criteria: 'e.g. [pair, pair+type] (also pair+novelty, all)',
  baseline: 'e.g. original',
  reference: 'e.g. paper/biorex-2023#table3',
};
function exampleFor(path: PropertyKey[]): string {
  const key = [...path].reverse().find((k) => typeof k === 'string') as string | undefined;
  return (key && EXAMPLES[key]) ?? 'see docs/experiments.md';
}

function describeWhat(path: PropertyKey[]): string {
  const key = [...path].reverse().find((k) => typeof k === 'string') as string | undefined;
  switch (key) {
    case 'target':
    case 'external':
      return 'corpus';
    case 'configurations':
    case 'baseline':
      return 'configuration';
    case 'criteria':
      return 'criterion';
    default:
      return key ? `value for '${key}'` : 'value';
  }
}

/** Keys allowed in the object at `path`, read from the schema itself. */
function allowedKeys(path: PropertyKey[]): string[] {
  let s: z.core.$ZodType | undefined = ExperimentSpecSchema as unknown as z.core.$ZodType;
  const unwrap = (t: z.core.$ZodType | undefined): z.core.$ZodType | undefined => {
    while (t) {
      const def = t._zod.def as unknown as Record<string, unknown>;
      if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) t = def.innerType as z.core.$ZodType;
      else break;
    }
    return t;
  };
  for (const k of path) {
    s = unwrap(s);
    if (!s) return [];
    const def = s._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'object') s = (def.shape as Record<string, z.core.$ZodType>)[String(k)];
    else if (def.type === 'array') s = def.element as z.core.$ZodType;
    else if (def.type === 'record') s = def.valueType as z.core.$ZodType;
    else if (def.type === 'union') s = (def.options as z.core.$ZodType[]).map(unwrap).find((o) => o?._zod.def.type === (typeof k === 'number' ? 'array' : 'object'));
    else return [];
  }
  s = unwrap(s);
  const def = s?._zod.def as unknown as Record<string, unknown> | undefined;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

// ---------------------------------------------------------------------------------------------
// helpers

/** "did you mean 'DDI'? " when a close candidate exists (edit distance ≤ 2, case ignored), else ''. */
export function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.min(2, Math.floor(word.length / 3)));
  return best !== undefined && bestD <= limit ? `did you mean '${best}'? ` : '';
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out;
}

export function splitPath(path: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k as string];
  }
  return v;
}

function lastKey(path: readonly PropertyKey[]): string {
  return String(path[path.length - 1] ?? '');
}

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

function describeValue(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (Array.isArray(v)) return `a list ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${show(v)}`;
}

function article(expected: string): string {
  const names: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'a string', array: 'a list', object: 'a mapping', boolean: 'true or false' };
  return names[expected] ?? expected;
}
