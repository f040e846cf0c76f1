// Benchmark: prediction time per 1000 BioRED test pairs for a BERT-base-sized model (PubMedBERT's
// architecture, random weights) with ORT fp32, ORT int8 (both through `biorex predict`'s own code:
// JS tokenizer, length-sorted batches, dynamic padding) and PyTorch fp32 (the trainer's predict
// loop, same token ids, same batches), in one run. Plus the int8 accuracy change (F-score on BioRED
// test, fp32 vs int8) and PyTorch ↔ ONNX parity for a trained model.
//
// Pairs: the candidate pairs of /work/shared/corpora/biored/Test.PubTator built by the instance
// stage, tokenized (max length 512, the trainer's context window) with a WordPiece tokenizer trained
// by `make-tiny-plm` on the other corpora's text. Timing uses a sample stratified over the length
// distribution (every k-th pair in length order) and extrapolates to 1000 pairs.
//
// Run: npx tsx bench/predict-speed.ts [--sample 150] [--batch-size 8] [--threads 2]
//        [--trained RUN_DIR] [--train-steps 200] [--skip-torch] [--prepare-only] [--corpora DIR]
// Models are cached under bench/work/predict-speed/ (first run builds them: ~1-2 min, more with
// the small trained model); results go to bench/results/predict-speed.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPubTatorFile } from '../src/corpora/index.ts';
import { parsePredictedRelations, scoreBioRED, foldInstancePredictions, type PRF } from '../src/evaluation/index.ts';
import {
  RelationPredictor,
  candidateInstances,
  ensureInt8Model,
  formatPubTator,
  readInputDocuments,
  relationsOf,
  type InstancePrediction,
} from '../src/inference/index.ts';
import { loadProfile } from '../src/harmonize/index.ts';
import { buildCorpusSet, type Instance } from '../src/instances/index.ts';
import { pythonPath, trainerEnv } from '../src/python.ts';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const flag = (name: string): boolean => process.argv.includes(name);
const corpora = resolve(arg('--corpora') ?? process.env.BIOREX_SHARED_CORPORA ?? resolve(here, '../../shared/corpora'));
const sampleSize = Number(arg('--sample') ?? 150);
const batchSize = Number(arg('--batch-size') ?? 8);
const threads = Number(arg('--threads') ?? 2);
const trainSteps = Number(arg('--train-steps') ?? 200);
const work = resolve(here, 'work/predict-speed');
const testFile = join(corpora, 'biored/Test.PubTator');
const python = pythonPath();
const BIORED_LABELS = ['None', 'Association', 'Bind', 'Comparison', 'Conversion', 'Cotreatment', 'Drug_Interaction', 'Negative_Correlation', 'Positive_Correlation'];
const TAGS = ['<C>', '</C>', '<D>', '</D>', '<G>', '</G>'];

const log = (m: string) => console.error(`[predict-speed] ${m}`);
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function py(args: string[], what: string, env: NodeJS.ProcessEnv = trainerEnv()): string {
  const res = spawnSync(python, args, { cwd: work, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`${what} failed (${python} ${args.slice(0, 3).join(' ')} …):\n${(res.stderr ?? '').split('\n').slice(-15).join('\n')}`);
  return res.stdout;
}
const lastJson = (out: string) => JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).pop()!);

