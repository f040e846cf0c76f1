// Finds the pieces of an exported model: the ONNX graph, the tokenizer, the label map, and what the
// model predicts (its task, that task's harmonization profile, the label view, the prompt).
//
// Layout written by the trainer (docs/trainer.md): a run directory holds `model/` (Hugging Face
// encoder + tokenizer.json + label_map.json) and, after `export-onnx`, `model.onnx` beside it with
// `model.onnx.json` (the exported head, its labels, and the sha256 of the graph and of the model/
// files). `--model` may name the run directory or its `model/` folder.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { parseProfile, type Profile, type View } from '../harmonize/index.ts';
import { isNegativeLabel } from '../vocabulary.ts';

/** Where a model's files are, before anything is read: enough to export it. */
export interface ModelLocation {
  /** The training run directory (holds model/ and, once exported, model.onnx). */
  runDir: string;
  /** The folder with tokenizer.json and label_map.json. */
  modelDir: string;
  /** The fp32 ONNX graph, when it exists. */
  onnx?: string;
  /** Where export-onnx writes the graph when there is none yet. */
  defaultOnnx: string;
}

export interface ModelFiles {
  runDir: string;
  /** The folder with tokenizer.json and label_map.json. */
  modelDir: string;
  /** The fp32 ONNX graph. */
  onnx: string;
  /** model.onnx.json: the exported head, its labels and the hashes recorded at export. */
  onnxInfo: string;
  /** Labels of the exported head, in logit order. */
  labels: string[];
  /** Labels meaning "no relation"; a label starting with `None` counts as negative too. */
  negativeLabels: string[];
  maxLength: number;
  /** Entity tags (special tokens): the trainer's context window keeps them in view. */
  specialTokens: string[];
  /** The task whose documents the model predicts: the training set's target (MTL: the exported head). */
  task: string;
  /** That task's harmonization profile as training used it: candidate pairs, tags, prompt name. */
  profile: Profile;
  /** Label view of the training set (harmonized: BioREx labels; native: the corpus's own). */
  view: View;
  /** Whether training texts carried the question prompt. */
  prompt: boolean;
  /** `task_labels_only`: the labels a prediction may take (the task's own, in logit order); absent: every label. */
  allowedLabels?: string[];
  head: string;
  mode?: string;
  /** What export-onnx recorded: sha256 of model.onnx and of each model/ file (absent in older exports). */
  exported: { sha256?: string; modelFiles?: Record<string, string> };
}

interface LabelMap {
  heads?: Record<string, string[]>;
  max_length?: number;
  special_tokens?: string[];
  negative_labels?: string[];
  mode?: string;
  prompt?: boolean;
  task?: string;
  view?: string;
  profiles?: Record<string, unknown>;
  tasks?: Record<string, string[]>;
  task_labels_only?: boolean;
}

interface OnnxInfo {
  head?: string;
  labels?: string[];
  max_length?: number | null;
  sha256?: string;
  model_files?: Record<string, string>;
}

/** The command that exports a model directory (the message of every "export it" fix). */
export const exportCommand = (runDir: string): string => `biorex export-onnx --model ${runDir}`;

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new InputError({ file, message: `cannot read it as JSON (${(e as Error).message})`, fix: 'restore the file from the training run, or retrain' });
  }
}

/** `--model DIR` (a run directory or its model/ folder) → where its files are; the graph may be missing. */
export function locateModel(dirArg: string): ModelLocation {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) {
    throw new InputError({ file: dirArg, message: 'model directory does not exist', fix: 'pass the directory of a training run (the one holding model/ and model.onnx) or a run id' });
  }
  if (!statSync(dir).isDirectory()) {
    throw new InputError({ file: dirArg, message: 'is a file, not a model directory', fix: 'pass the directory of a training run (the one holding model/ and model.onnx) or a run id' });
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
  return { runDir, modelDir, onnx: candidates.find((f) => existsSync(f)), defaultOnnx: candidates[0] };
}

