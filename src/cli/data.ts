import type { CommandModule } from 'yargs';

// `biorex data <fetch|list|build|stats>` — subcommands are added by the corpora and instances stages.
export const dataCommand: CommandModule = {
  command: 'data',
  describe: 'Corpora: fetch, list, build instance sets, stats',
  builder: (y) => y.demandCommand(1, 'Name a data subcommand: fetch, list, build or stats.'),
  handler: () => {},
};