// ---- 1. cached models ---------------------------------------------------------------------------
mkdirSync(work, { recursive: true });
if (!existsSync(testFile)) throw new Error(`${testFile} not found: pass --corpora DIR (the shared corpora)`);
const tokenizerTexts = [
  'biored/Train.PubTator', 'biored/Dev.PubTator', 'cdr/CDR.Corpus.v010516/CDR_TrainingSet.PubTator.txt',
  'cdr/CDR.Corpus.v010516/CDR_DevelopmentSet.PubTator.txt', 'cdr/CDR.Corpus.v010516/CDR_TestSet.PubTator.txt',
  'disgenet/DisGeNET.PubTator', 'pharmgkb/PharmGKB.PubTator', 'ddi/biorex_pubtator/DDI.Train.PubTator',
  'aimed/aimed_bioc.Sen.PubTator', 'emu/emu_bc/BCa_db_novel_128.PubTator', 'emu/emu_pc/PCa_db_novel_51.PubTator',
].map((f) => join(corpora, f)).filter((f) => existsSync(f));
const prep: Record<string, number> = {};
const timed = <T>(name: string, f: () => T): T => {
  const t = performance.now();
  const r = f();
  prep[name] = (performance.now() - t) / 1000;
  return r;
};
// A small random BERT whose WordPiece tokenizer (vocab ≈ 27k, BioRED + other corpora text, not the
// test set) stands in for PubMedBERT's; the trained accuracy model below uses it as its PLM.
if (!existsSync(join(work, 'tiny/tokenizer.json'))) {
  log('training the WordPiece tokenizer + tiny PLM (make-tiny-plm)…');
  timed('tokenizer', () => py(['-m', 'biorex_trainer', 'make-tiny-plm', '--text', ...tokenizerTexts, '--out', 'tiny', '--vocab-size', '30000'], 'make-tiny-plm'));
}
// models exported before exports were hashed (or before label_map.json recorded the task) are rebuilt
const hasTask = (dir: string) => existsSync(join(dir, 'model/label_map.json')) && 'task' in JSON.parse(readFileSync(join(dir, 'model/label_map.json'), 'utf8'));
const current = (dir: string) => hasTask(dir) && existsSync(join(dir, 'model.onnx.json')) && 'sha256' in JSON.parse(readFileSync(join(dir, 'model.onnx.json'), 'utf8'));
if (!current(join(work, 'base'))) {
  log('creating the BERT-base model (random weights) and exporting it to ONNX…');
  timed('base-model', () =>
    py([join(here, 'predict_speed_torch.py'), 'make-base', '--tokenizer', 'tiny', '--out', 'base', '--labels', JSON.stringify(BIORED_LABELS), '--special', JSON.stringify(TAGS), '--profile', JSON.stringify(loadProfile('BioRED'))], 'make-base'),
  );
}
const baseInt8 = timed('base-int8', () => ensureInt8Model(join(work, 'base/model.onnx')));

// A trained model for the accuracy change and the PyTorch ↔ ONNX parity on real documents.
let trainedDir = arg('--trained') ? resolve(arg('--trained')!) : join(work, 'trained');
if (!arg('--trained') && !hasTask(trainedDir)) {
  log(`training a small BioRED model (tiny PLM, ${trainSteps} steps of 32, max length 128, balanced positives/negatives) for the accuracy check…`);
  const set = join(work, 'biored-set');
  await buildCorpusSet({ corpus: 'BioRED', root: corpora, out: set });
  // A randomly initialised tiny model trained briefly on all of BioRED predicts `None` everywhere
  // (F = 0, nothing to compare). Training on every positive and as many negatives (every k-th, fixed)
  // gives a weak model that does predict relations — enough to see what int8 does to an F-score.
  const train = readFileSync(join(set, 'train.jsonl'), 'utf8').trim().split('\n');
  const positives = train.filter((l) => !(JSON.parse(l) as Instance).label.startsWith('None'));
  const negatives = train.filter((l) => (JSON.parse(l) as Instance).label.startsWith('None'));
  const step = negatives.length / positives.length;
  const balanced = [...positives, ...positives.map((_, k) => negatives[Math.floor(k * step)])];
  writeFileSync(join(set, 'train-balanced.jsonl'), balanced.join('\n') + '\n');
  writeFileSync(
    join(work, 'trained.json'),
    JSON.stringify({
      mode: 'single', plm: './tiny', manifest: 'biored-set/manifest.json',
      files: { train: 'biored-set/train-balanced.jsonl', test: 'biored-set/test.jsonl' }, out: 'trained',
      epochs: 1, batch_size: 32, max_length: 128, max_steps: trainSteps, lr: 1e-3, warmup_ratio: 0.05, device: 'cpu', save_checkpoints: false,
    }),
  );
  timed('trained-model', () => py(['-m', 'biorex_trainer', 'train', '--config', 'trained.json'], 'training the small model'));
}
if (!current(trainedDir)) {
  timed('trained-export', () => py(['-m', 'biorex_trainer', 'export-onnx', '--model', join(trainedDir, 'model')], 'export-onnx'));
}
trainedDir = resolve(trainedDir);
if (flag('--prepare-only')) {
  log(`models ready in ${work} (${JSON.stringify(prep)})`);
  process.exit(0);
}

// ---- 2. BioRED test pairs, as `biorex predict` builds them -------------------------------------
const docs = await readInputDocuments(testFile);
const fp32 = await RelationPredictor.load(join(work, 'base'), { threads });
const cands = candidateInstances(docs, testFile, fp32.files, 'test');
const tTok = performance.now();
const encoded = cands.instances.map((x) => fp32.encode(x.text));
const tokenizeSeconds = (performance.now() - tTok) / 1000;
const lengths = encoded.map((e) => e.ids.length);
const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
const quantile = (q: number) => lengths[order[Math.round(q * (order.length - 1))]];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
// stratified sample: evenly spaced positions of the length order (every k-th pair)
const n = Math.min(sampleSize, order.length);
const sample = Array.from({ length: n }, (_, k) => order[Math.round(((k + 0.5) * order.length) / n - 0.5)]);
const sampleItems = sample.map((i) => cands.instances[i]);
const distribution = {
  pairs: cands.instances.length,
  documents: docs.length,
  meanTokens: mean(lengths),
  p10: quantile(0.1), p50: quantile(0.5), p90: quantile(0.9), max: quantile(1),
  cutToWindow: encoded.filter((e) => e.truncated).length,
  sampleMeanTokens: mean(sample.map((i) => lengths[i])),
};
log(`${distribution.pairs} pairs in ${docs.length} documents; tokens mean ${distribution.meanTokens.toFixed(0)}, median ${distribution.p50}, ${distribution.cutToWindow} cut to 512; sample ${n} (mean ${distribution.sampleMeanTokens.toFixed(0)})`);

