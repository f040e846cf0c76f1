// File loaders used by `biorex eval` and the runner (instance files are read by src/instances).
import { readFile } from 'node:fs/promises';
import type { Document } from '../corpora/types.ts';
import { parsePubTator } from '../corpora/index.ts';
import { InputError } from '../errors.ts';
import { parseInstancePredictions } from './instance-predictions.ts';
import { parsePredictedRelations } from './predicted-pubtator.ts';
import type { InstancePrediction, PredictedPair } from './types.ts';

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({ file: path, message: `cannot read the ${what} (${code ?? String(err)})`, fix: 'check the path' });
  }
}

/** Gold documents from a PubTator file (the corpora stage's reader: offsets and ids are validated). */
export async function readGoldPubTator(path: string): Promise<Document[]> {
  return parsePubTator(await readText(path, 'gold PubTator file'), { file: path });
}

export async function readPredictedPubTator(path: string): Promise<PredictedPair[]> {
  return parsePredictedRelations(await readText(path, 'predicted PubTator file'), path);
}

export async function readPredictionsFile(path: string): Promise<InstancePrediction[]> {
  return parseInstancePredictions(await readText(path, 'predictions file'), path);
}
