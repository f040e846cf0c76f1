// The paper's published numbers, kept as data (experiments/paper/<id>.json) and validated here,
// so a report can show them beside reproduced values. Values are percentages, as printed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { PAPER_DIR } from '../locations.ts';

const percent = z.number().min(0).max(100);
/** null = the paper prints a dash (the configuration does not apply). */
const values = z.record(z.string(), percent.nullable());
const column = z.object({ id: z.string(), label: z.string(), referenceOnly: z.boolean().optional() });
const pValue = z.object({ row: z.string(), a: z.string(), b: z.string(), p: z.number().min(0).max(1) });
const timed = z.object({ text: z.string(), seconds: z.number().positive() });

const corporaTable = z.object({
  kind: z.literal('corpora'),
  title: z.string(),
  rows: z.array(
    z.object({
      corpus: z.string(),
      abstracts: z.number().int().positive(),
      relations: z.number().int().positive(),
      pair: z.string(),
      level: z.string(),
      categories: z.object({ a: z.string(), b: z.string(), c: z.string(), d: z.string(), e: z.string() }),
    }),
  ),
});

const trainingSetsTable = z.object({
  kind: z.literal('training-sets'),
  title: z.string(),
  metric: z.string(),
  evalSet: z.string(),
  baseline: z.string(),
  test: z.string(),
  columns: z.array(column).min(1),
  rows: z.array(
    z.object({
      label: z.string(),
      external: z.array(z.string()).min(1),
      pair: z.string(),
      values,
      significant: z.array(z.string()).optional(),
    }),
  ),
  pValues: z.array(pValue),
  extra: z.record(z.string(), z.object({ description: z.string(), values })).optional(),
  notes: z.array(z.string()).optional(),
});

const testSetsTable = z.object({
  kind: z.literal('test-sets'),
  title: z.string(),
  metric: z.string(),
  baseline: z.string(),
  test: z.string(),
  columns: z.array(column).min(1),
  rows: z.array(
    z.object({ label: z.string(), testSet: z.string(), pair: z.string(), values, sotaSystem: z.string().optional() }),
  ),
  average: z.object({ label: z.string(), pair: z.string(), values, significant: z.array(z.string()).optional() }),
  pValues: z.array(pValue),
  notes: z.array(z.string()).optional(),
});

const naryTable = z.object({
  kind: z.literal('nary-combinations'),
  title: z.string(),
  rows: z.array(z.object({ evaluation: z.string(), plm: z.string(), exactMatch: percent, partialMatch: percent })),
});

const prfTable = z.object({
  kind: z.literal('prf'),
  title: z.string(),
  rows: z.array(z.object({ plm: z.string(), p: percent, r: percent, f: percent })),
});

const plmTable = z.object({
  kind: z.literal('plm-comparison'),
  title: z.string(),
  rows: z.array(
    z.object({
      plm: z.string(),
      p: percent,
      r: percent,
      f: percent,
      trainingTimePerEpoch: timed,
      predictionPer1000Pairs: z.object({ gpu: timed, cpu: timed }),
      hubIds: z.array(z.string()).default([]),
    }),
  ),
  notes: z.array(z.string()).optional(),
});

const sizeSweep = z.object({
  kind: z.literal('size-sweep'),
  title: z.string(),
  xLabel: z.string(),
  series: z.array(
    z.object({
      configuration: z.string(),
      label: z.string(),
      points: z.array(z.object({ documents: z.number().int().positive(), f: percent })).min(1),
    }),
  ),
  notes: z.array(z.string()).optional(),
});

/** The paper's training set-up, compared with an experiment's in the report's Setup section. */
const settings = z.object({
  /** where each value comes from (the paper's text, the released code) */
  source: z.string(),
  plm: z.string(),
  /** Hugging Face ids that are the paper's PLM */
  hubIds: z.array(z.string()).default([]),
  epochs: z.int().positive(),
  batchSize: z.int().positive(),
  lr: z.number().positive(),
  warmupRatio: z.number().min(0).max(1),
  weightDecay: z.number().min(0),
  maxLength: z.int().positive(),
  /** target corpus → training data of the target ('train' | 'train+dev') */
  trainOn: z.record(z.string(), z.enum(['train', 'train+dev'])).default({}),
  /** target corpus → training documents of the target */
  trainingDocuments: z.record(z.string(), z.int().positive()).default({}),
});

export const paperSchema = z.object({
  id: z.string(),
  citation: z.string(),
  unit: z.literal('percent'),
  source: z.string().optional(),
  settings: settings.optional(),
  tables: z.object({
    table2: corporaTable,
    table3: trainingSetsTable,
    table4: testSetsTable,
    table5: naryTable,
    table6: prfTable,
    supplementaryTable1: plmTable,
    supplementaryFigure1: sizeSweep,
  }),
});

export type PaperResults = z.infer<typeof paperSchema>;
export type PaperTableId = keyof PaperResults['tables'];
export type PaperSettings = z.infer<typeof settings>;
export type PaperTrainingSetsTable = z.infer<typeof trainingSetsTable>;
export type PaperTestSetsTable = z.infer<typeof testSetsTable>;
export type PaperPlmTable = z.infer<typeof plmTable>;
export type PaperSizeSweep = z.infer<typeof sizeSweep>;

export const PAPER_TABLE_IDS: PaperTableId[] = [
  'table2',
  'table3',
  'table4',
  'table5',
  'table6',
  'supplementaryTable1',
  'supplementaryFigure1',
];

/** Reads and validates a paper-values file; problems name the JSON path and the fix. */
export function loadPaperResults(file: string): PaperResults {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError({
      file,
      message: `cannot read paper values (${err instanceof Error ? err.message : String(err)})`,
      fix: 'restore the file from the repository (experiments/paper/) or point the reference at an existing file',
    });
  }
  const parsed = paperSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError({
      file,
      message: `invalid paper values at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      fix: 'correct that field so it matches the schema in src/report/paper.ts',
    });
  }
  return parsed.data;
}

export interface PaperReference {
  paperId: string;
  /** a key of `tables`, or undefined when the reference names the whole paper */
  table?: PaperTableId;
}

/**
 * Parses a spec's `reference: paper/biorex-2023#table3` (also `biorex-2023#table3`,
 * `paper/biorex-2023`).
 */
export function parsePaperReference(ref: string, where = 'reference'): PaperReference {
  const m = /^(?:paper\/)?([A-Za-z0-9._-]+)(?:#([A-Za-z0-9]+))?$/.exec(ref.trim());
  if (!m) {
    throw new InputError({
      file: where,
      message: `reference "${ref}" is not of the form paper/<id>#<table>`,
      fix: 'write e.g. `reference: paper/biorex-2023#table3`',
    });
  }
  const table = m[2] as PaperTableId | undefined;
  if (table !== undefined && !PAPER_TABLE_IDS.includes(table)) {
    throw new InputError({
      file: where,
      message: `reference "${ref}" names table "${table}", which the paper values do not have`,
      fix: `use one of: ${PAPER_TABLE_IDS.join(', ')}`,
    });
  }
  return { paperId: m[1], table };
}

const cache = new Map<string, PaperResults>();
/** Loads experiments/paper/<paperId>.json (cached). */
export function loadPaper(paperId: string, dir = PAPER_DIR): PaperResults {
  const file = resolve(dir, `${paperId}.json`);
  let hit = cache.get(file);
  if (!hit) {
    hit = loadPaperResults(file);
    cache.set(file, hit);
  }
  return hit;
}
