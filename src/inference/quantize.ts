// int8 dynamic quantization of model.onnx (weights int8, activations quantized at run time), done once
// with onnxruntime's Python quantizer from the project venv and cached beside the model as
// model.int8.onnx. onnxruntime-node has no quantizer of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { tempPathFor } from '../files.ts';
import { pythonPath } from '../python.ts';

// MatMul/Gemm weights to int8 (the compute), per-tensor. Embedding lookups (Gather) stay fp32:
// they cost nothing at run time and quantizing them only adds error.
const QUANTIZE_PY = `
import sys
from onnxruntime.quantization import QuantType, quantize_dynamic
quantize_dynamic(sys.argv[1], sys.argv[2], weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gemm"])
`;

export function int8PathOf(onnx: string): string {
  return onnx.replace(/\.onnx$/, '') + '.int8.onnx';
}

/**
 * Path of the int8 model for `onnx`, creating it when missing or older than the fp32 model.
 * Returns `{ path, created }`.
 */
export function ensureInt8Model(onnx: string, python = pythonPath()): { path: string; created: boolean } {
  const out = int8PathOf(onnx);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(onnx).mtimeMs) return { path: out, created: false };
  // The Python that has onnxruntime is the trainer's ($BIOREX_PYTHON, else the project venv); it
  // writes under a temporary name that is renamed only once the quantized model is complete.
  const tmp = tempPathFor(out);
  const res = spawnSync(python, ['-c', QUANTIZE_PY, onnx, tmp], { encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    rmSync(tmp, { force: true });
    const why = res.error ? res.error.message : (res.stderr || '').trim().split('\n').slice(-3).join(' | ');
    throw new Error(
      `int8 quantization of ${onnx} failed (${python}): ${why}. Fix: run \`npm run setup\` so that the venv has onnxruntime, or set BIOREX_PYTHON to a Python with onnxruntime`,
    );
  }
  renameSync(tmp, out);
  return { path: out, created: true };
}
