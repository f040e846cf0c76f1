// `biorex predict`: relations for new documents with an exported model (ONNX, no Python).
import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../errors.ts';
import { storeArgs, storeOptions, type StoreArgs } from './options.ts';

interface PredictArgs extends StoreArgs {
  model: string;
  in: string;
  out: string;
  'batch-size': number;
  threads?: number;
  quantize: boolean;
  'min-confidence': number;
  export: boolean;
}

const optionError = (option: string, value: unknown, message: string, fix: string): InputError =>
  new InputError({ file: `--${option} ${String(value)}`, message, fix });

/** The checks yargs cannot express, as `--option value: message. Fix: …` errors. */
export function checkPredictOptions(a: Pick<PredictArgs, 'batch-size' | 'threads' | 'min-confidence'>): true {
  const b = a['batch-size'];
  if (!Number.isInteger(b) || b < 1) throw optionError('batch-size', b, 'must be a positive whole number (pairs per ONNX call)', 'pass e.g. --batch-size 8 (the default)');
  if (a.threads !== undefined && (!Number.isInteger(a.threads) || a.threads < 1)) {
    throw optionError('threads', a.threads, 'must be a positive whole number (onnxruntime threads)', 'pass e.g. --threads 4, or leave it out for one per core');
  }
  const c = a['min-confidence'];
  if (!(c >= 0 && c <= 1)) throw optionError('min-confidence', c, 'must be a probability between 0 and 1', 'pass e.g. --min-confidence 0.5, or leave it out to keep every relation');
  return true;
}

/** On a terminal: asks whether to export the missing model.onnx now. Elsewhere: no (the error says --export). */
async function askToExport(runDir: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${runDir} has no model.onnx yet. Export it now with the trainer (biorex export-onnx)? [Y/n] `);
    return /^(y|yes|)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export const predictCommand: CommandModule<object, PredictArgs> = {
  command: 'predict',
  describe: 'Predict relations between the annotated entities of PubTator/BioC documents with an ONNX model',
  builder: (y) =>
    storeOptions(y)
      .option('model', { type: 'string', demandOption: true, describe: 'run directory (holds model/ and model.onnx) or run id / hash prefix in the tracking store (--db)' })
      .option('in', { type: 'string', demandOption: true, describe: 'input documents with entity annotations: PubTator, BioC XML (.xml) or BioC JSON (.json)' })
      .option('out', { type: 'string', demandOption: true, describe: 'output PubTator (not the input file; its folder must exist): the input text and entities plus PMID<TAB>Type<TAB>ID1<TAB>ID2<TAB>confidence lines' })
      .option('batch-size', { type: 'number', default: 8, describe: 'pairs per batch (batches are length-sorted, padded per batch)' })
      .option('threads', { type: 'number', describe: 'onnxruntime intra-op threads (default: all cores)' })
      .option('quantize', { type: 'boolean', default: false, describe: 'use the int8 dynamically quantized model (built once, cached as model.int8.onnx)' })
      .option('min-confidence', { type: 'number', default: 0, describe: 'write a relation only if its probability is at least this' })
      .option('export', { type: 'boolean', default: false, describe: 'export model.onnx first when the run has none (as biorex export-onnx); without it, predict asks on a terminal' })
      .check(checkPredictOptions) as Argv<PredictArgs>,
  handler: async (a) => {
    const { checkOutputPath, exportOnnx, locateModel, predictFile, resolveModelArg } = await import('../inference/index.ts');
    const { default: cliProgress } = await import('cli-progress');
    checkOutputPath(a.in, a.out); // before a possible export, which takes a while
    const ref = await resolveModelArg(a.model, storeArgs(a).db);
    const loc = locateModel(ref.dir);
    if (!loc.onnx && (a.export || (await askToExport(loc.runDir)))) {
      console.error(`exporting ${loc.modelDir} → ${loc.defaultOnnx} …`);
      const r = await exportOnnx(ref);
      console.error(`exported head ${r.head} (${r.labels.length} labels) in ${r.seconds.toFixed(1)} s`);
    }
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: 'predict [{bar}] {value}/{total} pairs | {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    let started = false;
    const summary = await predictFile({
      model: ref.dir,
      run: ref.run,
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
      `${summary.documents} documents, ${summary.pairs} candidate pairs of ${summary.task} (${summary.truncated} cut to the context window), ` +
        `${summary.relations} relations → ${a.out} [${summary.onnx}; ${summary.seconds.predict.toFixed(1)} s, ${per1000.toFixed(1)} s per 1000 pairs]`,
    );
  },
};
