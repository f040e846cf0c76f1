// Registry of CLI command modules. Each module exports one yargs CommandModule (or a list).
import type { CommandModule } from 'yargs';
import { dataCommand } from './data.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [dataCommand];