// ---- 3. timings ----------------------------------------------------------------------------------
interface Timing { backend: string; seconds: number; cpuSeconds: number; perPairS: number; per1000Min: number; cpuPer1000Min: number; load1Before: number; load1After: number }
const timings: Timing[] = [];
const record = (backend: string, seconds: number, cpuSeconds: number, load1Before: number) => {
  const t = { backend, seconds, cpuSeconds, perPairS: seconds / n, per1000Min: (seconds / n) * 1000 / 60, cpuPer1000Min: (cpuSeconds / n) * 1000 / 60, load1Before, load1After: loadavg()[0] };
  timings.push(t);
  log(`${backend}: ${seconds.toFixed(1)} s for ${n} pairs → ${t.per1000Min.toFixed(2)} min per 1000 pairs (CPU ${t.cpuPer1000Min.toFixed(2)} min; load ${load1Before.toFixed(1)}→${t.load1After.toFixed(1)})`);
};
async function timeOrt(p: RelationPredictor, backend: string): Promise<InstancePrediction[]> {
  const shortest = [...sampleItems].sort((a, b) => a.text.length - b.text.length).slice(0, batchSize);
  await p.predictTexts(shortest, { batchSize }); // warm-up, not timed
  const load = loadavg()[0];
  const t = performance.now();
  const c = cpuNow();
  const preds = await p.predictTexts(sampleItems, { batchSize });
  record(backend, (performance.now() - t) / 1000, cpuNow() - c, load);
  return preds;
}
const ortFp32 = await timeOrt(fp32, 'ort-fp32');
await fp32.release();
const int8 = await RelationPredictor.load(join(work, 'base'), { threads, quantize: true });
const ortInt8 = await timeOrt(int8, 'ort-int8');
await int8.release();
let torchProbs: number[][] | undefined;
if (!flag('--skip-torch')) {
  const idsFile = join(work, 'sample-ids.json');
  writeFileSync(idsFile, JSON.stringify(sample.map((i) => encoded[i].ids)));
  const load = loadavg()[0];
  const out = lastJson(py([join(here, 'predict_speed_torch.py'), 'time', '--model', 'base/model', '--ids', idsFile, '--batch-size', String(batchSize), '--threads', String(threads), '--probs'], 'PyTorch timing'));
  record(`pytorch-fp32${out.tcmalloc ? ' (tcmalloc)' : ''}`, out.seconds, out.cpu_seconds, load);
  torchProbs = out.probs;
}
const maxAbs = (a: number[][], b: number[][]) => Math.max(...a.map((r, i) => Math.max(...r.map((x, k) => Math.abs(x - b[i][k])))));
const agree = (a: number[][], b: number[][]) => a.filter((r, i) => r.indexOf(Math.max(...r)) === b[i].indexOf(Math.max(...b[i]))).length / a.length;
const baseAgreement = {
  int8VsFp32: { labelAgreement: agree(ortInt8.map((p) => p.probs), ortFp32.map((p) => p.probs)), maxProbDiff: maxAbs(ortInt8.map((p) => p.probs), ortFp32.map((p) => p.probs)) },
  ...(torchProbs ? { torchVsOrtFp32: { labelAgreement: agree(torchProbs, ortFp32.map((p) => p.probs)), maxProbDiff: maxAbs(torchProbs, ortFp32.map((p) => p.probs)) } } : {}),
};

