// Spec → runs (configuration × row × PLM × size × fold × seed). Runs that would train the same
// model are merged: `original` ignores a row's externals, so every row shares one Original run per
// (PLM, seed, size, fold) — the paper's Original column is one model scored on each row's pair subset.
import { canonicalJson } from '../hashing.ts';
import { CORPUS_FACTS, CORPUS_NAMES, PAPER_CORPORA, type CorpusName } from './corpora.ts';
import { parsePlmRef, plmRefLabel } from './plm-ref.ts';
import type { Configuration, DataOptions, ExperimentSpec, TrainingParams } from './schema.ts';

/** Trainer mode for each configuration (biorex is a single-head model on the merged set). */
export const TRAINER_MODE: Record<Configuration, 'single' | 'tl' | 'mtl'> = {
  original: 'single',
  tl: 'tl',
  mtl: 'mtl',
  biorex: 'single',
};

/** Which instance sets a run trains and is evaluated on (built by the instances stage). */
export type InstanceRequest = (
  | { kind: 'corpus'; corpus: CorpusName; view: 'harmonized' | 'native'; prompt: boolean }
  | { kind: 'merged'; target: CorpusName; externals: CorpusName[]; part: 'biorex' | 'tl' | 'mtl' }
) & {
  /** Spec data.allow_split_overlap: a document in two splits of one corpus is accepted (present only when true). */
  allowSplitOverlap?: true;
};

export interface RowInfo {
  index: number;
  label: string;
  /** Pair subset the row is scored on, e.g. `<C,D>` or `All`. */
  pair: string;
  /** Externals as written (after resolving `all` for biorex). */
  externals: CorpusName[];
}

/** One run to train, before its instance files are hashed. */
export interface RunTemplate {
  configuration: Configuration;
  mode: 'single' | 'tl' | 'mtl';
  target: CorpusName;
  /** External corpora actually trained on (sorted in registry order); [] for original. */
  externals: CorpusName[];
  /** Indexes of the spec rows this run fills (several for original). */
  rows: number[];
  plm: string;
  seed: number;
  /** 1 = all target training documents; (0,1) a fraction; > 1 a document count. */
  size: number;
  fold?: number;
  training: TrainingParams;
  data: Pick<DataOptions, 'train_on' | 'max_docs' | 'root'>;
  /** Evaluation splits of the target, e.g. ['test']. */
  evalSplits: string[];
  input: InstanceRequest;
  /** Human-readable short name, e.g. `biorex BioRED+BC5CDR pubmedbert s42`. */
  label: string;
}

export interface Expansion {
  runs: RunTemplate[];
  rows: RowInfo[];
  /** Cells that have no run (e.g. TL with a corpus without spans), for the plan and reports. */
  skipped: { configuration: Configuration; row: number; reason: string }[];
}

export function plmList(spec: ExperimentSpec): string[] {
  return Array.isArray(spec.plm) ? spec.plm : [spec.plm];
}

/** Externals of a row as used by one configuration (`all` and no-span corpora resolved). */
export function rowExternals(spec: ExperimentSpec, row: number, configuration: Configuration): CorpusName[] {
  if (configuration === 'original') return [];
  const r = spec.rows?.[row];
  if (!r) return [];
  const listed = r.external === 'all' ? PAPER_CORPORA.filter((c) => c !== spec.target) : r.external;
  const usable = configuration === 'tl' || configuration === 'mtl' ? listed.filter((c) => CORPUS_FACTS[c].spans) : listed;
  return CORPUS_NAMES.filter((c) => usable.includes(c)); // canonical order: same set → same run
}

