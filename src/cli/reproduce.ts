// `biorex reproduce NAME|SPEC`: a thin adapter over src/reproduce (corpora → runs → scoring →
// statistics → report), printing where the report is and its main table.
import { relative } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { reproduce } from '../reproduce/index.ts';

interface ReproduceArgs {
  experiment: string;
  profile?: string;
  data?: string;
  from?: string;
  db?: string;
  work?: string;
  out?: string;
  jobs?: number;
  cpu?: boolean;
  'rerun-failed'?: boolean;
  quiet?: boolean;
  progress?: 'auto' | 'bars' | 'lines';
}

export const reproduceCommand: CommandModule<object, ReproduceArgs> = {
  command: 'reproduce <experiment>',
  describe: 'Reproduce an experiment end to end: corpora, instance sets, runs, scores, statistics and the report (resumable)',
  builder: (y) =>
    y
      .positional('experiment', {
        type: 'string',
        demandOption: true,
        describe: 'a catalog name (quickstart, table3, table4, plm-comparison, size-sweep → experiments/NAME.yaml) or a spec file',
      })
      .option('profile', { type: 'string', describe: "apply the spec's profile, e.g. smoke (tiny PLM, few documents, 1 epoch: minutes on a CPU)" })
      .option('data', { type: 'string', describe: 'data root holding the corpora, e.g. ../shared/corpora (default: $BIOREX_DATA or data/corpora)' })
      .option('from', { type: 'string', describe: 'copy the corpora the experiment needs from this local mirror into the data root first' })
      .option('db', { type: 'string', describe: 'tracking store (default: $BIOREX_DB or <work>/biorex.sqlite)' })
      .option('work', { type: 'string', describe: 'work dir: instance-set cache and run dirs (default: $BIOREX_WORK or work/)' })
      .option('out', { type: 'string', describe: 'report folder (default: reports/<experiment>)' })
      .option('jobs', { alias: 'j', type: 'number', describe: 'parallel runs (default: one per visible GPU, else 1)' })
      .option('cpu', { type: 'boolean', default: false, describe: 'ignore GPUs' })
      .option('rerun-failed', { type: 'boolean', default: false, describe: 'start failed/interrupted runs over instead of resuming them' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress output; print only the summary' })
      .option('progress', { choices: ['auto', 'bars', 'lines'] as const, default: 'auto' as const, describe: 'progress display' })
      .example('$0 reproduce quickstart', 'the bundled synthetic corpus, tiny model, CPU: minutes, no network')
      .example('$0 reproduce table3 --profile smoke --data ../shared/corpora', 'paper Table 3 scaled down, on real corpora')
      .example('$0 reproduce table4 --from /mnt/mirror', 'copy the corpora from a mirror, then the full Table 4 (GPU)') as Argv<ReproduceArgs>,
  handler: async (a) => {
    const r = await reproduce({
      experiment: a.experiment,
      profile: a.profile,
      data: a.data,
      from: a.from,
      db: a.db,
      work: a.work,
      out: a.out,
      jobs: a.jobs,
      cpu: a.cpu,
      rerunFailed: a['rerun-failed'],
      progress: a.quiet ? 'none' : (a.progress ?? 'auto'),
      log: a.quiet ? () => undefined : undefined,
    });
    const total = r.runs.reduce((n, s) => n + s.total, 0);
    const done = r.runs.reduce((n, s) => n + s.done, 0);
    const trained = r.runs.reduce((n, s) => n + s.trained, 0);
    const failed = r.runs.flatMap((s) => s.failed);
    console.log('');
    console.log(r.summary);
    console.log('');
    for (const f of failed) console.log(`failed: ${f.hash.slice(0, 10)} ${f.label}: ${f.error}`);
    const rel = relative(process.cwd(), r.report.files.html);
    console.log(
      `${r.name}${r.profile ? ` [profile ${r.profile}]` : ''}: ${done}/${total} runs done (${trained} trained now), ` +
        `${r.seconds.total.toFixed(0)} s. Report: ${rel.startsWith('..') ? r.report.files.html : rel} (+ tables.md, tables.csv, tables.tex)`,
    );
    if (r.exitCode === 130) console.log('Interrupted: run the same command again to finish the missing runs.');
    else if (r.exitCode === 1) console.log('Some runs failed: run the same command again to resume them (or add --rerun-failed to start them over).');
    process.exitCode = r.exitCode;
  },
};
