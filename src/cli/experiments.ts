// `biorex plan SPEC`, `biorex run SPEC`, `biorex runs list|show|compare|export`: thin adapters over
// experiments/, runner/ and tracking/.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Table from 'cli-table3';
import type { Argv, CommandModule } from 'yargs';
import { loadSpecs } from '../experiments/index.ts';
import {
  defaultInstanceProvider,
  formatPlan,
  planExperiment,
  planStatuses,
  planToJson,
  runExperiments,
} from '../runner/index.ts';
import { workAndStore } from '../locations.ts';
import { compareRuns, exportCsv, openStore, type RunRecord, type RunStatus, type TrackingStore } from '../tracking/index.ts';

interface StoreArgs {
  db?: string;
  work?: string;
}

function storeOptions<T>(y: Argv<T>) {
  return y
    .option('db', { type: 'string', describe: 'tracking store (default: $BIOREX_DB or <work>/biorex.sqlite)' })
    .option('work', { type: 'string', describe: 'work dir: instance-set cache and run dirs (default: $BIOREX_WORK or work/)' });
}

const paths = (a: StoreArgs) => workAndStore(a);

function withStore<T>(a: StoreArgs, fn: (s: TrackingStore) => T): T {
  const store = openStore(paths(a).db, { readonly: true });
  try {
    return fn(store);
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
      .positional('spec', { type: 'string', demandOption: true, describe: 'experiment spec file (one experiment or several) or catalog name' })
      .option('profile', { type: 'string', describe: 'apply the spec\'s profile (e.g. smoke)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the plan as JSON' }) as Argv<PlanArgs>,
  handler: async (a) => {
    const { specs } = loadSpecs(a.spec, { profile: a.profile });
    const { work, db } = paths(a);
    const provider = defaultInstanceProvider({
      cacheDir: join(work, 'instances'),
      onBuild: (w) => {
        if (!a.json) process.stderr.write(`preparing ${w}\n`);
      },
    });
    const plans = [];
    for (const loaded of specs) plans.push(await planExperiment(loaded, { provider }));
    let store: TrackingStore | undefined;
    try {
      store = openStore(db, { readonly: true });
    } catch (err) {
      if (!/no tracking store here yet/.test((err as Error).message)) throw err;
    }
    try {
      // one experiment: its plan; a file of several: one plan each, in file order
      const json = plans.map((plan) => planToJson(plan, planStatuses(plan, store)));
      console.log(a.json ? JSON.stringify(json.length === 1 ? json[0] : json, null, 2) : json.map(formatPlan).join('\n\n'));
    } finally {
      store?.close();
    }
  },
};

// ---- run ----------------------------------------------------------------------------------------

interface RunArgs extends StoreArgs {
  spec: string;
  jobs?: number;
  'rerun-failed'?: boolean;
  quiet?: boolean;
  profile?: string;
  cpu?: boolean;
  progress?: 'auto' | 'bars' | 'lines';
  json?: boolean;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <spec>',
  describe: 'Train every run of an experiment that is not done yet (resumes failed/interrupted runs)',
  builder: (y) =>
    storeOptions(y)
      .positional('spec', { type: 'string', demandOption: true, describe: 'experiment spec file (one experiment or several) or catalog name' })
      .option('jobs', { alias: 'j', type: 'number', describe: 'parallel runs (default: one per visible GPU, else 1)' })
      .option('rerun-failed', { type: 'boolean', default: false, describe: 'start failed/interrupted runs over instead of resuming' })
      .option('profile', { type: 'string', describe: 'apply the spec\'s profile (e.g. smoke)' })
      .option('cpu', { type: 'boolean', default: false, describe: 'ignore GPUs' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress output' })
      .option('progress', { choices: ['auto', 'bars', 'lines'] as const, default: 'auto' as const, describe: 'progress display' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' }) as Argv<RunArgs>,
  handler: async (a) => {
    const resolved = loadSpecs(a.spec, { profile: a.profile });
    const { work, db } = paths(a);
    mkdirSync(dirname(db), { recursive: true });
    const { runs, exitCode } = await runExperiments(resolved, {
      profile: a.profile,
      db,
      work,
      jobs: a.jobs,
      cpu: a.cpu,
      rerunFailed: a['rerun-failed'],
      progress: a.quiet || a.json ? 'none' : (a.progress ?? 'auto'),
    });
    if (a.json) console.log(JSON.stringify(runs.length === 1 ? runs[0] : runs, null, 2));
    else if (a.quiet) for (const f of runs.flatMap((s) => s.failed)) console.error(`failed: ${f.hash.slice(0, 10)} ${f.label}: ${f.error}`);
    process.exitCode = exitCode;
  },
};

// ---- runs ---------------------------------------------------------------------------------------

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '' : (x * 100).toFixed(1));

function runListRow(r: RunRecord, f1: number | null | undefined): string[] {
  return [
    String(r.id),
    r.hash.slice(0, 10),
    r.status,
    r.label,
    String(r.attempts),
    r.durationS === null ? '' : `${r.durationS.toFixed(0)}s`,
    pct(f1),
    r.status === 'failed' ? `${r.errorKind ?? ''}: ${(r.error ?? '').slice(0, 60)}` : '',
  ];
}

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

const runsList: CommandModule<object, RunsListArgs> = {
  command: 'list',
  describe: 'List runs (with their main score)',
  builder: (y) =>
    storeOptions(y)
      .option('experiment', { alias: 'e', type: 'string', describe: 'only the runs of this experiment' })
      .option('status', { type: 'string', describe: 'only runs with this status (done, failed, interrupted, running, pending)' })
      .option('json', { type: 'boolean', default: false }) as Argv<RunsListArgs>,
  handler: (a) =>
    withStore(a, (store) => {
      const runs = store.listRuns({
        ...(a.experiment ? { experiment: a.experiment } : {}),
        ...(a.status ? { status: a.status.split(',') as RunStatus[] } : {}),
      });
      const main = (r: RunRecord) => {
        const res = store.getResults({ runId: r.id, pairType: 'all' });
        return (res.find((x) => x.criterion === 'pair+type') ?? res.find((x) => x.criterion === 'pair'))?.f1;
      };
      if (a.json) {
        console.log(JSON.stringify(runs.map((r) => ({ ...r, results: store.getResults({ runId: r.id }) })), null, 2));
        return;
      }
      const t = new Table({ head: ['id', 'hash', 'status', 'run', 'attempts', 'time', 'F1', 'error'], style: { head: [], border: [] } });
      for (const r of runs) t.push(runListRow(r, main(r)));
      console.log(runs.length ? t.toString() : 'no runs');
    }),
};

const runsShow: CommandModule<object, RunsShowArgs> = {
  command: 'show <run>',
  describe: 'Details of one run (id or hash prefix): config, attempts, results, artifacts, environment',
  builder: (y) =>
    storeOptions(y)
      .positional('run', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean', default: false }) as Argv<RunsShowArgs>,
  handler: (a) =>
    withStore(a, (store) => {
      const r = store.findRun(a.run);
      const detail = {
        ...r,
        attemptsDetail: store.attemptsOf(r.id),
        results: store.getResults({ runId: r.id }),
        artifacts: store.getArtifacts(r.id),
        environment: r.environmentId ? store.getEnvironment(r.environmentId) : null,
        metricKeys: [...new Set(store.getMetrics(r.id).map((m) => m.key))],
      };
      if (a.json) {
        console.log(JSON.stringify(detail, null, 2));
        return;
      }
      const out: string[] = [];
      out.push(`run ${r.id} ${r.hash}`);
      out.push(`  ${r.label} — ${r.status}${r.attempts ? ` after ${r.attempts} attempt(s)` : ''}`);
      out.push(`  configuration ${r.configuration} (mode ${r.mode}), target ${r.target}, externals ${r.externals.join(', ') || '—'}`);
      out.push(`  plm ${r.plm}, seed ${r.seed}, size ${r.size}${r.fold !== null ? `, fold ${r.fold}` : ''}`);
      if (r.runDir) out.push(`  run dir ${r.runDir}`);
      if (r.durationS !== null) out.push(`  time ${r.durationS.toFixed(1)} s`);
      if (r.error) out.push(`  error (${r.errorKind}): ${r.error}`);
      for (const at of detail.attemptsDetail) {
        out.push(`  attempt ${at.attempt}${at.resumed ? ' (resumed)' : ''}: ${at.outcome ?? 'running'} pid ${at.trainerPid ?? '?'} ${at.startedAt}${at.exitCode !== null ? ` exit ${at.exitCode}` : ''}${at.signal ? ` ${at.signal}` : ''}`);
      }
      if (detail.results.length) {
        const t = new Table({ head: ['eval set', 'criterion', 'pair type', 'tp', 'fp', 'fn', 'P', 'R', 'F1'], style: { head: [], border: [] } });
        for (const x of detail.results) t.push([x.evalSet, x.criterion, x.pairType, String(x.tp ?? ''), String(x.fp ?? ''), String(x.fn ?? ''), pct(x.precision), pct(x.recall), pct(x.f1)]);
        out.push(t.toString());
      }
      if (detail.environment) {
        const e = detail.environment;
        out.push(`  environment: git ${String(e.gitCommit ?? '?').slice(0, 10)}${e.gitDirty ? ' (dirty)' : ''}, node ${e.node}, python ${e.python}, torch ${e.torch}, transformers ${e.transformers}, cuda ${e.cuda ?? '—'}, device ${String(e.device ?? e.gpu ?? '?')}, host ${e.host}`);
      }
      if (detail.artifacts.length) out.push(`  artifacts: ${detail.artifacts.length} files (${detail.artifacts.map((x) => x.kind).filter((k, i, l) => l.indexOf(k) === i).join(', ')})`);
      if (r.stderrTail && r.status !== 'done') out.push('  stderr tail:', ...r.stderrTail.split('\n').map((l) => `    ${l}`));
      console.log(out.join('\n'));
    }),
};

const runsCompare: CommandModule<object, RunsCompareArgs> = {
  command: 'compare <a> <b>',
  describe: 'What differs between two runs (identity) and their scores side by side',
  builder: (y) =>
    storeOptions(y)
      .positional('a', { type: 'string', demandOption: true })
      .positional('b', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean', default: false }) as Argv<RunsCompareArgs>,
  handler: (a) =>
    withStore(a, (store) => {
      const c = compareRuns(store, a.a, a.b);
      if (a.json) {
        console.log(JSON.stringify(c, null, 2));
        return;
      }
      const out = [`A = run ${c.a.id} ${c.a.hash.slice(0, 10)} ${c.a.label} (${c.a.status})`, `B = run ${c.b.id} ${c.b.hash.slice(0, 10)} ${c.b.label} (${c.b.status})`];
      if (c.differences.length === 0) out.push('identical identity (same run)');
      for (const d of c.differences) out.push(`  ${d.path}: ${JSON.stringify(d.a)} → ${JSON.stringify(d.b)}`);
      if (c.results.length) {
        const t = new Table({ head: ['eval set', 'criterion', 'pair type', 'F1 A', 'F1 B', 'Δ'], style: { head: [], border: [] } });
        for (const r of c.results) t.push([r.evalSet, r.criterion, r.pairType, pct(r.a?.f1), pct(r.b?.f1), r.deltaF1 === null ? '' : (r.deltaF1 * 100).toFixed(1)]);
        out.push(t.toString());
      }
      console.log(out.join('\n'));
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
    withStore(a, (store) => {
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
