// The experiment spec format: ONE zod schema gives the TypeScript types (z.infer), the
// validation, and the JSON Schema for editors (experiments/schema.json, see schema-file.ts).
// Cross-field rules that a JSON Schema cannot say live in validate.ts; reading specs in load.ts.
import { z } from 'zod';
import { CRITERIA, DEFAULT_CRITERIA } from '../vocabulary.ts';
import { CORPUS_NAMES } from './corpora.ts';

export const CONFIGURATIONS = ['original', 'tl', 'mtl', 'biorex'] as const;
export type Configuration = (typeof CONFIGURATIONS)[number];

const Corpus = z.enum(CORPUS_NAMES).meta({ description: 'A corpus name (case-sensitive).' });
const ConfigurationEnum = z.enum(CONFIGURATIONS).meta({
  description:
    'original: target only; tl: externals then target; mtl: one head per corpus; biorex: harmonized merged set.',
});
const Slug = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
  error: 'use letters, digits, ".", "_" or "-" (no spaces), starting with a letter or digit',
});
const PairNotation = z.string().regex(/^(All|<[CDGV],[CDGV]>)$/, {
  error: 'write an entity pair as <X,Y> with X, Y in C (chemical), D (disease), G (gene), V (variant), or All',
});
const EvalSet = z
  .string()
  .regex(/^[A-Za-z0-9]+\/(dev|test)$/, { error: 'write an evaluation set as Corpus/split with split test or dev, e.g. BioRED/test' })
  .meta({ description: 'Corpus/split, e.g. BioRED/test (for cross-validated corpora: the held-out fold).' });

// Training hyper-parameters: fields without defaults (profiles override a subset) and the defaults.
// The defaults follow the authors' training script (docs/reference-method.md §4: 10 epochs, batch 16,
// max length 512) and, where it passes nothing, the TFTrainingArguments defaults it then runs with
// (lr 5e-5, no warmup, no weight decay, no gradient clipping, the argmax over every label).
const trainingFields = {
  epochs: z.int().min(1).max(1000).meta({ description: 'Training epochs.' }),
  batch_size: z.int().min(1).max(4096).meta({ description: 'Instances per optimizer micro-batch.' }),
  lr: z.number().gt(0).lt(1).meta({ description: 'Peak learning rate (AdamW).' }),
  warmup_ratio: z.number().min(0).max(1).meta({ description: 'Fraction of steps with linear warm-up.' }),
  weight_decay: z.number().min(0).max(1).meta({ description: 'AdamW weight decay.' }),
  max_length: z.int().min(16).max(8192).meta({ description: 'Maximum sequence length in word pieces.' }),
  dropout: z.number().min(0).lt(1).meta({ description: 'Dropout on the [CLS] vector before the classification head (the encoder keeps its own).' }),
  grad_accum: z.int().min(1).max(1024).meta({ description: 'Gradient accumulation steps.' }),
  max_grad_norm: z.number().min(0).max(1e6).meta({
    description: 'Clip the gradient norm at this value; 0 = no clipping (the default, as the reference).',
  }),
  task_labels_only: z.boolean().meta({
    description:
      "Predict each instance over its own task's labels only (a merged BioREx model then cannot answer `Bind` on a DDI pair); default false: the argmax over every label, as the reference.",
  }),
};
export const TRAINING_DEFAULTS = {
  epochs: 10,
  batch_size: 16,
  lr: 5e-5,
  warmup_ratio: 0,
  weight_decay: 0,
  max_length: 512,
  dropout: 0.1,
  grad_accum: 1,
  max_grad_norm: 0,
  task_labels_only: false,
};

const dataFields = {
  root: z.string().min(1).meta({
    description: 'Directory holding the corpora (as written by `biorex data fetch`); default $BIOREX_DATA or data/corpora.',
  }),
  train_on: z.enum(['train', 'train+dev']).meta({
    description: "Target training data: 'train' (dev used for eval events) or 'train+dev' (the paper's 500 BioRED docs).",
  }),
  max_docs: z.int().min(1).meta({
    description: 'Keep at most this many documents per corpus and split (smoke tests); first by sorted id.',
  }),
  allow_split_overlap: z.boolean().meta({
    description: 'Accept a document that occurs in two splits of one corpus (a test document copied into train). Default false: an input error.',
  }),
};
export const DATA_DEFAULTS = { train_on: 'train+dev' as const };

const Training = z.strictObject(
  Object.fromEntries(
    Object.entries(trainingFields).map(([k, s]) => [k, (s as z.ZodType).default(TRAINING_DEFAULTS[k as keyof typeof TRAINING_DEFAULTS])]),
  ) as { [K in keyof typeof trainingFields]: z.ZodDefault<(typeof trainingFields)[K]> },
);
const Data = z.strictObject({
  root: dataFields.root.optional(),
  train_on: dataFields.train_on.default(DATA_DEFAULTS.train_on),
  max_docs: dataFields.max_docs.optional(),
  allow_split_overlap: dataFields.allow_split_overlap.optional(),
});

