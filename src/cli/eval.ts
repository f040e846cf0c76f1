// `biorex eval`: score predictions against gold, independent of runs.
import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../errors.ts';
import type { PairFilter, PredictedPair } from '../evaluation/index.ts';
import { CRITERIA, DEFAULT_CRITERIA, type Criterion } from '../vocabulary.ts';

interface EvalArgs {
  gold: string;
  pred?: string;
  instances?: string;
  predictions?: string;
  filter: PairFilter;
  criteria: Criterion[];
  'pair-subset'?: string;
  'eval-set': string;
  json: boolean;
  details: boolean;
}

export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval',
  describe: 'Score predicted relations against a gold PubTator file (BioRED criteria, micro P/R/F)',
  builder: (y) =>
    y
      .option('gold', { type: 'string', demandOption: true, describe: 'gold PubTator file (e.g. BioRED Test.PubTator)' })
      .option('pred', { type: 'string', describe: 'predicted PubTator file (relation lines; 5th field = score or novelty)' })
      .option('instances', { type: 'string', describe: 'instance JSONL (with --predictions, instead of --pred)' })
      .option('predictions', { type: 'string', describe: 'predictions/<split>.jsonl of a run (with --instances)' })
      .option('filter', { choices: ['five', 'none'] as const, default: 'five' as PairFilter, describe: 'five: the reference five entity-pair types; none: every pair' })
      .option('criteria', { type: 'array', choices: CRITERIA, default: [...DEFAULT_CRITERIA], describe: 'what must match' })
      .option('pair-subset', { type: 'string', describe: 'score one entity-pair type only, e.g. Chemical|Disease or "<C,D>"' })
      .option('eval-set', { type: 'string', default: 'BioRED/test', describe: 'name stored with the rows' })
      .option('json', { type: 'boolean', default: false, describe: 'print the score as JSON' })
      .option('details', { type: 'boolean', default: false, describe: 'print TP/FP/FN lines per document (first criterion)' })
      .check((a) => {
        const viaInstances = a.instances !== undefined || a.predictions !== undefined;
        if (a.pred !== undefined && viaInstances) throw new Error('give either --pred, or --instances with --predictions, not both');
        if (a.pred === undefined && !(a.instances !== undefined && a.predictions !== undefined)) {
          throw new Error('give --pred FILE.pubtator, or --instances FILE.jsonl with --predictions FILE.jsonl');
        }
        return true;
      }) as Argv<EvalArgs>,
  handler: async (a) => {
    const { foldInstancePredictions, formatDetails, formatScoreText, readGoldPubTator, readPredictedPubTator, readPredictionsFile, scoreBioRED } =
      await import('../evaluation/index.ts');
    const { readInstances } = await import('../instances/index.ts');
    const gold = await readGoldPubTator(a.gold);
    let pred: PredictedPair[];
    if (a.pred !== undefined) pred = await readPredictedPubTator(a.pred);
    else {
      const instances = await readInstances(a.instances!);
      const predictions = await readPredictionsFile(a.predictions!);
      pred = foldInstancePredictions(instances, predictions, { instancesFile: a.instances, predictionsFile: a.predictions });
    }
    let score;
    try {
      score = scoreBioRED(gold, pred, {
        criteria: a.criteria,
        filter: a.filter,
        pairSubset: a['pair-subset'],
        evalSet: a['eval-set'],
        details: a.details || a.json,
      });
    } catch (err) {
      if (a['pair-subset'] !== undefined && err instanceof Error && err.message.includes('pair subset')) {
        throw new InputError({ file: '--pair-subset', message: err.message, fix: 'write it like Chemical|Disease or "<C,D>"' });
      }
      throw err;
    }
    for (const w of score.warnings) console.error(`warning: ${w}`);
    if (a.json) process.stdout.write(JSON.stringify(score, null, 2) + '\n');
    else {
      process.stdout.write(formatScoreText(score));
      if (a.details) process.stdout.write('\n' + formatDetails(score, a.criteria[0]));
    }
  },
};