// ---- 4. trained model: int8 F-score change, and PyTorch ↔ ONNX parity on BioRED test ------------
const gold = await readPubTatorFile(testFile);
const score = (text: string): Record<string, PRF> => {
  const s = scoreBioRED(gold, parsePredictedRelations(text), { criteria: ['pair', 'pair+type'], details: false });
  return { pair: s.overall.pair!, 'pair+type': s.overall['pair+type']! };
};
const accuracy: Record<string, unknown> = { model: trainedDir };
for (const quantize of [false, true]) {
  const p = await RelationPredictor.load(trainedDir, { threads, quantize });
  const c = candidateInstances(docs, testFile, p.files, 'test');
  const t = performance.now();
  const preds = await p.predictTexts(c.instances, { batchSize: 32 });
  const seconds = (performance.now() - t) / 1000;
  const pubtator = formatPubTator(docs, relationsOf(c.instances, preds, p.files));
  accuracy[quantize ? 'int8' : 'fp32'] = { score: score(pubtator), relations: relationsOf(c.instances, preds, p.files).length, seconds, maxLength: p.files.maxLength };
  if (!quantize) {
    const torchFile = join(trainedDir, 'predictions/test.jsonl');
    if (existsSync(torchFile)) {
      // the trainer's own predictions of the same documents (instances built by `biorex data build`)
      const torch = readFileSync(torchFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; label: string; probs: Record<string, number> });
      const byId = new Map(torch.map((x) => [x.id, x]));
      let labelDiffs = 0;
      let maxProbDiff = 0;
      let missing = 0;
      preds.forEach((q) => {
        const o = byId.get(q.id);
        if (!o) return void missing++;
        if (o.label !== q.label) labelDiffs++;
        p.labels.forEach((l, k) => (maxProbDiff = Math.max(maxProbDiff, Math.abs(o.probs[l] - q.probs[k]))));
      });
      const setInstances = readFileSync(join(work, 'biored-set/test.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Instance);
      const torchPairs = foldInstancePredictions(setInstances, torch.map((x) => ({ id: x.id, label: x.label, probs: x.probs })));
      const ts = scoreBioRED(gold, torchPairs, { criteria: ['pair', 'pair+type'], details: false });
      accuracy.parity = {
        pytorchPredictions: torchFile, instances: preds.length, torchInstances: torch.length, missing, labelDiffs, maxProbDiff,
        pytorchScore: { pair: ts.overall.pair, 'pair+type': ts.overall['pair+type'] },
      };
    }
  }
  await p.release();
}
const f = (k: 'fp32' | 'int8', c: string) => ((accuracy[k] as { score: Record<string, PRF> }).score[c].f);
accuracy.fChange = { pair: f('int8', 'pair') - f('fp32', 'pair'), 'pair+type': f('int8', 'pair+type') - f('fp32', 'pair+type') };

// ---- 5. results ----------------------------------------------------------------------------------
const result = {
  bench: 'predict-speed',
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, threads, load1AtEnd: loadavg()[0] },
  model: { architecture: 'BERT-base (12 layers, hidden 768, 12 heads, intermediate 3072, vocab 30522), random weights; [CLS] → linear head, 9 BioRED labels', onnx: join(work, 'base/model.onnx'), int8: baseInt8.path },
  method: `BioRED test candidate pairs (instance stage, as biorex predict builds them), max length 512 with the trainer's context window; ${n} pairs sampled evenly over the length order, timed once after a warm-up batch, extrapolated ×${(1000 / n).toFixed(2)} to 1000 pairs; batch size ${batchSize}, length-sorted batches padded per batch; the same token ids for every backend`,
  tokenizeSecondsAllPairs: tokenizeSeconds,
  distribution,
  timings,
  baseAgreement,
  accuracy,
  preparationSeconds: prep,
  targets: { ortFp32Per1000Min: 5, ortInt8Per1000Min: 2, paperCpuPer1000Min: 5.9 },
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results/predict-speed.json'), JSON.stringify(result, null, 2) + '\n');
console.log('\nPrediction time per 1000 BioRED test pairs (BERT-base, CPU, %d threads):', threads);
for (const t of timings) console.log(`  ${t.backend.padEnd(24)} ${t.per1000Min.toFixed(2).padStart(6)} min   (CPU time ${t.cpuPer1000Min.toFixed(2)} min; load ${t.load1Before.toFixed(1)})`);
const acc = accuracy as { fp32: { score: Record<string, PRF> }; int8: { score: Record<string, PRF> }; fChange: Record<string, number>; parity?: Record<string, unknown> };
console.log(`int8 vs fp32 on the base model: label agreement ${(baseAgreement.int8VsFp32.labelAgreement * 100).toFixed(1)}%, max |Δp| ${baseAgreement.int8VsFp32.maxProbDiff.toExponential(2)}`);
console.log(`F-score on BioRED test (trained model ${trainedDir}): fp32 pair ${acc.fp32.score.pair.f.toFixed(4)} / pair+type ${acc.fp32.score['pair+type'].f.toFixed(4)}; int8 change ${acc.fChange.pair.toFixed(4)} / ${acc.fChange['pair+type'].toFixed(4)}`);
if (acc.parity) console.log(`PyTorch ↔ ONNX parity (trained model): ${JSON.stringify(acc.parity)}`);
console.log(`→ ${join(here, 'results/predict-speed.json')}`);
