import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec } from '../../src/experiments/index.ts';
import { deriveRunFiles, planExperiment, sampleDocs, type PlannedRun } from '../../src/runner/index.ts';
import { fixtureProvider } from '../fixtures/experiments/sets.ts';

const read = (f: string) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { task: string; doc: string; split: string; fold?: number });
const docsOf = (f: string, task = 'BioRED') => new Set(read(f).filter((i) => i.task === task).map((i) => i.doc));

describe('runner: the instance files of a run', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-derive-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function runs(specText: string): Promise<PlannedRun[]> {
    const plan = await planExperiment(parseSpec(specText), { provider: fixtureProvider(join(dir, 'sets')), trainerVersion: 't' });
    return plan.runs;
  }
  const SPEC = `name: d
target: BioRED
plm: tiny
configurations: [original, tl, mtl, biorex]
rows: [{external: [DDI, BC5CDR]}]
`;

  it('samples training documents reproducibly: nested sizes, seed-dependent, fractions and counts', () => {
    const docs = Array.from({ length: 50 }, (_, i) => `d${i}`);
    const a = sampleDocs(docs, 10, 1);
    expect(a.size).to.equal(10);
    expect(sampleDocs([...docs].reverse(), 10, 1)).to.deep.equal(a); // order of input irrelevant
    expect([...a].every((d) => sampleDocs(docs, 20, 1).has(d))).to.equal(true); // nested
    expect(sampleDocs(docs, 10, 2)).to.not.deep.equal(a);
    expect(sampleDocs(docs, 0.5, 1).size).to.equal(25);
    expect(sampleDocs(docs, 1, 1).size).to.equal(50);
    expect(sampleDocs(docs, 500, 1).size).to.equal(50);
  });

  it('original: target train+dev by default, test = the target test split', async () => {
    const [orig] = await runs(SPEC);
    const f = deriveRunFiles(orig, orig.sets, join(dir, 'r-orig'));
    expect(docsOf(f.files.train[0]).size).to.equal(25);
    expect(new Set(read(f.files.train[0]).map((i) => i.split))).to.deep.equal(new Set(['train', 'dev']));
    expect(f.files.dev).to.equal(undefined);
    expect(read(f.files.test[0])).to.have.length(18);
    expect(f.evaluate).to.deep.equal({ test: 'BioRED/test' });
  });

  it("train_on: train keeps dev apart for the trainer's model selection", async () => {
    const [orig] = await runs(SPEC + 'data: {train_on: train}\n');
    const f = deriveRunFiles(orig, orig.sets, join(dir, 'r-orig-train'));
    expect(docsOf(f.files.train[0]).size).to.equal(20);
    expect(read(f.files.dev[0])).to.have.length(15);
  });

  it('biorex with a size: samples only the target documents, keeps every external instance', async () => {
    const all = await runs(SPEC + 'sizes: [10]\nseeds: [1, 2]\n');
    const [b1, b2] = all.filter((r) => r.configuration === 'biorex');
    const f1 = deriveRunFiles(b1, b1.sets, join(dir, 'r-b1'));
    const f2 = deriveRunFiles(b2, b2.sets, join(dir, 'r-b2'));
    expect(docsOf(f1.files.train[0]).size).to.equal(10);
    expect(f1.targetDocs).to.deep.equal({ used: 10, available: 25 });
    expect(read(f1.files.train[0]).filter((i) => i.task === 'DDI')).to.have.length(24);
    expect(read(f1.files.train[0]).filter((i) => i.task === 'BC5CDR')).to.have.length(24);
    expect(docsOf(f2.files.train[0])).to.not.deep.equal(docsOf(f1.files.train[0]));
    // Same run, derived again: the same bytes (a resumed run must see the same data).
    const again = deriveRunFiles(b1, b1.sets, join(dir, 'r-b1-again'));
    expect(readFileSync(again.files.train[0], 'utf8')).to.equal(readFileSync(f1.files.train[0], 'utf8'));
  });

  it('tl: stage 1 on the externals, stage 2 on the target set; mtl: one file with every task', async () => {
    const all = await runs(SPEC);
    const tl = all.find((r) => r.configuration === 'tl')!;
    const f = deriveRunFiles(tl, tl.sets, join(dir, 'r-tl'));
    expect(new Set(read(f.files.stage1_train[0]).map((i) => i.task))).to.deep.equal(new Set(['DDI', 'BC5CDR']));
    expect(new Set(read(f.files.train[0]).map((i) => i.task))).to.deep.equal(new Set(['BioRED']));
    expect(f.stage1Manifest).to.match(/tl\/manifest\.json$/);
    const mtl = all.find((r) => r.configuration === 'mtl')!;
    const g = deriveRunFiles(mtl, mtl.sets, join(dir, 'r-mtl'));
    expect(new Set(read(g.files.train[0]).map((i) => i.task))).to.deep.equal(new Set(['BioRED', 'DDI', 'BC5CDR']));
    expect(new Set(read(g.files.test[0]).map((i) => i.task))).to.deep.equal(new Set(['BioRED']));
  });

  it('max_docs keeps the first documents of each corpus and split', async () => {
    const [, , , b] = await runs(SPEC + 'data: {max_docs: 3}\n');
    const f = deriveRunFiles(b, b.sets, join(dir, 'r-max'));
    expect(docsOf(f.files.train[0]).size).to.equal(6); // 3 of train + 3 of dev
    expect(docsOf(f.files.train[0], 'DDI').size).to.equal(3);
    expect(docsOf(f.files.test[0]).size).to.equal(3);
  });

  it('cross-validation: fold k of the target is the test set, the other folds train', async () => {
    const all = await runs(`name: cv
target: AIMed
plm: tiny
configurations: [original]
folds: 10
`);
    expect(all).to.have.length(10);
    const seen = new Set<string>();
    for (const r of all) {
      const f = deriveRunFiles(r, r.sets, join(dir, `r-cv${r.fold}`));
      const test = read(f.files.test[0]);
      expect(test.every((i) => i.fold === r.fold)).to.equal(true);
      expect(read(f.files.train[0]).every((i) => i.fold !== r.fold)).to.equal(true);
      for (const i of test) seen.add(i.doc);
    }
    expect(seen.size).to.equal(20); // every document is tested exactly in its fold
  });
});
