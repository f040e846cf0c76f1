// Options that several commands share, declared once: where the tracking store and the work dir are
// (one default policy for every command that touches them), and how experiments are run (`run` and
// `reproduce`). Commands add them with the helpers below and resolve paths with storeArgs().
import type { Argv } from 'yargs';
import { workAndStore } from '../locations.ts';

export interface StoreArgs {
  db?: string;
  work?: string;
}

/** --db and --work: the store is `--db`, else $BIOREX_DB, else `<work>/biorex.sqlite`. */
export function storeOptions<T>(y: Argv<T>): Argv<T & StoreArgs> {
  return y
    .option('db', { type: 'string', describe: 'tracking store (default: $BIOREX_DB or <work>/biorex.sqlite)' })
    .option('work', { type: 'string', describe: 'work dir: instance-set cache and run dirs (default: $BIOREX_WORK or work/)' });
}

/** The work dir and store of a command's --work / --db (src/locations.ts). */
export function storeArgs(a: StoreArgs): { work: string; db: string } {
  return workAndStore(a);
}

export interface RunArgs extends StoreArgs {
  profile?: string;
  jobs?: number;
  cpu?: boolean;
  'rerun-failed'?: boolean;
  quiet?: boolean;
  progress?: 'auto' | 'bars' | 'lines';
}

/** How the runs of an experiment are trained: the options `run` and `reproduce` share (with --db/--work). */
export function runOptions<T>(y: Argv<T>): Argv<T & RunArgs> {
  return storeOptions(y)
    .option('profile', { type: 'string', describe: "apply the spec's profile, e.g. smoke (tiny PLM, few documents, 1 epoch: minutes on a CPU)" })
    .option('jobs', { alias: 'j', type: 'number', describe: 'parallel runs (default: one per visible GPU, else 1)' })
    .option('cpu', { type: 'boolean', default: false, describe: 'ignore GPUs' })
    .option('rerun-failed', { type: 'boolean', default: false, describe: 'start failed/interrupted runs over instead of resuming them' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress output' })
    .option('progress', { choices: ['auto', 'bars', 'lines'] as const, default: 'auto' as const, describe: 'progress display' }) as Argv<T & RunArgs>;
}

/** The runner options of parsed RunArgs (`--quiet` or a machine-readable output: no progress display). */
export function runnerArgs(a: RunArgs, machineReadable = false) {
  return {
    ...storeArgs(a),
    profile: a.profile,
    jobs: a.jobs,
    cpu: a.cpu,
    rerunFailed: a['rerun-failed'],
    progress: a.quiet || machineReadable ? ('none' as const) : (a.progress ?? 'auto'),
  };
}

/** The data root of the `data` commands. */
export const dataRootOption = {
  type: 'string',
  describe: 'data directory holding the corpus folders (default: $BIOREX_DATA or data/corpora)',
} as const;
