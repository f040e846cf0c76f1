// `biorex predict`: documents with entity annotations in, relations with type and confidence out.
// Candidate pairs and texts come from the instance stage with the model's own task profile, view
// and prompt (label_map.json), token ids from the model's tokenizer.json (JS), logits from
// model.onnx (onnxruntime-node) — no Python at run time (except once, to build the cached int8
// model for --quantize).
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { InputError, ProblemSink, type InputProblem } from '../errors.ts';
import { sameFile, writeFileAtomic } from '../files.ts';
import { readBiocJsonFile, readBiocXmlFile, readPubTatorFile, type Document } from '../corpora/index.ts';
import { splitInstances, type Instance } from '../instances/index.ts';
import { verifyExport } from './integrity.ts';
import { isNegative, resolveModelFiles, type ModelFiles, type ModelRef } from './model-dir.ts';
import { formatPubTator, type PredictedRelation } from './output.ts';
import { ensureInt8Model } from './quantize.ts';
import { OnnxClassifier } from './session.ts';
import { ModelTokenizer, type EncodedText } from './tokenizer.ts';
import { tagIdsOf, type TagIds } from './window.ts';

export interface PredictorOptions {
  /** onnxruntime intra-op threads (default: its own choice). */
  threads?: number;
  /** Use (and create once) the int8 dynamically quantized model. */
  quantize?: boolean;
  /** The tracking store's record of the run: model.onnx is checked against its artifact hashes too. */
  run?: ModelRef['run'];
}

export interface InstancePrediction {
  id: string;
  label: string;
  /** Probability of `label`. */
  confidence: number;
  /** Probabilities over `labels`, in the model's label order. */
  probs: number[];
  /** The text did not fit in max_length and was cut to the context window. */
  truncated: boolean;
}

/** A loaded model: tokenizer + ONNX session + label map. */
export class RelationPredictor {
  private constructor(
    readonly files: ModelFiles,
    readonly onnxPath: string,
    readonly tokenizer: ModelTokenizer,
    private readonly classifier: OnnxClassifier,
    private readonly tags: TagIds,
  ) {}

  /**
   * `model`: a run directory or its model/ folder (see resolveModelFiles), or already resolved files.
   * The graph is checked first against the hashes recorded at export (and in the store, `opts.run`).
   */
  static async load(model: string | ModelFiles, opts: PredictorOptions = {}): Promise<RelationPredictor> {
    const files = typeof model === 'string' ? resolveModelFiles(model) : model;
    await verifyExport(files, opts.run);
    const tokenizer = ModelTokenizer.fromDir(files.modelDir);
    const tags = tagIdsOf(files.specialTokens, (t) => tokenizer.tokenId(t));
    const onnxPath = opts.quantize ? ensureInt8Model(files.onnx).path : files.onnx;
    const classifier = await OnnxClassifier.load(onnxPath, { threads: opts.threads });
    if (classifier.numLabels !== undefined && classifier.numLabels !== files.labels.length) {
      throw new InputError({
        file: onnxPath,
        message: `the ONNX model has ${classifier.numLabels} outputs but the label map lists ${files.labels.length} labels`,
        fix: `re-export the model so that model.onnx and model.onnx.json match (.venv/bin/python -m biorex_trainer export-onnx --model ${files.modelDir})`,
      });
    }
    return new RelationPredictor(files, onnxPath, tokenizer, classifier, tags);
  }

  get labels(): string[] {
    return this.files.labels;
  }

  /** Token ids exactly as the trainer builds them ([CLS] … [SEP], context window to max_length). */
  encode(text: string): EncodedText {
    return this.tokenizer.encode(text, this.files.maxLength, this.tags);
  }