const VIEWS: readonly string[] = ['harmonized', 'native'];

/**
 * What the model predicts, from label_map.json: the task, its profile, the view and the prompt, all
 * written by the trainer from the training set's manifest. A model without them is refused: guessing
 * (e.g. BioRED's profile for every model) builds texts the model never saw.
 */
function taskOf(labelMap: LabelMap, file: string, head: string): Pick<ModelFiles, 'task' | 'profile' | 'view' | 'prompt'> {
  const heads = Object.keys(labelMap.heads ?? {});
  // one head per task (MTL): the exported head names the task; otherwise the training set's target
  const task = heads.length > 1 ? head : labelMap.task;
  const raw = task === undefined ? undefined : labelMap.profiles?.[task];
  const missing = [
    ...(task === undefined ? ['task'] : []),
    ...(task !== undefined && raw === undefined ? [`profiles.${task}`] : []),
    ...(labelMap.view === undefined ? ['view'] : []),
    ...(labelMap.prompt === undefined ? ['prompt'] : []),
  ];
  if (missing.length > 0) {
    throw new InputError({
      file,
      message:
        `the model does not record how its training texts were built (label_map.json lacks ${missing.join(', ')}): ` +
        'it was trained before the trainer wrote them, or on an instance set whose manifest has no `target` and `profiles`',
      fix: 'retrain it with this version on a set built by `biorex data build` or `biorex run` (the trainer version is part of the run identity, so `biorex run` trains it again)',
    });
  }
  if (!VIEWS.includes(labelMap.view!)) {
    throw new InputError({ file, message: `view "${labelMap.view}" is neither harmonized nor native`, fix: 'restore label_map.json from the training run, or retrain' });
  }
  const profile = parseProfile(raw, `${file} (profiles.${task})`);
  if (profile.rules.c === 'c3') {
    throw new InputError({
      file,
      message: `task ${task} drops its uncurated pairs (rule c3): the model never saw a negative ${task} pair, and every pair of new text is uncurated`,
      fix: 'predict with a model whose target keeps its negative pairs (rules c1/c2)',
    });
  }
  return { task: task!, profile, view: labelMap.view as View, prompt: labelMap.prompt! };
}

/** Resolves `--model DIR` (run directory or its model/ folder) to the files prediction needs. */
export function resolveModelFiles(dirArg: string): ModelFiles {
  const loc = locateModel(dirArg);
  if (!loc.onnx) {
    throw new InputError({
      file: resolve(dirArg),
      message: `no model.onnx (looked for ${loc.defaultOnnx} and ${join(loc.modelDir, 'model.onnx')})`,
      fix: `export it with \`${exportCommand(loc.runDir)}\`, or pass --export to predict`,
    });
  }
  const labelMapFile = join(loc.modelDir, 'label_map.json');
  const labelMap = readJson<LabelMap>(labelMapFile);
  const onnx = loc.onnx;
  // export-onnx writes model.onnx.json beside the graph (head, labels, max_length, hashes)
  const infoFile = [`${onnx}.json`, onnx.replace(/\.onnx$/, '.json')].find((f) => existsSync(f)) ?? `${onnx}.json`;
  const info: OnnxInfo = existsSync(infoFile) ? readJson<OnnxInfo>(infoFile) : {};
  const heads = labelMap.heads ?? {};
  const head = info.head ?? (Object.keys(heads).length === 1 ? Object.keys(heads)[0] : undefined);
  const labels = info.labels ?? (head ? heads[head] : undefined);
  if (!head || !labels || labels.length === 0) {
    throw new InputError({
      file: infoFile,
      message: `cannot tell which head model.onnx scores (heads: ${Object.keys(heads).join(', ') || 'none'})`,
      fix: `re-export it so that model.onnx.json records the head: ${exportCommand(loc.runDir)} --head NAME`,
    });
  }
  const what = taskOf(labelMap, labelMapFile, head);
  const own = labelMap.tasks?.[what.task];
  if (labelMap.task_labels_only && !own) {
    throw new InputError({ file: labelMapFile, message: `task_labels_only is set but tasks.${what.task} is missing`, fix: 'restore label_map.json from the training run, or retrain' });
  }
  const allowedLabels = labelMap.task_labels_only ? labels.filter((l) => own!.includes(l)) : undefined;
  return {
    runDir: loc.runDir,
    modelDir: loc.modelDir,
    onnx,
    onnxInfo: infoFile,
    labels,
    negativeLabels: labelMap.negative_labels ?? labels.filter(isNegativeLabel),
    maxLength: info.max_length ?? labelMap.max_length ?? 512,
    specialTokens: labelMap.special_tokens ?? [],
    ...what,
    ...(allowedLabels && allowedLabels.length < labels.length ? { allowedLabels } : {}),
    head,
    mode: labelMap.mode,
    exported: { sha256: info.sha256, modelFiles: info.model_files },
  };
}

