// Spec validation: the zod schema, the selected profile merged in, and the cross-field rules a JSON
// Schema cannot express. Every problem of a spec is reported at once (SpecError), and nothing runs on
// an invalid spec. Reading files and YAML is load.ts; the English of schema issues is explain.ts.
import { CORPUS_FACTS, CORPUS_NAMES } from './corpora.ts';
import { describeIssue, splitPath, suggest } from './explain.ts';
import { parsePlmRef } from './plm-ref.ts';
import { DATA_KEYS, ExperimentSpecSchema, TRAINING_KEYS, type ExperimentSpec } from './schema.ts';
import { SpecError, sortProblems, type SpecProblem } from './spec-error.ts';

export interface LoadedSpec {
  spec: ExperimentSpec;
  /** Non-fatal notes (e.g. TL/MTL skipping corpora without entity spans). */
  warnings: string[];
  file: string;
  profile?: string;
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

  const plms = Array.isArray(spec.plm) ? spec.plm : [spec.plm];
  plms.forEach((plm, i) => {
    const path = Array.isArray(spec.plm) ? `plm[${i}]` : 'plm';
    try {
      parsePlmRef(plm);
    } catch (e) {
      add(path, plm, (e as Error).message, 'e.g. run:3f2a9c1d (a hash prefix from `biorex runs list`) or table3/biorex/BioRED+8 datasets/42');
    }
    if (plms.indexOf(plm) !== i) add(path, plm, `'${plm}' is listed twice`, 'list each PLM once');
  });
  const facts = CORPUS_FACTS[target];
  if (facts.nary) {
    configs.forEach((c, i) => {
      if (c !== 'original')
        add(`configurations[${i}]`, c, `${target} has n-ary relations (drug combinations): ${c} needs binary-relation corpora to combine with`,
          'use configurations: [original] and compare encoders with a plm list (paper Table 5)');
    });
  }
  (spec.rows ?? []).forEach((row, r) => {
    if (row.external === 'all') return;
    row.external.forEach((c, j) => {
      if (CORPUS_FACTS[c]?.nary) add(`rows[${r}].external[${j}]`, c, `'${c}' has n-ary relations and cannot be an external corpus`, 'list binary-relation corpora only');
    });
  });
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
