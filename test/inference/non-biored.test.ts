// `biorex predict` on models whose target is not BioRED: the texts, labels and relations must be
// those of the trainer's own predictions of the same model on the same documents. Before models
// carried their task, predict built every text with BioRED's profile and prompt ("… in BioRED …"),
// so a Sample model was fed questions it was never trained on, and a DDI-like model got no pairs.
import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePredictedRelations } from '../../src/evaluation/index.ts';
import { RelationPredictor, candidateInstances, predictFile, readInputDocuments } from '../../src/inference/index.ts';
import type { Instance } from '../../src/instances/index.ts';
import { sampleModel, type SampleModelKind } from './sample-models.ts';
import { describeWithTrainer } from './tiny-model.ts';

const jsonl = <T>(file: string): T[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);
type TorchPrediction = { id: string; label: string; probs: Record<string, number> };

const CASES: { kind: SampleModelKind; task: string; title: string }[] = [
  { kind: 'biorex', task: 'Sample', title: 'a BioREx model of the quickstart target Sample (merged with SampleDDI and SampleGDA)' },
  { kind: 'ddi', task: 'SampleDDI', title: 'an Original model of the DDI-like SampleDDI (sentence level, drug types, native labels)' },
];

for (const c of CASES) {
  describeWithTrainer(`inference/non-biored: predict equals the trainer on ${c.title}`, function () {
    this.timeout(600_000);

    it('same candidate pairs and texts as the training set, same labels, probabilities within 1e-4', async () => {
      const model = await sampleModel(c.kind);
      const predictor = await RelationPredictor.load(model.runDir, { threads: 1 });
      try {
        expect(predictor.files.task).to.equal(c.task);
        expect(predictor.files.profile.corpus).to.equal(c.task);
        const cands = candidateInstances(await readInputDocuments(model.testDocs), model.testDocs, predictor.files, 'test');
        const built = jsonl<Instance>(model.testInstances);
        expect(cands.instances.map((x) => [x.id, x.text])).to.deep.equal(built.map((x) => [x.id, x.text]));
        expect(built[0].text).to.include(`in ${c.task} between`); // the model's own prompt name
        const torch = jsonl<TorchPrediction>(model.torchPredictions);
        const preds = await predictor.predictTexts(cands.instances, { batchSize: 5 });
        expect(preds.map((p) => p.id)).to.deep.equal(torch.map((p) => p.id));
        preds.forEach((p, i) => {
          expect(p.label, p.id).to.equal(torch[i].label);
          predictor.labels.forEach((l, k) => expect(p.probs[k], `${p.id} ${l}`).to.be.closeTo(torch[i].probs[l], 1e-4));
        });
      } finally {
        await predictor.release();
      }
    });

    it('the written relations are exactly those of the trainer predictions', async () => {
      const model = await sampleModel(c.kind);
      const out = join(mkdtempSync(join(tmpdir(), 'biorex-nonbiored-')), 'pred.pubtator');
      const summary = await predictFile({ model: model.runDir, input: model.testDocs, output: out, threads: 1 });
      const torch = jsonl<TorchPrediction>(model.torchPredictions);
      expect(summary.task).to.equal(c.task);
      expect(summary.pairs).to.equal(torch.length);
      const key = (r: { doc: string; type: string; id1: string; id2: string }) => `${r.doc} ${r.type} ${r.id1} ${r.id2}`;
      const written = parsePredictedRelations(readFileSync(out, 'utf8'), out).map(key).sort();
      // one instance per pair in both sets (document level; one sentence per SampleDDI record)
      const instances = jsonl<Instance>(model.testInstances);
      const fromTorch = torch
        .map((p, i) => ({ doc: instances[i].doc, type: p.label, id1: instances[i].ids[0], id2: instances[i].ids[1] }))
        .filter((r) => !r.type.startsWith('None'))
        .map(key)
        .sort();
      expect(written).to.deep.equal(fromTorch);
      expect(summary.relations).to.equal(written.length).and.to.be.greaterThan(0);
    });
  });
}
