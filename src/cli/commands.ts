// Registry of CLI command modules. Each module exports one yargs CommandModule.
import type { CommandModule } from 'yargs';
import { dataCommand } from './data.ts';
import { evalCommand } from './eval.ts';
import { reportCommand } from './report.ts';
import { rescoreCommand } from './rescore.ts';
import { exportPlmCommand, planCommand, runCommand, runsCommand } from './experiments.ts';
import { reproduceCommand } from './reproduce.ts';
import { predictCommand } from './predict.ts';
import { exportOnnxCommand } from './export-onnx.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [dataCommand, planCommand, runCommand, runsCommand, exportPlmCommand, evalCommand, reportCommand, rescoreCommand, reproduceCommand, predictCommand, exportOnnxCommand];
