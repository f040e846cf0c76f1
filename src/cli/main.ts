// The `biorex` command line: a thin adapter. Each command module parses its options and calls
// the library; no logic lives here.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../errors.ts';
import { commands } from './commands.ts';

const cli = yargs(hideBin(process.argv))
  .scriptName('biorex')
  .strict()
  .demandCommand(1, 'Name a command (see --help).')
  .recommendCommands()
  .help()
  .wrap(Math.min(110, process.stdout.columns ?? 110))
  .fail((msg, err, y) => {
    if (err) throw err;
    console.error(msg);
    console.error('Run `biorex --help` for usage.');
    process.exit(2);
  });

for (const c of commands) cli.command(c);

try {
  await cli.parseAsync();
} catch (err) {
  if (err instanceof InputError) {
    console.error(`error: ${err.message}`);
    process.exit(1);
  }
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
}
