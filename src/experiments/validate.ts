// Spec loading and validation: YAML syntax (file:line), the zod schema, and cross-field rules.
// Every problem names the path (`rows[1].external[0]`), the bad value and the fix; all problems
// of a file are reported at once, and nothing runs on an invalid spec.
import { readFileSync } from 'node:fs';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { CORPUS_FACTS, CORPUS_NAMES, type CorpusName } from './corpora.ts';
import {
  DATA_KEYS,
  ExperimentSpecSchema,
  TRAINING_KEYS,
  type ExperimentSpec,
  type ExperimentSpecInput,
} from './schema.ts';

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

export interface LoadedSpec {
  spec: ExperimentSpec;
  /** Non-fatal notes (e.g. TL/MTL skipping corpora without entity spans). */
  warnings: string[];
  file: string;
  profile?: string;
}

// ---------------------------------------------------------------------------------------------
// entry points

export function loadSpecFile(file: string, opts: { profile?: string } = {}): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError({
      file,
      message: `cannot read the experiment spec (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      fix: 'check the path (specs live in experiments/, e.g. experiments/quickstart.yaml)',
    });
  }
  return parseSpec(text, file, opts);
}

export function parseSpec(text: string, file = '<spec>', opts: { profile?: string } = {}): LoadedSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SpecError(
      file,
      doc.errors.map((e) => ({
        path: '',
        line: lines.linePos(e.pos[0]).line,
        message: `YAML syntax error: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        fix: 'correct the YAML syntax at that line (indentation, a missing ":" or an unclosed bracket or quote)',
      })),
    );
  }
  const raw = doc.toJS() as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SpecError(file, [
      { path: '', line: 1, message: 'the spec must be a YAML mapping (key: value lines)', fix: 'start with `name: my-experiment`' },
    ]);
  }
  const locate = (path: PropertyKey[], key?: string) => lineOf(doc, lines, path, key);
  return validateSpec(raw as Record<string, unknown>, { file, profile: opts.profile, locate });
}

/** Validates a parsed spec object (and the selected profile); throws SpecError listing every problem. */
export function validateSpec(
  raw: Record<string, unknown>,
  opts: { file?: string; profile?: string; locate?: (path: PropertyKey[], key?: string) => number | undefined } = {},
): LoadedSpec {
  const file = opts.file ?? '<spec>';
  const locate = opts.locate ?? (() => undefined);
  const parsed = ExperimentSpecSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SpecError(file, sortProblems(parsed.error.issues.flatMap((i) => describeIssue(i, raw, locate))));
  }
  const base = parsed.data;
  let spec = base;
  let prefix = '';
  if (opts.profile !== undefined) {
    const profiles = base.profiles ?? {};
    if (!(opts.profile in profiles)) {
      const names = Object.keys(profiles);
      throw new SpecError(file, [
        {
          path: 'profiles',
          line: locate(['profiles']),
          value: opts.profile,
          message: `no profile '${opts.profile}' in this spec`,
          fix: names.length
            ? `${suggest(opts.profile, names)}use one of: ${names.join(', ')}`
            : `add \`profiles: { ${opts.profile}: { epochs: 1, max_docs: 5 } }\` or drop --profile`,
        },
      ]);
    }
    const merged = applyProfile(raw, opts.profile);
    const again = ExperimentSpecSchema.safeParse(merged);
    prefix = `with profile ${opts.profile}: `;
    if (!again.success) {
      throw new SpecError(
        file,
        again.error.issues.flatMap((i) => describeIssue(i, merged, () => locate(['profiles', opts.profile!]))).map((p) => ({
          ...p,
          message: prefix + p.message,
        })),
      );
    }
    spec = again.data;
  }
  const warnings: string[] = [];
  const problems = crossCheck(spec, warnings).map((p) => ({
    ...p,
    line: prefix ? locate(['profiles', opts.profile!]) ?? locate(splitPath(p.path)) : locate(splitPath(p.path)),
    message: prefix + p.message,
  }));
  if (problems.length > 0) throw new SpecError(file, sortProblems(problems));
  return { spec, warnings, file, profile: opts.profile };
}