  /**
   * Label and probabilities of each text, in input order. A model trained with `task_labels_only`
   * predicts over its task's labels only, as the trainer does: the softmax is renormalised over
   * them (the same as masking the other logits) and the other labels get probability 0.
   */
  async predictTexts(
    items: readonly { id: string; text: string }[],
    opts: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<InstancePrediction[]> {
    const encoded = items.map((x) => this.encode(x.text));
    const probs = await this.classifier.probabilities(encoded.map((e) => e.ids), this.tokenizer.padId, opts);
    const allowed = this.files.allowedLabels && this.files.labels.map((l) => this.files.allowedLabels!.includes(l));
    if (allowed) for (const p of probs) restrictTo(p, allowed);
    return probs.map((p, i) => {
      let best = 0;
      for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
      return { id: items[i].id, label: this.files.labels[best], confidence: p[best], probs: p, truncated: encoded[i].truncated };
    });
  }

  async release(): Promise<void> {
    await this.classifier.release();
  }
}

/** Zeroes the probabilities of labels not `allowed` and renormalises the rest, in place. */
function restrictTo(p: number[], allowed: boolean[]): void {
  let sum = 0;
  for (let k = 0; k < p.length; k++) if (allowed[k]) sum += p[k];
  for (let k = 0; k < p.length; k++) p[k] = allowed[k] ? p[k] / sum : 0;
}

/** Reads documents by extension: .xml → BioC XML, .json → BioC JSON, anything else → PubTator. */
export async function readInputDocuments(file: string): Promise<Document[]> {
  if (!existsSync(file)) {
    throw new InputError({ file, message: 'input file does not exist', fix: 'pass a PubTator (.pubtator/.txt) or BioC (.xml/.json) file to --in' });
  }
  if (statSync(file).isDirectory()) {
    throw new InputError({ file, message: 'is a directory, not a file of documents', fix: 'pass one PubTator (.pubtator/.txt) or BioC (.xml/.json) file to --in (concatenate PubTator files with cat, or run predict once per file)' });
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.xml') return readBiocXmlFile(file);
  if (ext === '.json') return readBiocJsonFile(file);
  return readPubTatorFile(file);
}

export interface CandidateSet {
  instances: Instance[];
  /** Documents without any entity annotation. */
  docsWithoutEntities: string[];
  /** Problems skipped while building candidates (e.g. entity types unknown to the profile). */
  skipped: InputProblem[];
}

/**
 * Candidate pairs of `docs` as instances, built as the model's training texts were: its task's
 * profile (entity types, pairs, tags, sentence or document level, prompt name), its label view and
 * prompt setting. Gold relations, if any, are ignored. `split` only names the instances
 * (`<task>/<split>/<doc>/<id1>|<id2>`). Throws when no document has an entity annotation.
 */
export function candidateInstances(
  docs: readonly Document[],
  file: string,
  model: Pick<ModelFiles, 'profile' | 'view' | 'prompt'>,
  split = 'predict',
): CandidateSet {
  if (docs.length === 0) {
    throw new InputError({ file, message: 'no documents in the input', fix: 'pass a PubTator or BioC file with at least one document' });
  }
  const docsWithoutEntities = docs.filter((d) => d.mentions.length === 0).map((d) => d.id);
  if (docsWithoutEntities.length === docs.length) {
    throw new InputError({
      file,
      message: `no entity annotations in any of the ${docs.length} document(s): relations are predicted between annotated entities`,
      fix: `annotate entities first (e.g. PubTator lines PMID<TAB>start<TAB>end<TAB>text<TAB>Type<TAB>ID, with the model's entity types: ${Object.keys(model.profile.entityTypes).join(' / ')}), for instance with PubTator3 or another NER tool`,
    });
  }
  // Relations in the input are not needed and must not steer anything: drop them.
  const bare = docs.map((d) => ({ ...d, relations: [] }));
  const sink = new ProblemSink(true);
  const { instances } = splitInstances(bare, split, model.profile, { view: model.view, prompt: model.prompt, sink });
  return { instances, docsWithoutEntities, skipped: sink.skipped };
}

export interface PredictFileOptions extends PredictorOptions {
  /** A run directory or its model/ folder. */
  model: string;
  input: string;
  output: string;
  batchSize?: number;
  /** Emit a relation only when its label's probability is at least this. */
  minConfidence?: number;
  onProgress?: (done: number, total: number) => void;
  /** Receives warnings (documents without entities, skipped mentions). */
  warn?: (message: string) => void;
}

export interface PredictSummary {
  /** The model's task: whose profile built the candidate pairs. */
  task: string;
  documents: number;
  pairs: number;
  relations: number;
  truncated: number;
  onnx: string;
  seconds: { load: number; predict: number; total: number };
}

/** Predicted relations of instances (non-negative labels at or above `minConfidence`), one per pair. */
export function relationsOf(instances: readonly Instance[], preds: readonly InstancePrediction[], files: ModelFiles, minConfidence = 0): PredictedRelation[] {
  const best = new Map<string, PredictedRelation>();
  instances.forEach((inst, i) => {
    const p = preds[i];
    if (isNegative(files, p.label) || p.confidence < minConfidence) return;
    const key = `${inst.doc}\u0000${inst.ids[0]}\u0000${inst.ids[1]}`;
    const prev = best.get(key);
    // several instances of one pair (sentence-level profiles): keep the most confident
    if (!prev || p.confidence > prev.confidence) best.set(key, { doc: inst.doc, type: p.label, id1: inst.ids[0], id2: inst.ids[1], confidence: p.confidence });
  });
  return [...best.values()];
}

/**
 * Refuses an output that would overwrite the input (the same path, or a symbolic or hard link to
 * it), an output folder that does not exist, and an output that is a directory.
 */
export function checkOutputPath(input: string, output: string): void {
  if (sameFile(input, output)) {
    throw new InputError({
      file: output,
      message: `is the input file${resolve(input) === resolve(output) ? '' : ` (${input}, through a link)`}: writing the predictions there would overwrite the documents`,
      fix: 'write the predictions to another file, e.g. --out predicted.pubtator',
    });
  }
  const dir = dirname(resolve(output));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError({ file: output, message: `its folder ${dir} does not exist`, fix: `create it first (mkdir -p ${dir}), or choose an --out in an existing folder` });
  }
  if (existsSync(output) && statSync(output).isDirectory()) {
    throw new InputError({ file: output, message: 'is a directory', fix: 'give --out a file name, e.g. --out DIR/predicted.pubtator' });
  }
}

/** The whole `biorex predict` run: read, pair, tokenize, score, write. */
export async function predictFile(opts: PredictFileOptions): Promise<PredictSummary> {
  const t0 = performance.now();
  // Input problems first: they are cheap to find, the model is slow to load.
  checkOutputPath(opts.input, opts.output);
  const files = resolveModelFiles(opts.model);
  const docs = await readInputDocuments(opts.input);
  const cands = candidateInstances(docs, opts.input, files);
  if (cands.docsWithoutEntities.length > 0) {
    const ids = cands.docsWithoutEntities;
    opts.warn?.(`${opts.input}: ${ids.length} of ${docs.length} document(s) have no entity annotations and get no relations (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`);
  }
  for (const p of cands.skipped.slice(0, 5)) opts.warn?.(`skipped: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  if (cands.skipped.length > 5) opts.warn?.(`… and ${cands.skipped.length - 5} more skipped annotations`);
  if (cands.instances.length === 0) {
    const level = files.profile.rules.b === 'b2' ? 'one sentence' : 'one document';
    opts.warn?.(`${opts.input}: no candidate pairs (need two entities of ${files.task} pair types in ${level})`);
  }
  const predictor = await RelationPredictor.load(files, opts);
  try {
    const t1 = performance.now();
    const preds = await predictor.predictTexts(cands.instances, { batchSize: opts.batchSize, onProgress: opts.onProgress });
    const t2 = performance.now();
    const truncated = preds.filter((p) => p.truncated).length;
    const relations = relationsOf(cands.instances, preds, predictor.files, opts.minConfidence ?? 0);
    // temporary file + rename: an interrupted run never leaves half a file under the output's name
    await writeFileAtomic(opts.output, formatPubTator(docs, relations));
    const t3 = performance.now();
    return {
      task: files.task,
      documents: docs.length,
      pairs: cands.instances.length,
      relations: relations.length,
      truncated,
      onnx: predictor.onnxPath,
      seconds: { load: (t1 - t0) / 1000, predict: (t2 - t1) / 1000, total: (t3 - t0) / 1000 },
    };
  } finally {
    await predictor.release();
  }
}
