// `biorex plan SPEC`, `biorex run SPEC`, `biorex runs list|show|compare|export`, `biorex export-plm`: thin adapters over
// experiments/, runner/ and tracking/ (loaded when a command runs, so that --help stays light).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { RunStatus, TrackingStore } from '../tracking/index.ts';
import { runOptions, runnerArgs, storeArgs, storeOptions, type RunArgs, type StoreArgs } from './options.ts';

const SPEC = { type: 'string', demandOption: true, describe: 'experiment spec file (one experiment or several) or catalog name' } as const;

async function withStore<T>(a: StoreArgs, fn: (s: TrackingStore, t: typeof import('../tracking/index.ts')) => T | Promise<T>): Promise<T> {
  const tracking = await import('../tracking/index.ts');
  const store = tracking.openStore(storeArgs(a).db, { readonly: true });
  try {
    return await fn(store, tracking);
  } finally {
    store.close();
  }
}

// ---- plan ---------------------------------------------------------------------------------------

interface PlanArgs extends StoreArgs {
  spec: string;
  json?: boolean;
  profile?: string;
}

export const planCommand: CommandModule<object, PlanArgs> = {
  command: 'plan <spec>',
  describe: 'Show the runs an experiment spec expands to, and which are done, failed or missing',
  builder: (y) =>
    storeOptions(y)
      .positional('spec', SPEC)
      .option('profile', { type: 'string', describe: "apply the spec's profile (e.g. smoke)" })
      .option('json', { type: 'boolean', default: false, describe: 'print the plan as JSON' }) as Argv<PlanArgs>,
  handler: async (a) => {
    const { loadSpecs } = await import('../experiments/index.ts');
    const { defaultInstanceProvider, formatPlan, planExperiment, planStatuses, planToJson } = await import('../runner/index.ts');
    const { openStore } = await import('../tracking/index.ts');
    const { specs } = loadSpecs(a.spec, { profile: a.profile });
    const { work, db } = storeArgs(a);
    const provider = defaultInstanceProvider({
      cacheDir: join(work, 'instances'),
      onBuild: (w) => {
        if (!a.json) process.stderr.write(`preparing ${w}\n`);
      },
    });
    let store: TrackingStore | undefined;
    try {
      store = openStore(db, { readonly: true });
    } catch (err) {
      if (!/no tracking store here yet/.test((err as Error).message)) throw err;
    }
    try {
      // One experiment: its plan; a file of several: one plan each, in file order. A plm naming a run
      // (its encoder) is found in the store, or among the runs of an earlier experiment of the file.
      const plans: Awaited<ReturnType<typeof planExperiment>>[] = [];
      for (const loaded of specs) plans.push(await planExperiment(loaded, { provider, store, earlier: plans }));
      const json = plans.map((plan) => planToJson(plan, planStatuses(plan, store)));
      console.log(a.json ? JSON.stringify(json.length === 1 ? json[0] : json, null, 2) : json.map(formatPlan).join('\n\n'));
    } finally {
      store?.close();
    }
  },
};

// ---- run ----------------------------------------------------------------------------------------

interface RunCommandArgs extends RunArgs {
  spec: string;
  json?: boolean;
}

export const runCommand: CommandModule<object, RunCommandArgs> = {
  command: 'run <spec>',
  describe: 'Train every run of an experiment that is not done yet (resumes failed/interrupted runs)',
  builder: (y) =>
    runOptions(y)
      .positional('spec', SPEC)
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' }) as Argv<RunCommandArgs>,
  handler: async (a) => {
    const { loadSpecs } = await import('../experiments/index.ts');
    const { runExperiments } = await import('../runner/index.ts');
    const resolved = loadSpecs(a.spec, { profile: a.profile });
    const opts = runnerArgs(a, a.json);
    mkdirSync(dirname(opts.db), { recursive: true });
    const { runs, exitCode } = await runExperiments(resolved, opts);
    if (a.json) console.log(JSON.stringify(runs.length === 1 ? runs[0] : runs, null, 2));
    else if (a.quiet) for (const f of runs.flatMap((s) => s.failed)) console.error(`failed: ${f.hash.slice(0, 10)} ${f.label}: ${f.error}`);
    process.exitCode = exitCode;
  },
};

// ---- runs ---------------------------------------------------------------------------------------

interface RunsListArgs extends StoreArgs {
  experiment?: string;
  status?: string;
  json?: boolean;
}
interface RunsShowArgs extends StoreArgs {
  run: string;
  json?: boolean;
}
interface RunsCompareArgs extends StoreArgs {
  a: string;
  b: string;
  json?: boolean;
}
interface RunsExportArgs extends StoreArgs {
  csv: string;
  experiment?: string;
}

const json = { type: 'boolean', default: false, describe: 'print JSON' } as const;