/** Merges a profile's overrides into the raw spec (top-level training/data keys are shortcuts). */
export function applyProfile(raw: Record<string, unknown>, name: string): Record<string, unknown> {
  const profiles = (raw.profiles ?? {}) as Record<string, Record<string, unknown>>;
  const profile = profiles[name] ?? {};
  const out: Record<string, unknown> = { ...raw };
  const training = { ...((raw.training as object) ?? {}) } as Record<string, unknown>;
  const data = { ...((raw.data as object) ?? {}) } as Record<string, unknown>;
  const evaluate = { ...((raw.evaluate as object) ?? {}) } as Record<string, unknown>;
  for (const [k, v] of Object.entries(profile)) {
    if (k === 'training') Object.assign(training, v);
    else if (k === 'data') Object.assign(data, v);
    else if (k === 'evaluate') Object.assign(evaluate, v);
    else if ((TRAINING_KEYS as string[]).includes(k)) training[k] = v;
    else if ((DATA_KEYS as string[]).includes(k)) data[k] = v;
    else out[k] = v;
  }
  out.training = training;
  out.data = data;
  out.evaluate = evaluate;
  return out;
}

// ---------------------------------------------------------------------------------------------
// cross-field rules (what a JSON Schema cannot express)

function crossCheck(spec: ExperimentSpec, warnings: string[]): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const add = (path: string, value: unknown, message: string, fix: string) => problems.push({ path, value, message, fix });
  const target = spec.target;
  const configs = spec.configurations;
  const needsRows = configs.some((c) => c !== 'original');

  configs.forEach((c, i) => {
    if (configs.indexOf(c) !== i) add(`configurations[${i}]`, c, `'${c}' is listed twice`, 'list each configuration once');
  });
  if (needsRows && !spec.rows) {
    add('rows', undefined, `configurations ${configs.filter((c) => c !== 'original').join(', ')} need training rows`,
      'add e.g. `rows: [{external: [BC5CDR]}, {external: all}]`');
  }
  (spec.rows ?? []).forEach((row, r) => {
    if (row.external === 'all') return;
    row.external.forEach((c, j) => {
      const path = `rows[${r}].external[${j}]`;
      if (c === target) add(path, c, `'${c}' is the target corpus`, 'list only the external corpora; the target is always trained on');
      else if (row.external.indexOf(c) !== j) add(path, c, `'${c}' is listed twice in this row`, 'list each corpus once');
    });
    if (row.external.length === 0 && configs.some((c) => c === 'tl' || c === 'mtl')) {
      add(`rows[${r}].external`, [], 'TL and MTL need at least one external corpus', 'name external corpora or remove tl/mtl');
    }
    const spanless = row.external.filter((c) => !CORPUS_FACTS[c].spans);
    for (const c of configs.filter((c) => c === 'tl' || c === 'mtl')) {
      if (spanless.length === 0) continue;
      const left = row.external.filter((x) => CORPUS_FACTS[x].spans);
      warnings.push(
        `rows[${r}]: ${c} cannot use ${spanless.join(', ')} (no entity spans; paper Table 3 "–")` +
          (left.length ? `; ${c} trains on ${left.join(', ')} only` : `; no ${c} run for this row`),
      );
    }
  });
  (spec.rows ?? []).forEach((row, r) => {
    const key = JSON.stringify([row.external === 'all' ? 'all' : [...row.external].sort(), row.pair ?? null]);
    const first = (spec.rows ?? []).findIndex(
      (o) => JSON.stringify([o.external === 'all' ? 'all' : [...o.external].sort(), o.pair ?? null]) === key,
    );
    if (first !== r) add(`rows[${r}]`, row, `same training combination and pair as rows[${first}]`, 'remove the duplicate row');
  });

  spec.seeds.forEach((s, i) => {
    if (spec.seeds.indexOf(s) !== i) add(`seeds[${i}]`, s, `seed ${s} is listed twice`, 'list each seed once');
  });
  spec.sizes.forEach((s, i) => {
    if (s > 1 && !Number.isInteger(s)) {
      add(`sizes[${i}]`, s, `size ${s} is neither a fraction in (0,1] nor a whole document count`,
        `write a fraction such as 0.5 or a document count such as ${Math.round(s)}`);
    } else if (spec.sizes.indexOf(s) !== i) add(`sizes[${i}]`, s, `size ${s} is listed twice`, 'list each size once');
  });

  const facts = CORPUS_FACTS[target];
  const cvCorpora = CORPUS_NAMES.filter((c) => CORPUS_FACTS[c].crossValidation).join(', ');
  if (facts.crossValidation && spec.folds === undefined) {
    add('folds', undefined, `${target} has no official test split; it is evaluated by cross-validation`,
      `add \`folds: ${facts.folds ?? 10}\` (the paper uses 10-fold CV)`);
  }
  if (facts.crossValidation && spec.folds !== undefined && facts.folds !== undefined && spec.folds !== facts.folds) {
    add('folds', spec.folds, `the instance sets assign ${target} documents to ${facts.folds} folds (corpus registry)`,
      `write \`folds: ${facts.folds}\``);
  }
  if (!facts.crossValidation && spec.folds !== undefined) {
    add('folds', spec.folds, `${target} has an official test split; folds apply only to ${cvCorpora}`, 'remove `folds`');
  }

  const evalSets = spec.evaluate.on === undefined ? [] : Array.isArray(spec.evaluate.on) ? spec.evaluate.on : [spec.evaluate.on];
  const onPath = Array.isArray(spec.evaluate.on) ? (i: number) => `evaluate.on[${i}]` : () => 'evaluate.on';
  evalSets.forEach((set, i) => {
    const corpus = set.split('/')[0];
    if (!(CORPUS_NAMES as readonly string[]).includes(corpus)) {
      add(onPath(i), set, `unknown corpus '${corpus}'`, `${suggest(corpus, CORPUS_NAMES)}write ${target}/test`);
    } else if (corpus !== target) {
      add(onPath(i), set, `evaluation sets must be of the target corpus (${target})`,
        `write ${target}/test, or evaluate ${corpus} in a spec whose target is ${corpus}`);
    }
  });
  spec.evaluate.criteria.forEach((c, i) => {
    if ((c === 'pair+novelty' || c === 'all') && target !== 'BioRED') {
      add(`evaluate.criteria[${i}]`, c, 'novelty is annotated only in BioRED', 'use pair and pair+type');
    }
  });

  if (spec.compare && !configs.includes(spec.compare.baseline)) {
    add('compare.baseline', spec.compare.baseline, `baseline '${spec.compare.baseline}' is not among the configurations`,
      `use one of: ${configs.join(', ')}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// zod issue → problem with path, value and fix

function describeIssue(
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

function splitPath(path: string): PropertyKey[] {
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

function sortProblems(ps: SpecProblem[]): SpecProblem[] {
  return [...ps].sort((a, b) => (a.line ?? 1e9) - (b.line ?? 1e9));
}

/** Line (1-based) of the node at `path` (or of the key `key` inside the mapping at `path`). */
function lineOf(doc: Document, lines: LineCounter, path: PropertyKey[], key?: string): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (!isNode(node)) continue;
    if (key !== undefined && n === path.length && isMap(node)) {
      const pair = node.items.find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === key);
      const k = pair?.key;
      if (isNode(k) && k.range) return lines.linePos(k.range[0]).line;
    }
    if (node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

export type { ExperimentSpec, ExperimentSpecInput, CorpusName };
