// `biorex report EXPERIMENT… --out DIR`: the tracking store → a self-contained HTML report plus
// tables.md / tables.csv / tables.tex. One experiment: Table 3 layout; several: Table 4 layout.
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { storeArgs, storeOptions, type StoreArgs } from './options.ts';

interface ReportArgs extends StoreArgs {
  experiment: string[];
  out?: string;
  criteria?: string[];
  title?: string;
  diagnostics?: boolean;
  copyPredictions?: boolean;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <experiment..>',
  describe: 'Write an HTML report (+ Markdown, CSV, LaTeX tables) for experiments in the tracking store',
  builder: (y) =>
    storeOptions(y)
      .positional('experiment', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'experiment name in the store, catalog name or spec file; several experiments → one row each (paper Table 4 layout)',
      })
      .option('out', { type: 'string', describe: 'output folder (default: reports/<experiment>)' })
      .option('criteria', { type: 'array', string: true, describe: "criteria to tabulate (default: the spec's evaluate.criteria)" })
      .option('title', { type: 'string', describe: 'title of a multi-experiment report' })
      .option('diagnostics', { type: 'boolean', default: false, describe: 'add a Diagnostics section: learning-rate, throughput and other bookkeeping curves' })
      .option('copy-predictions', { type: 'boolean', default: false, describe: "copy the runs' prediction files into the report folder (links then work without the work dir)" })
      .example('$0 report table3 --out reports/table3', 'Table 3 layout from the experiment named table3')
      .example('$0 report table4', 'Table 4 layout: every experiment of experiments/table4.yaml')
      .example('$0 report experiments/quickstart.yaml', 'naming the spec file') as Argv<ReportArgs>,
  handler: async (a) => {
    const { experimentsNamed } = await import('../experiments/index.ts');
    const { loadReportModel } = await import('../report/from-store.ts');
    const { renderReport } = await import('../report/index.ts');
    const args = a.experiment.map(experimentsNamed);
    const model = loadReportModel(storeArgs(a).db, args.flatMap((x) => x.experiments), { criteria: a.criteria, title: a.title });
    const out = a.out ?? join('reports', args.map((x) => x.name).join('+'));
    const r = await renderReport(model, out, { diagnostics: a.diagnostics, copyPredictions: a.copyPredictions });
    const done = model.runs.filter((x) => x.status === 'done').length;
    console.log(
      `report: ${r.files.html} (${r.tables} table${r.tables === 1 ? '' : 's'}, ${r.charts} chart${r.charts === 1 ? '' : 's'}, ` +
        `${done}/${model.runs.length} runs done) + tables.md, tables.csv, tables.tex in ${(r.timings.total / 1000).toFixed(1)} s`,
    );
  },
};