const runsList: CommandModule<object, RunsListArgs> = {
  command: 'list',
  describe: 'List runs (with their main score)',
  builder: (y) =>
    storeOptions(y)
      .option('experiment', { alias: 'e', type: 'string', describe: 'only the runs of this experiment' })
      .option('status', { type: 'string', describe: 'only runs with this status (done, failed, interrupted, running, pending)' })
      .option('json', json) as Argv<RunsListArgs>,
  handler: (a) =>
    withStore(a, (store, { formatRunList, mainF1 }) => {
      const runs = store.listRuns({
        ...(a.experiment ? { experiment: a.experiment } : {}),
        ...(a.status ? { status: a.status.split(',') as RunStatus[] } : {}),
      });
      if (a.json) console.log(JSON.stringify(runs.map((r) => ({ ...r, results: store.getResults({ runId: r.id }) })), null, 2));
      else console.log(formatRunList(runs.map((run) => ({ run, f1: mainF1(store, run) }))));
    }),
};

const runsShow: CommandModule<object, RunsShowArgs> = {
  command: 'show <run>',
  describe: 'Details of one run (id or hash prefix): config, attempts, results, artifacts, environment',
  builder: (y) => storeOptions(y).positional('run', { type: 'string', demandOption: true }).option('json', json) as Argv<RunsShowArgs>,
  handler: (a) =>
    withStore(a, (store, { formatRunDetail, runDetail }) => {
      const detail = runDetail(store, a.run);
      console.log(a.json ? JSON.stringify(detail, null, 2) : formatRunDetail(detail));
    }),
};

const runsCompare: CommandModule<object, RunsCompareArgs> = {
  command: 'compare <a> <b>',
  describe: 'What differs between two runs (identity) and their scores side by side',
  builder: (y) =>
    storeOptions(y)
      .positional('a', { type: 'string', demandOption: true })
      .positional('b', { type: 'string', demandOption: true })
      .option('json', json) as Argv<RunsCompareArgs>,
  handler: (a) =>
    withStore(a, (store, { compareRuns, formatComparison }) => {
      const c = compareRuns(store, a.a, a.b);
      console.log(a.json ? JSON.stringify(c, null, 2) : formatComparison(c));
    }),
};

const runsExport: CommandModule<object, RunsExportArgs> = {
  command: 'export',
  describe: 'Export runs and results as CSV (one line per run × result)',
  builder: (y) =>
    storeOptions(y)
      .option('csv', { type: 'string', demandOption: true, describe: 'CSV file to write' })
      .option('experiment', { alias: 'e', type: 'string', describe: 'only the runs of this experiment' }) as Argv<RunsExportArgs>,
  handler: (a) =>
    withStore(a, (store, { exportCsv }) => {
      const n = exportCsv(store, a.csv, a.experiment ? { experiment: a.experiment } : {});
      console.log(`wrote ${n} lines to ${a.csv}`);
    }),
};

export const runsCommand: CommandModule = {
  command: 'runs',
  describe: 'Tracked runs: list, show, compare, export',
  builder: (y) =>
    y
      .command(runsList as unknown as CommandModule)
      .command(runsShow as unknown as CommandModule)
      .command(runsCompare as unknown as CommandModule)
      .command(runsExport as unknown as CommandModule)
      .demandCommand(1, 'Name a runs subcommand: list, show, compare or export.'),
  handler: () => {},
};

// ---- export-plm ---------------------------------------------------------------------------------

interface ExportPlmArgs extends StoreArgs {
  run: string;
  out: string;
  json?: boolean;
}

export const exportPlmCommand: CommandModule<object, ExportPlmArgs> = {
  command: 'export-plm <run>',
  describe: "Write a finished run's fine-tuned encoder (heads dropped) as a plain Hugging Face model folder",
  builder: (y) =>
    storeOptions(y)
      .positional('run', { type: 'string', demandOption: true, describe: 'run id, hash prefix, run:HASH, or EXPERIMENT/CONFIGURATION/ROW/SEED' })
      .option('out', { type: 'string', demandOption: true, describe: 'folder to write (must not exist, or be empty)' })
      .option('json', json)
      .example('$0 export-plm run:3f2a9c1d --out plms/biorex-encoder', 'then AutoModel.from_pretrained("plms/biorex-encoder")') as Argv<ExportPlmArgs>,
  handler: (a) =>
    withStore(a, async (store) => {
      const { exportPlm } = await import('../runner/index.ts');
      const e = await exportPlm(store, a.run, a.out);
      if (a.json) console.log(JSON.stringify({ dir: e.dir, run: e.source.id, hash: e.source.hash, files: e.files }, null, 2));
      else
        console.log(
          `wrote the encoder of run ${e.source.id} ${e.source.hash.slice(0, 10)} (${e.source.label}) to ${e.dir}: ${Object.keys(e.files).join(', ')} (+ biorex-plm.json). ` +
            'Load it with transformers.AutoModel.from_pretrained / AutoTokenizer.from_pretrained.',
        );
    }),
};
