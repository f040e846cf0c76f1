// `biorex predict` against the trainer's PyTorch predictions for the same model and documents.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { predictCommand } from '../../src/cli/predict.ts';
import { readPubTatorFile, type Document } from '../../src/corpora/index.ts';
import { foldInstancePredictions, parsePredictedRelations, scoreBioRED, type InstancePrediction } from '../../src/evaluation/index.ts';
import { RelationPredictor, candidateInstances, int8PathOf, predictFile, readInputDocuments, resolveModelArg } from '../../src/inference/index.ts';
import { openStore } from '../../src/tracking/index.ts';
import type { Instance } from '../../src/instances/index.ts';
import { FIXTURES, TEST_FILE, describeWithTrainer, tinyModel, type TinyModel } from './tiny-model.ts';

const jsonl = <T>(file: string): T[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);
type TorchPrediction = { id: string; label: string; probs: Record<string, number> };

describeWithTrainer('inference/predict: ONNX predictions equal the PyTorch ones', function () {
  this.timeout(240_000);
  let model: TinyModel;
  let torch: TorchPrediction[];
  let out: string;

  before(async () => {
    model = await tinyModel();
    torch = jsonl<TorchPrediction>(model.torchPredictions);
    out = mkdtempSync(join(tmpdir(), 'biorex-predict-out-'));
  });

  it('same candidate pairs and texts as the instance files, same labels, probabilities within 1e-4', async () => {
    const predictor = await RelationPredictor.load(model.runDir, { threads: 1 });
    try {
      const docs = await readInputDocuments(TEST_FILE);
      const cands = candidateInstances(docs, TEST_FILE, predictor.files, 'test');
      const built = jsonl<Instance>(model.testInstances);
      // prediction builds its pairs without the gold relations: the same ids and texts must come out
      expect(cands.instances.map((x) => [x.id, x.text])).to.deep.equal(built.map((x) => [x.id, x.text]));
      const preds = await predictor.predictTexts(cands.instances, { batchSize: 3 });
      expect(preds.map((p) => p.id)).to.deep.equal(torch.map((p) => p.id));
      preds.forEach((p, i) => {
        expect(p.label, p.id).to.equal(torch[i].label);
        predictor.labels.forEach((l, k) => expect(p.probs[k], `${p.id} ${l}`).to.be.closeTo(torch[i].probs[l], 1e-4));
      });
      // meaningful only if the model predicts relations and the window was used
      expect(new Set(preds.map((p) => p.label)).size, 'distinct labels').to.be.at.least(3);
      expect(preds.filter((p) => p.truncated).length).to.be.greaterThan(preds.length / 2);
    } finally {
      await predictor.release();
    }
  });

  it('the output PubTator keeps the input documents and scores exactly like the PyTorch predictions', async () => {
    const file = join(out, 'pred.pubtator');
    const summary = await predictFile({ model: model.runDir, input: TEST_FILE, output: file, batchSize: 4, threads: 1 });
    const gold = await readPubTatorFile(TEST_FILE);
    const written = readFileSync(file, 'utf8');
    // text and entity lines survive: re-reading gives the same passages and mentions
    const strip = (docs: Document[]) => docs.map((d) => ({ id: d.id, p: d.passages.map((p) => [p.offset, p.text]), m: d.mentions.map((m) => [m.start, m.end, m.text, m.type, m.ids]) }));
    expect(strip(await readPubTatorFile(file))).to.deep.equal(strip(gold));
    const predicted = parsePredictedRelations(written, file);
    const positives = torch.filter((p) => !p.label.startsWith('None'));
    expect(summary.relations).to.equal(positives.length).and.to.equal(predicted.length).and.to.be.greaterThan(0);
    expect(summary.pairs).to.equal(torch.length);
    for (const r of predicted) expect(r.score).to.be.within(0, 1);
    const fromTorch = foldInstancePredictions(jsonl<Instance>(model.testInstances), torch as InstancePrediction[]);
    const criteria = ['pair', 'pair+type'] as const;
    const a = scoreBioRED(gold, predicted, { criteria: [...criteria], details: false });
    const b = scoreBioRED(gold, fromTorch, { criteria: [...criteria], details: false });
    for (const c of criteria) expect(a.overall[c], c).to.deep.equal(b.overall[c]);
    expect(a.rows).to.deep.equal(b.rows);
  });

  it('BioC XML input gives the same relations as the PubTator copy', async () => {
    await predictFile({ model: model.runDir, input: TEST_FILE, output: join(out, 'a.pubtator'), threads: 1 });
    await predictFile({ model: model.runDir, input: join(FIXTURES, 'test.bioc.xml'), output: join(out, 'b.pubtator'), threads: 1 });
    expect(readFileSync(join(out, 'b.pubtator'), 'utf8')).to.equal(readFileSync(join(out, 'a.pubtator'), 'utf8'));
  });

  it('--min-confidence keeps only relations at or above the threshold', async () => {
    const all = parsePredictedRelations(readFileSync(join(out, 'a.pubtator'), 'utf8'));
    const scores = all.map((r) => r.score!).sort((x, y) => x - y);
    const k = Math.floor(scores.length / 2);
    const p = (scores[k - 1] + scores[k]) / 2; // between two written scores: rounding cannot matter
    expect(scores[k - 1]).to.be.lessThan(scores[k]);
    await predictFile({ model: model.runDir, input: TEST_FILE, output: join(out, 'c.pubtator'), threads: 1, minConfidence: p });
    const kept = parsePredictedRelations(readFileSync(join(out, 'c.pubtator'), 'utf8'));
    expect(kept.length).to.equal(scores.filter((s) => s >= p).length).and.to.be.lessThan(all.length);
    for (const r of kept) expect(r.score).to.be.at.least(p);
  });

  it('--quantize builds model.int8.onnx once, reuses it, and predicts with it', async () => {
    const int8 = int8PathOf(join(model.runDir, 'model.onnx'));
    const s1 = await predictFile({ model: model.runDir, input: TEST_FILE, output: join(out, 'q1.pubtator'), threads: 1, quantize: true });
    expect(s1.onnx).to.equal(int8);
    expect(existsSync(int8)).to.equal(true);
    const mtime = statSync(int8).mtimeMs;
    const s2 = await predictFile({ model: model.runDir, input: TEST_FILE, output: join(out, 'q2.pubtator'), threads: 1, quantize: true });
    expect(s2.onnx).to.equal(int8);
    expect(statSync(int8).mtimeMs).to.equal(mtime);
    expect(statSync(int8).size).to.be.lessThan(statSync(join(model.runDir, 'model.onnx')).size);
    expect(readFileSync(join(out, 'q2.pubtator'), 'utf8')).to.equal(readFileSync(join(out, 'q1.pubtator'), 'utf8'));
  });

  it('the CLI command writes the file and reports counts', async () => {
    const file = join(out, 'cli.pubtator');
    const errors: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => void errors.push(a.join(' '));
    try {
      await yargs([]).command(predictCommand).strict().parseAsync(['predict', '--model', model.runDir, '--in', TEST_FILE, '--out', file, '--batch-size', '2', '--threads', '1']);
    } finally {
      console.error = orig;
    }
    expect(readFileSync(file, 'utf8')).to.equal(readFileSync(join(out, 'a.pubtator'), 'utf8'));
    expect(errors.join('\n')).to.include(`3 documents, ${torch.length} candidate pairs of BioRED`);
  });

  it('--model RUN_ID resolves through the tracking store to the run directory', async () => {
    const db = join(out, 'biorex.sqlite');
    const store = openStore(db);
    const hash = 'abcdef0123456789'.repeat(4);
    try {
      const id = store.registerRun({ hash, label: 'tiny', configuration: 'original', mode: 'single', target: 'BioRED', externals: [], plm: 'tiny', seed: 42, size: 4, identity: {} });
      store.setRunConfig(id, {}, model.runDir);
      expect((await resolveModelArg('abcdef01', db)).dir).to.equal(model.runDir);
      const ref = await resolveModelArg(`#${id}`, db);
      expect([ref.dir, ref.run?.id, ref.run?.hash]).to.deep.equal([model.runDir, id, hash]);
    } finally {
      store.close();
    }
    // a directory is used as is, with the store's record of the run that has it
    const ref = await resolveModelArg(model.runDir, db);
    expect([ref.dir, ref.run?.hash]).to.deep.equal([model.runDir, hash]);
    expect((await resolveModelArg(model.runDir, join(out, 'none.sqlite'))).run).to.equal(undefined);
  });
});
