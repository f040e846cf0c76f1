// `biorex report EXPERIMENT… --out DIR`: the tracking store → a self-contained HTML report plus
// tables.md / tables.csv / tables.tex. One experiment: Table 3 layout; several: Table 4 layout.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../errors.ts';
import { findSpecFile, loadSpecs } from '../experiments/index.ts';
import { loadReportModel } from '../report/from-store.ts';
import { renderReport } from '../report/index.ts';
import { defaultStorePath } from '../locations.ts';

interface ReportArgs {
  experiment: string[];
  out?: string;
  db: string;
  criteria?: string[];
  title?: string;
}

/**
 * An experiment argument is a spec file or a catalog name (read as `biorex run` reads them: every
 * experiment of the file), or else the name of an experiment in the store. `name` names the report.
 */
export function experimentNames(arg: string): { name: string; experiments: string[] } {
  let file: string;
  if (/[\\/]/.test(arg) || /\.ya?ml$/i.test(arg) || (existsSync(arg) && statSync(arg).isFile())) file = arg;
  else {
    try {
      file = findSpecFile(arg);
    } catch (err) {
      if (err instanceof InputError) return { name: arg, experiments: [arg] }; // not in the catalog: a name in the store
      throw err;
    }
  }
  const r = loadSpecs(file);
  return { name: r.name, experiments: r.specs.map((l) => l.spec.name) };
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <experiment..>',
  describe: 'Write an HTML report (+ Markdown, CSV, LaTeX tables) for experiments in the tracking store',
  builder: (y) =>
    y
      .positional('experiment', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'experiment name in the store, catalog name or spec file; several experiments → one row each (paper Table 4 layout)',
      })
      .option('out', { type: 'string', describe: 'output folder (default: reports/<experiment>)' })
      .option('db', { type: 'string', default: defaultStorePath(), defaultDescription: '$BIOREX_DB or work/biorex.sqlite', describe: 'tracking store' })
      .option('criteria', { type: 'array', string: true, describe: "criteria to tabulate (default: the spec's evaluate.criteria)" })
      .option('title', { type: 'string', describe: 'title of a multi-experiment report' })
      .example('$0 report table3 --out reports/table3', 'Table 3 layout from the experiment named table3')
      .example('$0 report experiments/quickstart.yaml', 'the same, naming the spec file') as never,
  handler: async (a) => {
    const args = a.experiment.map(experimentNames);
    const model = loadReportModel(a.db, args.flatMap((x) => x.experiments), { criteria: a.criteria, title: a.title });
    const out = a.out ?? join('reports', args.map((x) => x.name).join('+'));
    const r = await renderReport(model, out);
    const done = model.runs.filter((x) => x.status === 'done').length;
    console.log(
      `report: ${r.files.html} (${r.tables} table${r.tables === 1 ? '' : 's'}, ${r.charts} chart${r.charts === 1 ? '' : 's'}, ` +
        `${done}/${model.runs.length} runs done) + tables.md, tables.csv, tables.tex in ${(r.timings.total / 1000).toFixed(1)} s`,
    );
  },
};
