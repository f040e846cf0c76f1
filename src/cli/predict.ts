// `biorex predict`: relations for new documents with an exported model (ONNX, no Python).
import type { Argv, CommandModule } from 'yargs';
import { storeArgs, storeOptions, type StoreArgs } from './options.ts';

interface PredictArgs extends StoreArgs {
  model: string;
  in: string;
  out: string;
  'batch-size': number;
  threads?: number;
  quantize: boolean;
  'min-confidence': number;
}

export const predictCommand: CommandModule<object, PredictArgs> = {
  command: 'predict',
  describe: 'Predict relations between the annotated entities of PubTator/BioC documents with an ONNX model',
  builder: (y) =>
    storeOptions(y)
      .option('model', { type: 'string', demandOption: true, describe: 'run directory (holds model/ and model.onnx) or run id / hash prefix in the tracking store (--db)' })
      .option('in', { type: 'string', demandOption: true, describe: 'input documents with entity annotations: PubTator, BioC XML (.xml) or BioC JSON (.json)' })
      .option('out', { type: 'string', demandOption: true, describe: 'output PubTator: the input text and entities plus PMID<TAB>Type<TAB>ID1<TAB>ID2<TAB>confidence lines' })
      .option('batch-size', { type: 'number', default: 8, describe: 'pairs per batch (batches are length-sorted, padded per batch)' })
      .option('threads', { type: 'number', describe: 'onnxruntime intra-op threads (default: all cores)' })
      .option('quantize', { type: 'boolean', default: false, describe: 'use the int8 dynamically quantized model (built once, cached as model.int8.onnx)' })
      .option('min-confidence', { type: 'number', default: 0, describe: 'write a relation only if its probability is at least this' })
      .check((a) => {
        if (!Number.isInteger(a['batch-size']) || a['batch-size'] < 1) throw new Error('--batch-size must be a positive integer');
        if (a.threads !== undefined && (!Number.isInteger(a.threads) || a.threads < 1)) throw new Error('--threads must be a positive integer');
        if (!(a['min-confidence'] >= 0 && a['min-confidence'] <= 1)) throw new Error('--min-confidence must be between 0 and 1');
        return true;
      }) as Argv<PredictArgs>,
  handler: async (a) => {
    const { predictFile, resolveModelArg } = await import('../inference/index.ts');
    const { default: cliProgress } = await import('cli-progress');
    const modelDir = await resolveModelArg(a.model, storeArgs(a).db);
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: 'predict [{bar}] {value}/{total} pairs | {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    let started = false;
    const summary = await predictFile({
      model: modelDir,
      input: a.in,
      output: a.out,
      batchSize: a['batch-size'],
      threads: a.threads,
      quantize: a.quantize,
      minConfidence: a['min-confidence'],
      warn: (m) => console.error(`warning: ${m}`),
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
    bar?.stop();
    const per1000 = summary.pairs ? (1000 * summary.seconds.predict) / summary.pairs : 0;
    console.error(
      `${summary.documents} documents, ${summary.pairs} candidate pairs (${summary.truncated} cut to the context window), ` +
        `${summary.relations} relations → ${a.out} [${summary.onnx}; ${summary.seconds.predict.toFixed(1)} s, ${per1000.toFixed(1)} s per 1000 pairs]`,
    );
  },
};
