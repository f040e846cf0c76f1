// Finds the pieces of an exported model: the ONNX graph, the tokenizer and the label map.
//
// Layout written by the trainer (docs/trainer.md): a run directory holds `model/` (Hugging Face
// encoder + tokenizer.json + label_map.json) and, after `export-onnx`, `model.onnx` beside it with
// `model.onnx.json` (the exported head and its labels). `--model` may name the run directory or its
// `model/` folder.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { isNegativeLabel } from '../vocabulary.ts';

export interface ModelFiles {
  /** The folder with tokenizer.json and label_map.json. */
  modelDir: string;
  /** The fp32 ONNX graph. */
  onnx: string;
  /** Labels of the exported head, in logit order. */
  labels: string[];
  /** Labels meaning "no relation"; a label starting with `None` counts as negative too. */
  negativeLabels: string[];
  maxLength: number;
  /** Entity tags (special tokens): the trainer's context window keeps them in view. */
  specialTokens: string[];
  /** Whether training texts carried the question prompt (label_map.json `prompt`, copied from the dataset manifest). */
  prompt: boolean;
  head: string;
  mode?: string;
}

interface LabelMap {
  heads?: Record<string, string[]>;
  max_length?: number;
  special_tokens?: string[];
  negative_labels?: string[];
  mode?: string;
  prompt?: boolean;
}

interface OnnxInfo {
  head?: string;
  labels?: string[];
  max_length?: number | null;
}

const EXPORT_FIX = (dir: string): string =>
  `export it with \`.venv/bin/python -m biorex_trainer export-onnx --model ${dir}\` (writes model.onnx beside the model/ folder)`;

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new InputError({ file, message: `cannot read it as JSON (${(e as Error).message})`, fix: 'restore the file from the training run, or retrain' });
  }
}

/** Resolves `--model DIR` (run directory or its model/ folder) to the files prediction needs. */
export function resolveModelFiles(dirArg: string): ModelFiles {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) {
    throw new InputError({ file: dirArg, message: 'model directory does not exist', fix: 'pass the directory of a training run (the one holding model/ and model.onnx) or a run id' });
  }
  // model/ folder: the one with label_map.json
  const modelDir = existsSync(join(dir, 'label_map.json')) ? dir : join(dir, 'model');
  if (!existsSync(join(modelDir, 'label_map.json'))) {
    throw new InputError({
      file: dir,
      message: 'not a trained biorex model: no label_map.json here or in model/',
      fix: 'pass the directory of a finished training run (it holds model/label_map.json and model.onnx)',
    });
  }
  const runDir = basename(modelDir) === 'model' && modelDir !== dir ? dir : dirname(modelDir);
  const candidates = [join(runDir, 'model.onnx'), join(modelDir, 'model.onnx')];
  const onnx = candidates.find((f) => existsSync(f));
  if (!onnx) {
    throw new InputError({
      file: dir,
      message: `no model.onnx (looked for ${candidates.join(' and ')})`,
      fix: EXPORT_FIX(modelDir),
    });
  }
  const labelMap = readJson<LabelMap>(join(modelDir, 'label_map.json'));
  // export-onnx writes model.onnx.json beside the graph (head, labels, max_length)
  const infoFile = [`${onnx}.json`, onnx.replace(/\.onnx$/, '.json')].find((f) => existsSync(f)) ?? `${onnx}.json`;
  const info: OnnxInfo = existsSync(infoFile) ? readJson<OnnxInfo>(infoFile) : {};
  const heads = labelMap.heads ?? {};
  const head = info.head ?? (Object.keys(heads).length === 1 ? Object.keys(heads)[0] : undefined);
  const labels = info.labels ?? (head ? heads[head] : undefined);
  if (!head || !labels || labels.length === 0) {
    throw new InputError({
      file: infoFile,
      message: `cannot tell which head model.onnx scores (heads: ${Object.keys(heads).join(', ') || 'none'})`,
      fix: `re-export with --head NAME so that model.json records the head: ${EXPORT_FIX(modelDir)}`,
    });
  }
  return {
    modelDir,
    onnx,
    labels,
    negativeLabels: labelMap.negative_labels ?? labels.filter(isNegativeLabel),
    maxLength: info.max_length ?? labelMap.max_length ?? 512,
    specialTokens: labelMap.special_tokens ?? [],
    // model dirs written before label_map.json recorded the prompt: every mode but MTL had it
    prompt: labelMap.prompt ?? labelMap.mode !== 'mtl',
    head,
    mode: labelMap.mode,
  };
}

/** True when `label` means "no relation". */
export function isNegative(files: Pick<ModelFiles, 'negativeLabels'>, label: string): boolean {
  return files.negativeLabels.includes(label) || isNegativeLabel(label);
}

/**
 * `--model RUN_ID|DIR`: an existing directory is used as is; anything else is looked up as a run id
 * or hash prefix in the tracking store `db` and resolved to that run's directory.
 */
export async function resolveModelArg(model: string, db: string): Promise<string> {
  if (existsSync(model)) return model;
  if (!existsSync(db)) {
    throw new InputError({
      file: model,
      message: `not a directory, and there is no tracking store at ${db} to look it up as a run id`,
      fix: 'pass the directory of a training run (holding model/ and model.onnx), or --db with the tracking store that knows the run',
    });
  }
  const { openStore } = await import('../tracking/index.ts');
  const store = openStore(db, { readonly: true });
  try {
    const run = store.findRun(model);
    if (!run.runDir) {
      throw new InputError({ file: db, message: `run ${model} (#${run.id}, ${run.status}) has no run directory yet`, fix: 'finish the run first (`biorex run` / `biorex reproduce`), then export it to ONNX' });
    }
    return run.runDir;
  } finally {
    store.close();
  }
}
