// `biorex export-onnx`: a finished run's model as model.onnx (+ model.onnx.json), for `biorex predict`.
import type { Argv, CommandModule } from 'yargs';
import { storeArgs, storeOptions, type StoreArgs } from './options.ts';

interface ExportArgs extends StoreArgs {
  model: string;
  head?: string;
}

export const exportOnnxCommand: CommandModule<object, ExportArgs> = {
  command: 'export-onnx',
  describe: "Export a trained run's model to ONNX (model.onnx beside its model/ folder), the graph `biorex predict` runs",
  builder: (y) =>
    storeOptions(y)
      .option('model', { type: 'string', demandOption: true, describe: 'run directory (holds model/) or run id / hash prefix in the tracking store (--db)' })
      .option('head', { type: 'string', describe: "MTL: the task whose head to export (default: the training set's target)" }) as Argv<ExportArgs>,
  handler: async (a) => {
    const { exportOnnx, resolveModelArg } = await import('../inference/index.ts');
    const { db } = storeArgs(a);
    const ref = await resolveModelArg(a.model, db);
    console.error(`exporting ${ref.run ? `run #${ref.run.id} (${ref.dir})` : ref.dir} with the trainer's export-onnx…`);
    const r = await exportOnnx(ref, { head: a.head });
    console.error(
      `head ${r.head}, ${r.labels.length} labels → ${r.onnx} (${r.seconds.toFixed(1)} s)` +
        (r.recorded ? `; its sha256 is recorded with run #${ref.run!.id} in ${db}` : ''),
    );
  },
};
