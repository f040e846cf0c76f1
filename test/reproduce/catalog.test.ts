// The experiment catalog (experiments/*.yaml): every spec validates, names its paper reference,
// and has a smoke profile that validates and expands to runs — no training here.
import { expect } from 'chai';
import { join } from 'node:path';
import { catalogNames, expandSpec, loadSpecs, parsePlmRef, templateKey, type RunTemplate } from '../../src/experiments/index.ts';
import { CATALOG_DIR } from '../../src/locations.ts';
import { loadPaper, parsePaperReference } from '../../src/report/index.ts';
import { corporaOf, encoderSources } from '../../src/reproduce/index.ts';

const PAPER_DIR = join(CATALOG_DIR, 'paper');

describe('reproduce: the experiment catalog', () => {
  const names = catalogNames();

  it('holds the quickstart and one spec per paper table', () => {
    expect(names).to.include.members(['quickstart', 'table3', 'table4', 'table5', 'table6', 'plm-comparison', 'size-sweep']);
  });

  for (const name of catalogNames()) {
    it(`${name}: validates, names a paper reference (but the quickstart), and its smoke profile validates and expands`, () => {
      const full = loadSpecs(name);
      expect(full.specs.length).to.be.greaterThan(0);
      for (const l of full.specs) {
        expect(expandSpec(l.spec).runs.length, l.spec.name).to.be.greaterThan(0);
        if (name !== 'quickstart') {
          expect(l.spec.reference, `${l.spec.name}: reference`).to.be.a('string');
          const ref = parsePaperReference(l.spec.reference!);
          const paper = loadPaper(ref.paperId, PAPER_DIR);
          expect(paper.tables, `${l.spec.name}: ${ref.table}`).to.have.property(ref.table!);
        }
        expect(l.spec.profiles ?? {}, `${l.spec.name}: profiles`).to.have.property('smoke');
      }
      const smoke = loadSpecs(name, { profile: 'smoke' });
      expect(smoke.specs.map((l) => l.spec.name)).to.deep.equal(full.specs.map((l) => l.spec.name));
      for (const l of smoke.specs) {
        expect(l.profile).to.equal('smoke');
        const runs = expandSpec(l.spec).runs;
        expect(runs.length, l.spec.name).to.be.greaterThan(0);
        // scaled down: the tiny local model (or the encoder of a smoke run), one seed, one epoch, few documents
        expect(runs.every((r) => (r.plm === 'tiny' || parsePlmRef(r.plm) !== null) && r.training.epochs === 1 && r.data.max_docs !== undefined)).to.equal(true);
        expect(new Set(runs.map((r) => r.seed)).size).to.equal(1);
        expect(runs.length).to.be.at.most(expandSpec(full.specs.find((f) => f.spec.name === l.spec.name)!.spec).runs.length);
      }
    });
  }

  it('table3: the paper grid — 9 rows, four configurations, TL/MTL skipped for corpora without spans', () => {
    const [t3] = loadSpecs('table3').specs;
    const e = expandSpec(t3.spec);
    expect(e.rows.map((r) => r.pair)).to.deep.equal(['<C,D>', '<C,C>', '<G,G>', '<G,G>', '<G,C>', '<G,C>', '<G,D>', '<G,D>', 'All']);
    expect(new Set(e.runs.map((r) => r.configuration))).to.deep.equal(new Set(['original', 'tl', 'mtl', 'biorex']));
    expect(e.skipped.map((s) => `${s.configuration}:${s.row}`).sort()).to.deep.equal(['mtl:5', 'mtl:6', 'mtl:7', 'tl:5', 'tl:6', 'tl:7']);
  });

  it('table4: six experiments, one per test set, BioRED as the external set, 10-fold CV for AIMed and HPRD50', () => {
    const t4 = loadSpecs('table4');
    expect(t4.name).to.equal('table4');
    expect(t4.specs.map((l) => l.spec.target)).to.deep.equal(['BioRED', 'BC5CDR', 'DDI', 'DrugProt', 'AIMed', 'HPRD50']);
    for (const { spec } of t4.specs) {
      if (spec.target === 'BioRED') expect(spec.rows![0].external).to.equal('all');
      else expect(spec.rows![0].external).to.deep.equal(['BioRED']);
      expect(spec.folds).to.equal(['AIMed', 'HPRD50'].includes(spec.target) ? 10 : undefined);
      expect(spec.reference).to.equal('paper/biorex-2023#table4');
    }
    const aimed = t4.specs.find((l) => l.spec.target === 'AIMed')!.spec;
    expect(new Set(expandSpec(aimed).runs.map((r) => r.fold))).to.have.property('size', 10);
    expect(corporaOf(aimed).sort()).to.deep.equal(['AIMed', 'BioRED']);
  });

  it('table5 and table6: the encoders are paper Table 3\'s runs (same identity), then the unseen task from PubMedBERT / SciBERT and from each encoder', () => {
    const [t3] = loadSpecs('table3').specs;
    const key = (r: RunTemplate) => templateKey({ ...r, input: r.input });
    const t3keys = new Set(expandSpec(t3.spec).runs.filter((r) => r.seed === 42).map(key));
    for (const [name, target, base] of [['table5', 'DrugCombo', 'microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract'], ['table6', 'GDA', 'allenai/scibert_scivocab_uncased']] as const) {
      const file = loadSpecs(name);
      expect(file.specs.map((l) => l.spec.name)).to.deep.equal(['biorex-encoders', name]);
      const [encoders, task] = file.specs;
      const runs = expandSpec(encoders.spec).runs;
      expect(runs.map((r) => r.configuration)).to.deep.equal(['original', 'biorex']);
      for (const r of runs) expect(t3keys.has(key(r)), `${name}: ${r.label} is a table3 run`).to.equal(true);
      expect(task.spec.target).to.equal(target);
      expect(task.spec.configurations).to.deep.equal(['original']);
      expect(task.spec.plm).to.deep.equal([base, 'biorex-encoders/original/BioRED+8 datasets/42', 'biorex-encoders/biorex/BioRED+8 datasets/42']);
      expect(task.spec.reference).to.equal(`paper/biorex-2023#${name}`);
      expect([...encoderSources(file.specs)]).to.deep.equal(['biorex-encoders']);
      expect(expandSpec(task.spec).runs).to.have.length(9);
      // the smoke profile's encoders are table3's smoke runs too
      const smoke = loadSpecs(name, { profile: 'smoke' });
      const [t3smoke] = loadSpecs('table3', { profile: 'smoke' }).specs;
      const smokeKeys = new Set(expandSpec(t3smoke.spec).runs.map(key));
      for (const r of expandSpec(smoke.specs[0].spec).runs) expect(smokeKeys.has(key(r)), r.label).to.equal(true);
    }
  });

  it('plm-comparison and size-sweep: the paper’s PLMs by hub id and the 100…500-document sweep', () => {
    const [plm] = loadSpecs('plm-comparison').specs;
    const paper = loadPaper('biorex-2023', PAPER_DIR);
    const hubIds = paper.tables.supplementaryTable1.rows.flatMap((r) => r.hubIds ?? []);
    expect([plm.spec.plm].flat()).to.have.length(5);
    for (const id of [plm.spec.plm].flat()) expect(hubIds, id).to.include(id);
    const [sweep] = loadSpecs('size-sweep').specs;
    expect(sweep.spec.sizes).to.deep.equal([100, 200, 300, 400, 500]);
    expect(sweep.spec.data.train_on).to.equal('train+dev');
    expect(sweep.spec.configurations).to.deep.equal(['original', 'biorex']);
    expect(expandSpec(sweep.spec).runs).to.have.length(2 * 5 * 3);
  });
});
