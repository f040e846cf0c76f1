// `biorex reproduce NAME|SPEC`: a thin adapter over src/reproduce (corpora → runs → scoring →
// statistics → report), printing where the report is and its main table.
import { relative } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { runOptions, runnerArgs, type RunArgs } from './options.ts';

interface ReproduceArgs extends RunArgs {
  experiment: string;
  data?: string;
  from?: string;
  out?: string;
}

export const reproduceCommand: CommandModule<object, ReproduceArgs> = {
  command: 'reproduce <experiment>',
  describe: 'Reproduce an experiment end to end: corpora, instance sets, runs, scores, statistics and the report (resumable)',
  builder: (y) =>
    runOptions(y)
      .positional('experiment', {
        type: 'string',
        demandOption: true,
        describe: 'a catalog name (quickstart, table3, table4, plm-comparison, size-sweep → experiments/NAME.yaml) or a spec file',
      })
      .option('data', { type: 'string', describe: 'data root holding the corpora, e.g. ../shared/corpora (default: $BIOREX_DATA or data/corpora)' })
      .option('from', { type: 'string', describe: 'copy the corpora the experiment needs from this local mirror into the data root first' })
      .option('out', { type: 'string', describe: 'report folder (default: reports/<experiment>)' })
      .example('$0 reproduce quickstart', 'the bundled synthetic corpus, tiny model, CPU: minutes, no network')
      .example('$0 reproduce table3 --profile smoke --data ../shared/corpora', 'paper Table 3 scaled down, on real corpora')
      .example('$0 reproduce table4 --from /mnt/mirror', 'copy the corpora from a mirror, then the full Table 4 (GPU)') as Argv<ReproduceArgs>,
  handler: async (a) => {
    const { reproduce } = await import('../reproduce/index.ts');
    const r = await reproduce({
      experiment: a.experiment,
      data: a.data,
      from: a.from,
      out: a.out,
      ...runnerArgs(a),
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