const Row = z
  .strictObject({
    external: z
      .union([z.literal('all'), z.array(Corpus)])
      .meta({ description: "External corpora added to the target, or 'all' (every corpus the configuration can use)." }),
    pair: PairNotation.optional().meta({
      description: "Entity pair this row is scored on (paper Table 3); default: the single external's pair, else All.",
    }),
    label: z.string().min(1).optional().meta({ description: 'Row label in reports (default: Target+Externals).' }),
  })
  .meta({ description: 'One row of the table: a training combination.' });

const Plm = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).meta({
  description:
    'Pretrained model(s): a Hugging Face hub id, a local directory, `tiny` (a small random BERT built locally from the target texts), or a finished run — run:HASH or EXPERIMENT/CONFIGURATION/ROW/SEED — whose fine-tuned encoder (heads dropped) is the PLM; a list compares several.',
});
const Size = z.number().gt(0).meta({
  description: 'Training-set size: a fraction in (0,1] of the target training documents, or a whole document count > 1.',
});

const Evaluate = z.strictObject({
  on: z.union([EvalSet, z.array(EvalSet).min(1)]).optional().meta({ description: 'Default: <target>/test.' }),
  criteria: z.array(z.enum(CRITERIA)).min(1).default(() => [...DEFAULT_CRITERIA]),
});
const Compare = z.strictObject({
  baseline: ConfigurationEnum,
  test: z.enum(['paired-t', 'bootstrap']).default('paired-t'),
  correction: z.enum(['holm', 'none']).default('holm'),
  alpha: z.number().gt(0).lt(1).default(0.05),
});

// A profile overrides parts of the spec (`--profile smoke`); training and data keys may also be
// written at its top level (`epochs: 1`, `max_docs: 5`).
const Profile = z
  .strictObject({
    plm: Plm.optional(),
    configurations: z.array(ConfigurationEnum).min(1).optional(),
    rows: z.array(Row).min(1).optional(),
    seeds: z.array(z.int().min(0)).min(1).optional(),
    sizes: z.array(Size).min(1).optional(),
    folds: z.int().min(2).max(50).optional(),
    training: z.strictObject(trainingFields).partial().optional(),
    data: z.strictObject(dataFields).partial().optional(),
    evaluate: z.strictObject({ on: Evaluate.shape.on, criteria: z.array(z.enum(CRITERIA)).min(1) }).partial().optional(),
    ...Object.fromEntries(Object.entries(trainingFields).map(([k, s]) => [k, s.optional()])),
    ...Object.fromEntries(Object.entries(dataFields).map(([k, s]) => [k, s.optional()])),
  })
  .meta({ description: 'Overrides applied with --profile NAME.' });

export const ExperimentSpecSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Path to experiments/schema.json (editor support).' }),
    name: Slug.meta({ description: 'Short identifier of the experiment (file-name-like).' }),
    title: z.string().optional(),
    description: z.string().optional(),
    target: Corpus.meta({ description: 'The corpus whose test set is evaluated.' }),
    plm: Plm,
    configurations: z.array(ConfigurationEnum).min(1),
    rows: z.array(Row).min(1).optional().meta({ description: 'Training combinations; optional when only original runs.' }),
    seeds: z.array(z.int().min(0).max(2 ** 31 - 1)).min(1).default([42]),
    sizes: z.array(Size).min(1).default([1]),
    folds: z.int().min(2).max(50).optional().meta({ description: 'k for cross-validated targets (AIMed, HPRD50).' }),
    training: Training.default(() => Training.parse({})),
    data: Data.default(() => Data.parse({})),
    evaluate: Evaluate.default(() => Evaluate.parse({})),
    compare: Compare.optional(),
    reference: z
      .string()
      .regex(/^paper\/[a-z0-9-]+#[A-Za-z0-9-]+$/, { error: 'write a reference as paper/<id>#<table>, e.g. paper/biorex-2023#table3' })
      .optional(),
    profiles: z.record(Slug, Profile).optional(),
  })
  .meta({ title: 'biorex experiment spec', description: 'A declarative BioREx experiment (docs/experiments.md).' });

export type ExperimentSpecInput = z.input<typeof ExperimentSpecSchema>;
export type ExperimentSpec = z.output<typeof ExperimentSpecSchema>;
export type TrainingParams = ExperimentSpec['training'];
export type DataOptions = ExperimentSpec['data'];
export type RowSpec = NonNullable<ExperimentSpec['rows']>[number];
export type ProfileSpec = z.output<typeof Profile>;
export const TRAINING_KEYS = Object.keys(trainingFields) as (keyof TrainingParams)[];
export const DATA_KEYS = Object.keys(dataFields) as (keyof DataOptions)[];

/** The JSON Schema written to experiments/schema.json. */
export function experimentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ExperimentSpecSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
