// `biorex rescore EXPERIMENT --criteria …`: score the stored predictions of an experiment's finished
// runs again (e.g. on a criterion the report says was "not scored"), without training anything.
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { storeArgs, storeOptions, type StoreArgs } from './options.ts';

interface RescoreArgs extends StoreArgs {
  experiment: string;
  criteria: string[];
  data?: string;
}

export const rescoreCommand: CommandModule<object, RescoreArgs> = {
  command: 'rescore <experiment>',
  describe: "Score the stored predictions of an experiment's finished runs again (added criteria), without training",
  builder: (y) =>
    storeOptions(y)
      .positional('experiment', { type: 'string', demandOption: true, describe: 'experiment name in the store' })
      .option('criteria', { type: 'array', string: true, demandOption: true, describe: 'criteria to score: pair, pair+type, pair+novelty, all' })
      .option('data', { type: 'string', describe: "data root with the gold corpora (default: the experiment's data.root)" })
      .example('$0 rescore table3 --criteria pair+novelty', 'add the novelty criterion to every finished run of table3') as Argv<RescoreArgs>,
  handler: async (a) => {
    const { rescoreExperiment } = await import('../runner/rescore.ts');
    const r = await rescoreExperiment(storeArgs(a).db, a.experiment, { criteria: a.criteria, root: a.data ? resolve(a.data) : undefined, log: (l) => console.error(l) });
    console.log(
      `rescore ${r.experiment}: ${r.rescored.length} run(s) scored on ${r.criteria.join(', ') || 'nothing'}` +
        (r.skipped.length ? `; ${r.skipped.length} not rescored (listed above)` : ''),
    );
    if (r.rescored.length === 0 && r.skipped.length > 0) process.exitCode = 1;
  },
};