export function describeRows(spec: ExperimentSpec): RowInfo[] {
  const rows = spec.rows ?? [{ external: [] as CorpusName[] }];
  return rows.map((r, index) => {
    const externals = r.external === 'all' ? PAPER_CORPORA.filter((c) => c !== spec.target) : r.external;
    const pair = r.pair ?? (r.external !== 'all' && externals.length === 1 ? CORPUS_FACTS[externals[0]].pair : 'All');
    const label =
      ('label' in r && r.label) ||
      (r.external === 'all' ? `${spec.target}+${externals.length} datasets` : [spec.target, ...externals].join('+'));
    return { index, label, pair, externals };
  });
}

export function expandSpec(spec: ExperimentSpec): Expansion {
  const rows = describeRows(spec);
  const folds = spec.folds === undefined ? [undefined] : Array.from({ length: spec.folds }, (_, i) => i);
  const evalSets = spec.evaluate.on === undefined ? [`${spec.target}/test`] : [spec.evaluate.on].flat();
  const evalSplits = [...new Set(evalSets.map((s) => s.split('/')[1]))];
  const runs: RunTemplate[] = [];
  const byKey = new Map<string, RunTemplate>();
  const skipped: Expansion['skipped'] = [];

  for (const configuration of spec.configurations) {
    for (const row of rows) {
      const externals = rowExternals(spec, row.index, configuration);
      if ((configuration === 'tl' || configuration === 'mtl') && externals.length === 0) {
        skipped.push({ configuration, row: row.index, reason: 'no external corpus with entity spans' });
        continue;
      }
      for (const plm of plmList(spec)) {
        for (const size of spec.sizes) {
          for (const fold of folds) {
            for (const seed of spec.seeds) {
              const overlap = spec.data.allow_split_overlap ? { allowSplitOverlap: true as const } : {};
              const input: InstanceRequest =
                configuration === 'original'
                  ? { kind: 'corpus', corpus: spec.target, view: 'native', prompt: true, ...overlap }
                  : { kind: 'merged', target: spec.target, externals, part: configuration, ...overlap };
              const t: RunTemplate = {
                configuration,
                mode: TRAINER_MODE[configuration],
                target: spec.target,
                externals,
                rows: [row.index],
                plm,
                seed,
                size,
                ...(fold !== undefined ? { fold } : {}),
                training: spec.training,
                data: {
                  train_on: spec.data.train_on,
                  ...(spec.data.max_docs ? { max_docs: spec.data.max_docs } : {}),
                  ...(spec.data.root ? { root: spec.data.root } : {}),
                },
                evalSplits,
                input,
                label: runLabel(configuration, spec.target, externals, plm, seed, size, fold, plmList(spec).length > 1),
              };
              const key = templateKey(t);
              const prev = byKey.get(key);
              if (prev) {
                if (!prev.rows.includes(row.index)) prev.rows.push(row.index);
                continue;
              }
              byKey.set(key, t);
              runs.push(t);
            }
          }
        }
      }
    }
  }
  return { runs, rows, skipped };
}

/** Everything that identifies a template except the rows it fills (used for merging). */
export function templateKey(t: RunTemplate): string {
  const { rows: _rows, label: _label, ...rest } = t;
  return canonicalJson(rest);
}

function runLabel(
  configuration: Configuration,
  target: string,
  externals: string[],
  plm: string,
  seed: number,
  size: number,
  fold: number | undefined,
  showPlm: boolean,
): string {
  const parts: string[] = [configuration, externals.length ? [target, ...externals].join('+') : target];
  if (externals.length > 3) parts[1] = `${target}+${externals.length}`;
  if (showPlm) {
    let ref: ReturnType<typeof parsePlmRef> = null;
    try {
      ref = parsePlmRef(plm);
    } catch {
      /* reported by validation */
    }
    parts.push(ref ? plmRefLabel(ref) : (plm.split('/').pop() ?? plm));
  }
  if (size !== 1) parts.push(size < 1 ? `${Math.round(size * 100)}%` : `${size}docs`);
  if (fold !== undefined) parts.push(`fold${fold}`);
  parts.push(`s${seed}`);
  return parts.join(' ');
}
