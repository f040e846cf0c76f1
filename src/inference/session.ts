// Runs a sequence-classification ONNX model (inputs input_ids + attention_mask [+ token_type_ids],
// output logits) with onnxruntime-node over pre-tokenized sequences, in length-sorted batches padded
// only to the longest sequence of each batch (dynamic padding).
import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { InputError } from '../errors.ts';

export interface SessionOptions {
  /** Intra-op threads (default: onnxruntime's choice, = physical cores). */
  threads?: number;
}

export interface BatchOptions {
  batchSize?: number;
  /** Called after each batch with the number of sequences done so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Indices of `lengths` grouped into batches of at most `batchSize`, longest first, so each batch pads
 * to a length close to all of its members. Deterministic: ties keep input order.
 */
export function lengthSortedBatches(lengths: number[], batchSize: number): number[][] {
  if (!(batchSize >= 1)) throw new RangeError(`batch size must be >= 1, got ${batchSize}`);
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}

/** Row-wise softmax of a [rows × cols] logits buffer, computed in float64 for stable probabilities. */
export function softmaxRows(logits: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, logits[r * cols + c]);
    const row = new Array<number>(cols);
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      row[c] = Math.exp(logits[r * cols + c] - max);
      sum += row[c];
    }
    for (let c = 0; c < cols; c++) row[c] /= sum;
    out.push(row);
  }
  return out;
}

export class OnnxClassifier {
  private constructor(
    readonly path: string,
    private readonly session: ort.InferenceSession,
    readonly numLabels: number | undefined,
  ) {}

  static async load(path: string, opts: SessionOptions = {}): Promise<OnnxClassifier> {
    const fix = "re-export it with the trainer's export-onnx (.venv/bin/python -m biorex_trainer export-onnx --model RUN_DIR/model)";
    if (!existsSync(path)) throw new InputError({ file: path, message: 'ONNX model not found', fix });
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(path, {
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        ...(opts.threads ? { intraOpNumThreads: opts.threads, interOpNumThreads: 1 } : {}),
      });
    } catch (e) {
      throw new InputError({ file: path, message: `onnxruntime cannot load it (${(e as Error).message.split('\n')[0]})`, fix });
    }
    for (const name of ['input_ids', 'attention_mask']) {
      if (!session.inputNames.includes(name)) {
        throw new InputError({ file: path, message: `the ONNX model has no input "${name}" (inputs: ${session.inputNames.join(', ')})`, fix });
      }
    }
    if (!session.outputNames.includes('logits')) {
      throw new InputError({ file: path, message: `the ONNX model has no output "logits" (outputs: ${session.outputNames.join(', ')})`, fix });
    }
    const meta = session.outputMetadata?.find?.((m) => m.name === 'logits');
    const lastDim = meta && meta.isTensor ? meta.shape[meta.shape.length - 1] : undefined;
    return new OnnxClassifier(path, session, typeof lastDim === 'number' ? lastDim : undefined);
  }

  /** Logits of one padded batch: row-major [sequences × labels]. */
  async logits(batch: number[][], padId: number): Promise<{ data: Float32Array; cols: number }> {
    const rows = batch.length;
    const width = Math.max(...batch.map((s) => s.length));
    const ids = new BigInt64Array(rows * width).fill(BigInt(padId));
    const mask = new BigInt64Array(rows * width);
    batch.forEach((seq, r) => {
      for (let c = 0; c < seq.length; c++) {
        ids[r * width + c] = BigInt(seq[c]);
        mask[r * width + c] = 1n;
      }
    });
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', ids, [rows, width]),
      attention_mask: new ort.Tensor('int64', mask, [rows, width]),
    };
    if (this.session.inputNames.includes('token_type_ids')) {
      feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(rows * width), [rows, width]);
    }
    const out = await this.session.run(feeds, ['logits']);
    const logits = out.logits;
    const cols = logits.dims[logits.dims.length - 1];
    return { data: logits.data as Float32Array, cols };
  }

  /** Softmax probabilities for every sequence, in input order, computed in length-sorted batches. */
  async probabilities(sequences: number[][], padId: number, opts: BatchOptions = {}): Promise<number[][]> {
    const batchSize = opts.batchSize ?? 8;
    const result = new Array<number[]>(sequences.length);
    let done = 0;
    for (const batch of lengthSortedBatches(sequences.map((s) => s.length), batchSize)) {
      const { data, cols } = await this.logits(batch.map((i) => sequences[i]), padId);
      softmaxRows(data, batch.length, cols).forEach((p, k) => (result[batch[k]] = p));
      done += batch.length;
      opts.onProgress?.(done, sequences.length);
    }
    return result;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
