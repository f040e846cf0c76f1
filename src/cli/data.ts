import type { CommandModule } from 'yargs';
import { dataFetchCommand, dataListCommand } from './data-corpora.ts';
import { dataBuildCommand, dataStatsCommand } from './data-instances.ts';

// `biorex data <fetch|list|build|stats>`.
export const dataCommand: CommandModule = {
  command: 'data',
  describe: 'Corpora: fetch, list, build instance sets, stats',
  builder: (y) =>
    y
      .command(dataFetchCommand)
      .command(dataListCommand)
      .command(dataBuildCommand)
      .command(dataStatsCommand)
      .demandCommand(1, 'Name a data subcommand: fetch, list, build or stats.'),
  handler: () => {},
};
