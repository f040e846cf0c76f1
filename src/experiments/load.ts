// Reading experiment specs, the one loader of every command (plan, run, report, reproduce): a
// catalog name (experiments/NAME.yaml) or a spec file, holding one experiment or several as a
// multi-document YAML file (`---` between the documents, one experiment each — paper Table 4 is one
// file with an experiment per target corpus). Every document is validated (with the profile applied)
// before anything runs; problems name the file and the line in the file as written.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { isMap, isNode, LineCounter, parseAllDocuments, parseDocument, type Document } from 'yaml';
import { InputError } from '../errors.ts';
import { CATALOG_DIR } from '../locations.ts';
import { SpecError, type SpecProblem } from './spec-error.ts';
import { validateSpec, type LoadedSpec } from './validate.ts';

export interface ResolvedSpecs {
  /** The spec file. */
  file: string;
  /** Name of the whole file: the experiment's name, or the file's base name for several experiments. */
  name: string;
  /** One per YAML document, validated, in file order. */
  specs: LoadedSpec[];
}

/** Catalog names: the spec files in experiments/ (without `.yaml`). */
export function catalogNames(dir = CATALOG_DIR): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => f.replace(/\.ya?ml$/, ''))
      .sort();
  } catch {
    return [];
  }
}

/** A path to an existing file, or a catalog name (looked up in ./experiments, then the repository's catalog). */
export function findSpecFile(nameOrPath: string, catalog = CATALOG_DIR): string {
  if (existsSync(nameOrPath) && statSync(nameOrPath).isFile()) return resolve(nameOrPath);
  if (/[\\/]/.test(nameOrPath) || /\.ya?ml$/i.test(nameOrPath)) {
    throw new InputError({ file: nameOrPath, message: 'no such experiment spec file', fix: 'check the path, or name a catalog experiment (e.g. quickstart, table3)' });
  }
  for (const dir of [resolve('experiments'), catalog]) {
    for (const ext of ['.yaml', '.yml']) {
      const f = join(dir, nameOrPath + ext);
      if (existsSync(f)) return f;
    }
  }
  const known = catalogNames(catalog);
  throw new InputError({
    file: join(catalog, `${nameOrPath}.yaml`),
    message: `no experiment named "${nameOrPath}" in the catalog`,
    fix: known.length ? `use one of: ${known.join(', ')}, or the path of a spec file` : 'pass the path of a spec file',
  });
}

/**
 * Reads and validates every experiment of a spec file. Each document is validated on its own text,
 * padded with the blank lines before it so that line numbers in messages are those of the file.
 */
export function loadSpecs(nameOrPath: string, opts: { profile?: string; catalog?: string } = {}): ResolvedSpecs {
  const file = findSpecFile(nameOrPath, opts.catalog);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError({ file, message: `cannot read the experiment spec (${(err as NodeJS.ErrnoException).code ?? String(err)})`, fix: 'check the path' });
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  const parts = (Array.isArray(docs) ? docs : [])
    .map((d) => {
      const [start, , end] = d.range;
      const startLine = lines.linePos(start).line;
      return { text: '\n'.repeat(startLine - 1) + text.slice(start, end), line: startLine, empty: d.contents === null };
    })
    .filter((p) => !p.empty);
  if (parts.length <= 1) {
    const loaded = parseSpec(text, file, { profile: opts.profile });
    return { file, name: loaded.spec.name, specs: [loaded] };
  }
  const specs: LoadedSpec[] = [];
  const problems: SpecProblem[] = [];
  const seen = new Map<string, number>();
  parts.forEach((p, i) => {
    try {
      const loaded = parseSpec(p.text, file, { profile: opts.profile });
      const first = seen.get(loaded.spec.name);
      if (first !== undefined) {
        problems.push({
          path: 'name',
          line: p.text.split('\n').findIndex((l) => /^name\s*:/.test(l)) + 1 || p.line,
          value: loaded.spec.name,
          message: `experiments ${first + 1} and ${i + 1} of this file are both named '${loaded.spec.name}'`,
          fix: 'give each document its own name',
        });
      }
      seen.set(loaded.spec.name, i);
      specs.push(loaded);
    } catch (err) {
      if (err instanceof SpecError) problems.push(...err.problems);
      else throw err;
    }
  });
  if (problems.length > 0) throw new SpecError(file, problems);
  return { file, name: basename(file, extname(file)), specs };
}

/**
 * What an argument naming experiments stands for (`biorex report ARG…`): a spec file or a catalog
 * name → every experiment of the file, and the file's name; anything else → itself, the name of an
 * experiment (in the tracking store).
 */
export function experimentsNamed(arg: string): { name: string; experiments: string[] } {
  let file: string;
  if (/[\\/]/.test(arg) || /\.ya?ml$/i.test(arg) || (existsSync(arg) && statSync(arg).isFile())) file = arg;
  else {
    try {
      file = findSpecFile(arg);
    } catch (err) {
      if (err instanceof InputError) return { name: arg, experiments: [arg] }; // not in a catalog
      throw err;
    }
  }
  const r = loadSpecs(file);
  return { name: r.name, experiments: r.specs.map((l) => l.spec.name) };
}

/** The one experiment of a spec file or catalog name; a file holding several is refused (see loadSpecs). */
export function loadSpecFile(nameOrPath: string, opts: { profile?: string; catalog?: string } = {}): LoadedSpec {
  const r = loadSpecs(nameOrPath, opts);
  if (r.specs.length !== 1) {
    throw new SpecError(r.file, [
      {
        path: '',
        line: 1,
        message: `this file holds ${r.specs.length} experiments (${r.specs.map((l) => l.spec.name).join(', ')}), where one is expected`,
        fix: 'pass a file with one experiment, or read them all with loadSpecs',
      },
    ]);
  }
  return r.specs[0];
}

/** Validates the text of one YAML document (`file` names it in messages). */
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
