// Two small non-BioRED models for the predict parity tests, built once per test process through the
// real pipeline: instance sets from the bundled synthetic corpora (instance stage), make-tiny-plm,
// the trainer (which writes label_map.json from the set's manifest), export-onnx.
//  - `biorex`: target Sample, the merged BioREx set with SampleDDI and SampleGDA (harmonized labels,
//    one head over the union label set, prompt "What is the relation in Sample between …").
//  - `ddi`: target SampleDDI alone (`original`: native labels mechanism/effect/advise/int, sentence
//    level with one sentence per record, drug entity types, mention ids, prompt "… in SampleDDI …").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCorpusSet, buildMergedSets } from '../../src/instances/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { runPython } from './tiny-model.ts';

export interface SampleModel {
  runDir: string;
  /** The documents the set's test split was built from (PubTator). */
  testDocs: string;
  /** The set's test instances, as the trainer read them. */
  testInstances: string;
  torchPredictions: string;
}

export type SampleModelKind = 'biorex' | 'ddi';

const built = new Map<SampleModelKind, Promise<SampleModel>>();

export function sampleModel(kind: SampleModelKind): Promise<SampleModel> {
  if (!built.has(kind)) built.set(kind, build(kind));
  return built.get(kind)!;
}

async function build(kind: SampleModelKind): Promise<SampleModel> {
  const dir = mkdtempSync(join(tmpdir(), `biorex-sample-model-${kind}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  let set: string;
  let testDocs: string;
  if (kind === 'biorex') {
    await buildMergedSets({ target: 'Sample', externals: ['SampleDDI', 'SampleGDA'], out: join(dir, 'sets') });
    set = join(dir, 'sets/biorex');
    testDocs = resolve(REPO_ROOT, 'data/sample/test.pubtator');
  } else {
    set = join(dir, 'sets/ddi');
    await buildCorpusSet({ corpus: 'SampleDDI', out: set, view: 'native', prompt: true });
    testDocs = resolve(REPO_ROOT, 'data/sample-ext/ddi/test.pubtator');
  }
  runPython(['-m', 'biorex_trainer', 'make-tiny-plm', '--text', join(set, 'train.jsonl'), '--out', 'plm', '--vocab-size', '500', '--hidden', '32', '--layers', '1', '--heads', '2', '--max-position', '128'], { cwd: dir });
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({
      mode: 'single', plm: './plm', manifest: join(set, 'manifest.json'), files: { train: join(set, 'train.jsonl'), test: join(set, 'test.jsonl') },
      out: 'run', epochs: kind === 'biorex' ? 3 : 8, batch_size: 8, max_length: 64, lr: 1e-2, device: 'cpu', threads: 1, save_checkpoints: false,
    }),
  );
  runPython(['-m', 'biorex_trainer', 'train', '--config', 'run.json'], { cwd: dir });
  const runDir = join(dir, 'run');
  runPython(['-m', 'biorex_trainer', 'export-onnx', '--model', join(runDir, 'model')], { cwd: dir });
  return { runDir, testDocs, testInstances: join(set, 'test.jsonl'), torchPredictions: join(runDir, 'predictions/test.jsonl') };
}
