import { expect } from 'chai';
import { join } from 'node:path';
import { expandSpec, loadSpecFile, parseSpec } from '../../src/experiments/index.ts';
import { planExperiment, type Plan } from '../../src/runner/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { FakeProvider } from '../fixtures/experiments/fake-provider.ts';

const TABLE3 = join(REPO_ROOT, 'test/fixtures/experiments/table3.yaml');

const SPEC = `name: h
title: A title
target: BioRED
plm: pubmedbert
configurations: [original, tl, mtl, biorex]
rows:
  - {external: [BC5CDR]}
  - {external: [DDI]}
  - {external: all}
seeds: [13, 42, 87]
training: {epochs: 2, lr: 5e-5}
`;

async function plan(text: string, provider = new FakeProvider(), trainerVersion = '0.1.0'): Promise<Plan> {
  return planExperiment(parseSpec(text, 'h.yaml'), { provider, trainerVersion });
}
const hashesOf = (p: Plan) => new Map(p.runs.map((r) => [`${r.configuration}|${r.externals.join('+')}|${r.seed}`, r.hash]));

describe('experiments: expansion', () => {
  it('4 configurations × 3 rows × 3 seeds → 30 runs: one Original per seed, shared by the 3 rows', () => {
    const { spec } = loadSpecFile(TABLE3);
    const e = expandSpec(spec);
    const by = (c: string) => e.runs.filter((r) => r.configuration === c);
    expect(by('original')).to.have.length(3);
    expect(by('tl')).to.have.length(9);
    expect(by('mtl')).to.have.length(9);
    expect(by('biorex')).to.have.length(9);
    expect(e.runs).to.have.length(30); // 36 cells, the 9 Original cells collapse to 3 runs
    for (const r of by('original')) expect(r.rows).to.deep.equal([0, 1, 2]);
    for (const r of by('biorex')) expect(r.rows).to.have.length(1);
  });

  it('data.allow_split_overlap reaches every instance request only when set (issue 15 item 3)', () => {
    const plain = expandSpec(parseSpec(SPEC, 'h.yaml').spec);
    expect(plain.runs.every((r) => !('allowSplitOverlap' in r.input))).to.equal(true);
    const allowed = expandSpec(parseSpec(`${SPEC}data: {allow_split_overlap: true}\n`, 'h.yaml').spec);
    expect(allowed.runs.every((r) => r.input.allowSplitOverlap === true)).to.equal(true);
    expect(() => parseSpec(`${SPEC}data: {allow_split_overlap: 1}\n`, 'h.yaml')).to.throw(/allow_split_overlap/);
  });

  it("resolves 'all' per configuration: BioREx uses all 8 externals, TL/MTL only the 5 with entity spans", () => {
    const { spec } = loadSpecFile(TABLE3);
    const e = expandSpec(spec);
    const all = (c: string) => e.runs.find((r) => r.configuration === c && r.rows[0] === 2)!.externals;
    expect(all('biorex')).to.have.length(8);
    expect(all('tl')).to.deep.equal(['BC5CDR', 'DDI', 'DrugProt', 'AIMed', 'HPRD50']);
    expect(all('mtl')).to.deep.equal(all('tl'));
  });

  it('a row with only span-less corpora has no TL/MTL runs (the paper\'s "–")', () => {
    const e = expandSpec(parseSpec(SPEC.replace('{external: [DDI]}', '{external: [DisGeNET]}')).spec);
    expect(e.runs).to.have.length(3 + 6 + 6 + 9);
    expect(e.skipped.map((s) => `${s.configuration}:${s.row}`)).to.deep.equal(['tl:1', 'mtl:1']);
  });

  it('the row pair defaults to the single external\'s pair, else All', () => {
    const e = expandSpec(loadSpecFile(TABLE3).spec);
    expect(e.rows.map((r) => r.pair)).to.deep.equal(['<C,D>', '<C,C>', 'All']);
    expect(e.rows[2].label).to.equal('BioRED+8 datasets');
  });

  it('multiplies PLMs, sizes and folds', () => {
    const spec = parseSpec(`name: s
target: AIMed
plm: [a, b]
configurations: [original, biorex]
rows: [{external: [HPRD50]}]
seeds: [1, 2]
sizes: [0.5, 1]
folds: 10
`).spec;
    const e = expandSpec(spec);
    expect(e.runs).to.have.length(2 * 2 * 2 * 10 * 2);
    expect(new Set(e.runs.map((r) => r.fold))).to.deep.equal(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
});

describe('experiments: run content hashes', () => {
  it('builds each instance set once per plan and gives 30 distinct hashes', async () => {
    const provider = new FakeProvider();
    const p = await plan(SPEC, provider);
    expect(p.runs).to.have.length(30);
    expect(new Set(p.runs.map((r) => r.hash)).size).to.equal(30);
    for (const r of p.runs) expect(r.hash).to.match(/^[0-9a-f]{64}$/);
  });

  it('does not change with the title, the order of seeds or rows, or other rows', async () => {
    const base = hashesOf(await plan(SPEC));
    const variants = [
      SPEC.replace('title: A title', 'title: Another title'),
      SPEC.replace('seeds: [13, 42, 87]', 'seeds: [87, 13, 42]'),
      SPEC.replace('  - {external: [BC5CDR]}\n  - {external: [DDI]}\n', '  - {external: [DDI]}\n  - {external: [BC5CDR]}\n'),
      SPEC.replace('  - {external: all}\n', '  - {external: all}\n  - {external: [DrugProt], label: extra}\n'),
      SPEC.replace('training: {epochs: 2, lr: 5e-5}', 'training: {lr: 0.00005, epochs: 2}'),
    ];
    for (const v of variants) {
      const h = hashesOf(await plan(v));
      for (const [k, hash] of base) expect(h.get(k), `${k} in variant:\n${v}`).to.equal(hash);
    }
  });

  it('changes for every run when a hyper-parameter changes', async () => {
    const base = hashesOf(await plan(SPEC));
    const changes = [
      'training: {epochs: 3, lr: 5e-5}',
      'training: {epochs: 2, lr: 3e-5}',
      'training: {epochs: 2, lr: 5e-5, max_length: 256}',
      'training: {epochs: 2, lr: 5e-5, dropout: 0.2}',
      'training: {epochs: 2, lr: 5e-5, max_grad_norm: 1.0}',
      'training: {epochs: 2, lr: 5e-5, task_labels_only: true}',
    ];
    for (const change of changes) {
      const h = hashesOf(await plan(SPEC.replace('training: {epochs: 2, lr: 5e-5}', change)));
      for (const [k, hash] of base) expect(h.get(k), `${k} with ${change}`).to.not.equal(hash);
    }
  });

  it('gradient clipping and task-label prediction: off by default, as the reference; part of the training identity', async () => {
    const p = await plan(SPEC);
    for (const r of p.runs) expect([r.training.max_grad_norm, r.training.task_labels_only]).to.deep.equal([0, false]);
    const on = await plan(SPEC.replace('training: {epochs: 2, lr: 5e-5}', 'training: {epochs: 2, lr: 5e-5, max_grad_norm: 1, task_labels_only: true}'));
    for (const r of on.runs) expect([r.training.max_grad_norm, r.training.task_labels_only]).to.deep.equal([1, true]);
    expect(() => parseSpec(SPEC.replace('lr: 5e-5}', 'lr: 5e-5, max_grad_norm: -1}'), 'h.yaml')).to.throw(/max_grad_norm/);
  });

  it('changes with the PLM, the trainer version, the data options', async () => {
    const base = hashesOf(await plan(SPEC));
    const changed = [
      await plan(SPEC.replace('plm: pubmedbert', 'plm: other')),
      await plan(SPEC, new FakeProvider(), '0.2.0'),
      await plan(SPEC + 'data: {train_on: train}\n'),
      await plan(SPEC + 'data: {max_docs: 5}\n'),
    ];
    for (const p of changed) for (const [k, hash] of hashesOf(p)) expect(hash, k).to.not.equal(base.get(k));
  });

  it('plm: tiny — the text its vocabulary is built from is part of every run\'s identity', async () => {
    const provider = new FakeProvider();
    const tiny = SPEC.replace('plm: pubmedbert', 'plm: tiny'); // `tiny`: the built-in tiny PLM
    const p1 = await plan(tiny, provider);
    for (const r of p1.runs) {
      expect((r.identity.instances as Record<string, unknown>).tiny_plm).to.deep.include({ text: 'corpus/BioRED-train-v1' });
      expect(r.tinyPlmText?.file).to.match(/corpus\/BioRED\/train\.jsonl$/);
    }
    provider.hashes.set('corpus/BioRED', { ...provider.hashes.get('corpus/BioRED')!, train: 'changed' });
    const p2 = await plan(tiny, provider);
    const before = hashesOf(p1);
    for (const [k, h] of hashesOf(p2)) expect(h, k).to.not.equal(before.get(k)); // every run's PLM changed
    for (const r of (await plan(SPEC)).runs) expect(r.tinyPlmText).to.equal(undefined);
  });

  it('changes exactly for the runs whose instance file changed', async () => {
    const provider = new FakeProvider();
    const before = hashesOf(await plan(SPEC, provider));
    // The BioREx set of BioRED+DDI gets a new training file.
    provider.hashes.set('merged/BioRED+DDI/biorex', { ...provider.hashes.get('merged/BioRED+DDI/biorex')!, train: 'changed' });
    const after = hashesOf(await plan(SPEC, provider));
    const changed = [...before].filter(([k, h]) => after.get(k) !== h).map(([k]) => k);
    expect(changed.sort()).to.deep.equal(['biorex|DDI|13', 'biorex|DDI|42', 'biorex|DDI|87']);
    // The target's own set feeds Original and TL stage 2: both change, nothing else.
    provider.hashes.set('corpus/BioRED', { ...provider.hashes.get('corpus/BioRED')!, test: 'changed' });
    const again = hashesOf(await plan(SPEC, provider));
    const changed2 = [...after].filter(([k, h]) => again.get(k) !== h).map(([k]) => k.split('|')[0]);
    expect(new Set(changed2)).to.deep.equal(new Set(['original', 'tl']));
    expect(changed2).to.have.length(3 + 9);
  });
});
