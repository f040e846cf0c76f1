// Is the graph about to be run the one exported from this run's trained weights? export-onnx records
// the sha256 of model.onnx and of every model/ file in model.onnx.json; the tracking store records the
// sha256 of the run's model/ files when the run finishes (and of model.onnx once `biorex export-onnx`
// exported it). A graph replaced or re-exported from other weights is refused, never run silently.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { sha256File } from '../hashing.ts';
import { exportCommand, type ModelFiles, type ModelRef } from './model-dir.ts';

/** The model/ files prediction itself reads besides the graph. */
const READ_AT_PREDICTION = ['tokenizer.json', 'label_map.json'];

const short = (h: string | null | undefined): string => (h ? h.slice(0, 12) : 'none');

/**
 * Checks model.onnx against model.onnx.json, the model/ files prediction reads against the export,
 * and — when the store knows the run — the export's source files against the run's recorded
 * artifacts. Throws an InputError naming the file that changed.
 */
export async function verifyExport(files: ModelFiles, run?: ModelRef['run']): Promise<void> {
  const reexport = `re-export it from the run's own model/ folder: ${exportCommand(files.runDir)}`;
  const { sha256, modelFiles } = files.exported;
  if (!sha256 || !modelFiles) {
    throw new InputError({
      file: files.onnxInfo,
      message: 'records no sha256 of model.onnx and its model/ files (exported by an earlier version), so the graph cannot be checked',
      fix: reexport,
    });
  }
  const actual = await sha256File(files.onnx);
  if (actual !== sha256) {
    throw new InputError({
      file: files.onnx,
      message: `changed after it was exported (sha256 ${short(actual)}…, model.onnx.json recorded ${short(sha256)}…)`,
      fix: reexport,
    });
  }
  for (const name of READ_AT_PREDICTION) {
    const path = join(files.modelDir, name);
    const now = existsSync(path) ? await sha256File(path) : undefined;
    if (now !== modelFiles[name]) {
      throw new InputError({
        file: path,
        message: `changed after model.onnx was exported (sha256 ${short(now)}…, the export recorded ${short(modelFiles[name])}…)`,
        fix: `restore it from the training run, or ${reexport}`,
      });
    }
  }
  if (!run) return;
  for (const a of run.artifacts) {
    if (a.kind === 'model' && a.path.startsWith('model/')) {
      const exported = modelFiles[a.path.slice('model/'.length)];
      if (exported !== a.sha256) {
        throw new InputError({
          file: files.onnx,
          message:
            `was not exported from run #${run.id}'s trained model: ${a.path} has sha256 ${short(a.sha256)}… in the tracking store ${run.db}, ` +
            `but the export read ${short(exported)}… (the weights changed after training)`,
          fix: `restore model/ from the run (or retrain it), then ${exportCommand(files.runDir)}`,
        });
      }
    } else if (a.kind === 'onnx' && a.path === 'model.onnx' && a.sha256 !== actual) {
      throw new InputError({
        file: files.onnx,
        message: `differs from the graph recorded for run #${run.id} in ${run.db} (sha256 ${short(actual)}…, recorded ${short(a.sha256)}…)`,
        fix: reexport,
      });
    }
  }
}
