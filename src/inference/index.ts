// Public entry of the inference stage: relation prediction with an exported ONNX model
// (onnxruntime-node) and the model's tokenizer.json (pure JS), no Python at run time.
export {
  RelationPredictor,
  candidateInstances,
  checkOutputPath,
  predictFile,
  readInputDocuments,
  relationsOf,
  type CandidateSet,
  type InstancePrediction,
  type PredictFileOptions,
  type PredictSummary,
  type PredictorOptions,
} from './predict.ts';
export { exportCommand, isNegative, locateModel, resolveModelArg, resolveModelFiles, type ModelFiles, type ModelLocation, type ModelRef } from './model-dir.ts';
export { verifyExport } from './integrity.ts';
export { exportOnnx, type ExportOptions, type ExportResult } from './export.ts';
export { ModelTokenizer, type EncodedText } from './tokenizer.ts';
export { fitWindow, tagIdsOf, type TagIds } from './window.ts';
export { OnnxClassifier, lengthSortedBatches, softmaxRows, type BatchOptions, type SessionOptions } from './session.ts';
export { ensureInt8Model, int8PathOf } from './quantize.ts';
export { formatPubTator, formatConfidence, type PredictedRelation } from './output.ts';