/** True when `label` means "no relation". */
export function isNegative(files: Pick<ModelFiles, 'negativeLabels'>, label: string): boolean {
  return files.negativeLabels.includes(label) || isNegativeLabel(label);
}

/** A model named on the command line: its run directory, and the run's record when the store knows it. */
export interface ModelRef {
  dir: string;
  /** The tracking store's run of that directory (id, hash, the sha256 of its artifacts). */
  run?: { id: number; hash: string; db: string; artifacts: { kind: string; path: string; sha256: string | null }[] };
}

/** Looks like a path rather than a run id / hash prefix (`#12`, `12`, `3fa9c0`). */
const looksLikePath = (s: string): boolean => /[/\\]/.test(s) || s.startsWith('.') || s.startsWith('~');

/**
 * `--model RUN_ID|DIR`: an existing directory is used as is; anything else is looked up as a run id
 * or hash prefix in the tracking store `db` and resolved to that run's directory. Either way, the
 * store's record of the run (its artifact hashes) comes along when the store has the run.
 */
export async function resolveModelArg(model: string, db: string): Promise<ModelRef> {
  const isDir = existsSync(model);
  if (!isDir && looksLikePath(model)) {
    throw new InputError({
      file: model,
      message: 'model directory does not exist',
      fix: 'pass the directory of a training run (holding model/ and model.onnx), or a run id / hash prefix from `biorex runs list`',
    });
  }
  if (!existsSync(db)) {
    if (isDir) return { dir: model };
    throw new InputError({
      file: model,
      message: `not a directory, and there is no tracking store at ${db} to look it up as a run id`,
      fix: 'pass the directory of a training run (holding model/ and model.onnx), or --db with the tracking store that knows the run',
    });
  }
  const { openStore } = await import('../tracking/index.ts');
  const store = openStore(db, { readonly: true });
  try {
    let run;
    if (isDir) {
      const runDir = locateModel(model).runDir;
      run = store.listRuns().find((r) => r.runDir && resolve(r.runDir) === runDir);
      if (!run) return { dir: model };
    } else {
      try {
        run = store.findRun(model);
      } catch (e) {
        // (by name: the store is imported lazily, and a test runner may load errors.ts twice)
        if ((e as Error).name !== 'InputError') throw e;
        throw new InputError({
          file: model,
          message: `no such directory, and no run '${model}' in the tracking store ${db}`,
          fix: 'pass the directory of a training run, or a run id / hash prefix from `biorex runs list`',
        });
      }
      if (!run.runDir) {
        throw new InputError({ file: db, message: `run ${model} (#${run.id}, ${run.status}) has no run directory yet`, fix: 'finish the run first (`biorex run` / `biorex reproduce`), then export it to ONNX' });
      }
    }
    return { dir: isDir ? model : run.runDir!, run: { id: run.id, hash: run.hash, db, artifacts: store.getArtifacts(run.id) } };
  } finally {
    store.close();
  }
}
