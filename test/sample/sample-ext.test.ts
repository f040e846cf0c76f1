// Checks the bundled synthetic external corpora (data/sample-ext/: SampleDDI, SampleGDA) with a
// small parser of its own, that the generator reproduces them byte-for-byte, that the corpora and
// instances stages find them without a data root, and what the merged BioREx / TL / MTL sets hold.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GDA_OVERLAP_PMIDS, writeSampleExtCorpora } from '../../scripts/make-sample-corpus.ts';
import { loadCorpus } from '../../src/corpora/index.ts';
import { buildMergedSets, readInstances, type Instance } from '../../src/instances/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const EXT_DIR = resolve(REPO_ROOT, 'data/sample-ext');
const FILES = { ddiTrain: 'ddi/train.pubtator', ddiTest: 'ddi/test.pubtator', gda: 'gda/SampleGDA.pubtator' } as const;
const DDI_TYPES = ['mechanism', 'effect', 'advise', 'int'];

interface Rec {
  id: string;
  text: string;
  hasAbstractLine: boolean;
  mentions: { start: number; end: number; text: string; type: string; ids: string; line: number }[];
  relations: { type: string; id1: string; id2: string; line: number }[];
}

/** Sentence-record PubTator: `ID|t|text`, optional empty `ID|a|`, 6-field mentions, 4-field relations. */
function parse(text: string, file: string): Rec[] {
  const recs: Rec[] = [];
  let rec: Rec | undefined;
  text.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line === '') {
      rec = undefined;
      return;
    }
    const tm = /^([^|\t]+)\|([ta])\|(.*)$/.exec(line);
    if (tm) {
      if (tm[2] === 't') {
        expect(rec, `${where}: title line must start a record`).to.equal(undefined);
        rec = { id: tm[1], text: tm[3], hasAbstractLine: false, mentions: [], relations: [] };
        recs.push(rec);
      } else {
        expect(rec?.id, `${where}: |a| line must follow its |t| line`).to.equal(tm[1]);
        expect(tm[3], `${where}: the |a| line is empty (sentence records)`).to.equal('');
        rec!.hasAbstractLine = true;
      }
      return;
    }
    expect(rec, `${where}: annotation line outside a record`).to.not.equal(undefined);
    const f = line.split('\t');
    expect(f[0], `${where}: record id`).to.equal(rec!.id);
    if (f.length === 6) {
      expect(rec!.relations.length, `${where}: mentions come before relations`).to.equal(0);
      rec!.mentions.push({ start: Number(f[1]), end: Number(f[2]), text: f[3], type: f[4], ids: f[5], line: i + 1 });
    } else if (f.length === 4) {
      rec!.relations.push({ type: f[1], id1: f[2], id2: f[3], line: i + 1 });
    } else expect.fail(`${where}: expected 6 (entity) or 4 (relation) fields, got ${f.length}`);
  });
  return recs;
}

const raw = Object.fromEntries(Object.entries(FILES).map(([k, f]) => [k, readFileSync(join(EXT_DIR, f), 'utf8')])) as Record<keyof typeof FILES, string>;
const ddi = { train: parse(raw.ddiTrain, FILES.ddiTrain), test: parse(raw.ddiTest, FILES.ddiTest) };
const gda = parse(raw.gda, FILES.gda);

function checkOffsets(recs: Rec[], file: string): void {
  for (const r of recs) {
    let previous = -1;
    for (const m of r.mentions) {
      const where = `${file}:${m.line}`;
      expect(r.text.slice(m.start, m.end), where).to.equal(m.text);
      expect(m.end, where).to.be.greaterThan(m.start);
      expect(m.start, `${where}: mentions sorted by offset`).to.be.greaterThan(previous);
      previous = m.start;
    }
  }
}

/** Relation argument names a record's mentions: DDI ids directly, GDA concept ids or a variant's CorrespondingGene. */
function argumentNames(r: Rec): Set<string> {
  const names = new Set<string>();
  for (const m of r.mentions)
    for (const part of m.ids.split(';')) {
      names.add(part);
      if (part.startsWith('CorrespondingGene:')) names.add(part.slice('CorrespondingGene:'.length));
    }
  return names;
}

const count = <T>(xs: T[], key: (x: T) => string) => xs.reduce((m, x) => m.set(key(x), (m.get(key(x)) ?? 0) + 1), new Map<string, number>());

describe('sample-ext: SampleDDI (synthetic, DDI-like, data/sample-ext/ddi)', () => {
  it('has ~150 train and ~40 test sentence records, synthetic unique ids, and stays under 60 KB', () => {
    expect(ddi.train.length).to.be.within(130, 170);
    expect(ddi.test.length).to.be.within(30, 50);
    const ids = [...ddi.train, ...ddi.test].map((r) => r.id);
    for (const id of ids) expect(id).to.match(/^SDDI_d\d{3}_s\d+$/);
    expect(new Set(ids).size).to.equal(ids.length);
    const bytes = statSync(join(EXT_DIR, FILES.ddiTrain)).size + statSync(join(EXT_DIR, FILES.ddiTest)).size;
    expect(bytes).to.be.below(60 * 1024);
  });

  it('is plain PubTator: one |t| sentence per record, no |a| line, LF, a blank line after every record', () => {
    for (const [k, recs] of [['ddiTrain', ddi.train], ['ddiTest', ddi.test]] as const) {
      expect(raw[k]).to.not.include('\r');
      expect(raw[k]).to.not.match(/\n\n\n/);
      expect(raw[k].endsWith('\n\n')).to.equal(true);
      for (const r of recs) {
        expect(r.hasAbstractLine, r.id).to.equal(false);
        expect(r.text, r.id).to.match(/^[A-Z].*\.$/);
        expect(r.text.split(/\. /).length, `${r.id}: one sentence`).to.equal(1);
      }
    }
  });

  it('has every mention at its offsets, with per-record mention ids Drug_0, Drug_1 … of types drug/brand/group', () => {
    for (const [split, recs] of Object.entries(ddi)) {
      checkOffsets(recs, split);
      for (const r of recs) {
        expect(r.mentions.map((m) => m.ids), r.id).to.deep.equal(r.mentions.map((_, k) => `Drug_${k}`));
        for (const m of r.mentions) expect(['drug', 'brand', 'group'], r.id).to.include(m.type);
      }
    }
    const types = count([...ddi.train, ...ddi.test].flatMap((r) => r.mentions), (m) => m.type);
    for (const t of ['drug', 'brand', 'group']) expect(types.get(t) ?? 0, t).to.be.greaterThan(0);
  });

  it('has relations between mentions of the record (first mention first), of the four DDI types, in both splits', () => {
    for (const [split, recs] of Object.entries(ddi)) {
      for (const r of recs) {
        const ids = new Set(r.mentions.map((m) => m.ids));
        const pairs = new Set<string>();
        for (const x of r.relations) {
          const where = `${split}:${x.line}`;
          expect(ids.has(x.id1) && ids.has(x.id2), `${where}: arguments among the mentions`).to.equal(true);
          expect(Number(x.id1.slice(5)), where).to.be.below(Number(x.id2.slice(5)));
          expect(DDI_TYPES, where).to.include(x.type);
          expect(pairs.has(`${x.id1}~${x.id2}`), `${where}: duplicate pair`).to.equal(false);
          pairs.add(`${x.id1}~${x.id2}`);
        }
      }
      const types = count(recs.flatMap((r) => r.relations), (x) => x.type);
      expect([...types.keys()].sort(), split).to.deep.equal([...DDI_TYPES].sort());
      // int is the rare type, as in DDI.
      expect(types.get('int')!, split).to.be.below(Math.min(types.get('effect')!, types.get('mechanism')!, types.get('advise')!));
    }
  });

  it('has negatives: records naming two or more drugs without an interaction, unrelated pairs in relation records, and one-drug records', () => {
    const all = [...ddi.train, ...ddi.test];
    expect(all.filter((r) => r.mentions.length >= 2 && r.relations.length === 0).length).to.be.greaterThan(10);
    expect(all.filter((r) => r.relations.length > 0 && r.relations.length < (r.mentions.length * (r.mentions.length - 1)) / 2).length).to.be.greaterThan(5);
    expect(all.filter((r) => r.mentions.length === 1).length).to.be.greaterThan(5);
  });

  it('shares drug names with the Sample corpus (so transfer to it is plausible)', () => {
    const sample = readFileSync(resolve(REPO_ROOT, 'data/sample/train.pubtator'), 'utf8');
    const sampleChems = new Set(sample.split('\n').map((l) => l.split('\t')).filter((f) => f[4] === 'ChemicalEntity').map((f) => f[3].toLowerCase()));
    const drugs = new Set(ddi.train.flatMap((r) => r.mentions).filter((m) => m.type === 'drug').map((m) => m.text.toLowerCase()));
    expect([...drugs].filter((d) => sampleChems.has(d)).length).to.be.at.least(5);
  });
});

describe('sample-ext: SampleGDA (synthetic, DisGeNET-like, data/sample-ext/gda)', () => {
  it('has ~60 records with ids PMID + 4-digit suffix, an empty |a| line each', () => {
    expect(gda.length).to.be.within(50, 70);
    for (const r of gda) {
      expect(r.id).to.match(/^9900\d{5}\d{4}$/);
      expect(r.hasAbstractLine, r.id).to.equal(true);
    }
    expect(new Set(gda.map((r) => r.id)).size).to.equal(gda.length);
    // Several records of one PMID, as in DisGeNET.
    const perPmid = count(gda, (r) => r.id.slice(0, -4));
    expect([...perPmid.values()].some((n) => n > 1)).to.equal(true);
  });

  it('has mentions at their offsets (Gene, Disease, tmVar variants) and only positive Association relations, disease first', () => {
    checkOffsets(gda, FILES.gda);
    for (const r of gda) {
      const typeOf = new Map(r.mentions.map((m) => [m.ids, m.type]));
      const names = argumentNames(r);
      for (const m of r.mentions) {
        expect(['Gene', 'Disease', 'SNP', 'ProteinMutation'], r.id).to.include(m.type);
        if (m.type === 'SNP' || m.type === 'ProteinMutation') expect(m.ids, r.id).to.match(/^tmVar:.*;CorrespondingGene:\d+/);
      }
      expect(r.relations.length, r.id).to.be.greaterThan(0);
      for (const x of r.relations) {
        expect(x.type).to.equal('Association');
        expect(typeOf.get(x.id1), `${r.id}: first argument is the disease`).to.equal('Disease');
        expect(names.has(x.id2), `${r.id}: ${x.id2} not among the mentions`).to.equal(true);
      }
    }
  });

  it('has the cases rule a3 drops: entities in different sentences, a gene named only through its variant', () => {
    const twoSentences = gda.filter((r) => r.text.split(/\. (?=[A-Z])/).length === 2);
    expect(twoSentences.length).to.be.greaterThan(0);
    const viaVariant = gda.filter((r) => r.relations.some((x) => !r.mentions.some((m) => m.ids === x.id2)));
    expect(viaVariant.length).to.be.greaterThan(0);
    // Uncurated gene–disease pairs (c3: not trained on).
    expect(gda.filter((r) => r.mentions.filter((m) => m.type === 'Gene').length > r.relations.length).length).to.be.greaterThan(0);
  });

  it('reuses the PMIDs of two Sample test documents (the merge must drop those records)', () => {
    const sampleTest = new Set(readFileSync(resolve(REPO_ROOT, 'data/sample/test.pubtator'), 'utf8').match(/^\d+(?=\|t\|)/gm));
    const overlapping = [...new Set(gda.map((r) => r.id.slice(0, -4)).filter((p) => sampleTest.has(p)))].sort();
    expect(overlapping).to.deep.equal([...GDA_OVERLAP_PMIDS].sort());
  });
});

describe('sample-ext: generator and loading', () => {
  it('is reproduced byte-for-byte by scripts/make-sample-corpus.ts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'biorex-sample-ext-'));
    try {
      writeSampleExtCorpora(dir);
      for (const [k, f] of Object.entries(FILES)) expect(readFileSync(join(dir, f), 'utf8') === raw[k as keyof typeof FILES], `${f} differs from a fresh run`).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads through the registry from the repository whatever the data root', async () => {
    const root = join(tmpdir(), 'biorex-no-such-root');
    const d = await loadCorpus('SampleDDI', { root });
    expect(d.corpus.origin).to.equal('bundled');
    expect(Object.keys(d.splits)).to.deep.equal(['train', 'test']);
    expect(d.splits.train.length).to.equal(ddi.train.length);
    expect(d.splits.test.map((x) => x.id)).to.deep.equal(ddi.test.map((r) => r.id));
    expect(d.splits.train.flatMap((x) => x.relations).length).to.equal(ddi.train.flatMap((r) => r.relations).length);
    const g = await loadCorpus('samplegda', { root });
    expect(g.splits.train.length + g.splits.test.length).to.equal(gda.length);
    expect(g.splits.test.length).to.be.greaterThan(0);
    // Split by PMID: no PMID on both sides.
    const pmids = (docs: { id: string }[]) => new Set(docs.map((x) => x.id.slice(0, -4)));
    const trainP = pmids(g.splits.train);
    for (const p of pmids(g.splits.test)) expect(trainP.has(p), p).to.equal(false);
  });
});

describe('sample-ext: merged sets Sample + SampleDDI (+ SampleGDA)', function () {
  this.timeout(60_000);
  let out: string;
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'biorex-sample-ext-merge-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  // an external corpus contributes its training data (registry trainingSplits: SampleDDI train)
  const ddiRelations = ddi.train.flatMap((r) => r.relations);
  const byTask = (xs: Instance[], task: string) => xs.filter((x) => x.task === task);

  it('biorex: SampleDDI harmonized (None-SampleDDI, every interaction → Association); tl/mtl: native types', async () => {
    const root = join(out, 'no-root');
    const m = await buildMergedSets({ target: 'Sample', externals: ['SampleDDI'], root, out: join(out, 'a') });

    expect(m.biorex.labels).to.include.members(['None', 'Association', 'None-SampleDDI']);
    expect(m.biorex.tasks.SampleDDI).to.deep.equal(['None-SampleDDI', 'Association']);
    const bx = byTask(await readInstances(join(out, 'a/biorex', m.biorex.files.train)), 'SampleDDI');
    const bxLabels = count(bx, (x) => x.label);
    expect([...bxLabels.keys()].sort()).to.deep.equal(['Association', 'None-SampleDDI']);
    expect(bxLabels.get('Association')).to.equal(ddiRelations.length); // every training relation represented
    expect(new Set(bx.map((x) => x.split))).to.deep.equal(new Set(['train']));
    for (const x of bx) {
      expect(x.level).to.equal('sentence');
      expect(x.text.startsWith('What is the relation in SampleDDI between <C>')).to.equal(true);
      expect(x.types).to.deep.equal(['ChemicalEntity', 'ChemicalEntity']);
    }
    // dev / test are Sample's own.
    const bxTest = await readInstances(join(out, 'a/biorex', m.biorex.files.test));
    expect(bxTest.every((x) => x.task === 'Sample')).to.equal(true);

    const native = ['None-SampleDDI', ...DDI_TYPES];
    expect(m.tl.labels).to.deep.equal(native);
    const tl = await readInstances(join(out, 'a/tl', m.tl.files.train));
    expect(tl.every((x) => x.task === 'SampleDDI')).to.equal(true);
    const tlLabels = count(tl, (x) => x.label);
    expect([...tlLabels.keys()].sort()).to.deep.equal([...native].sort());
    for (const t of DDI_TYPES) expect(tlLabels.get(t), t).to.equal(ddiRelations.filter((r) => r.type === t).length);
    expect(tlLabels.get('None-SampleDDI')).to.equal(bxLabels.get('None-SampleDDI'));

    expect(m.mtl.tasks.SampleDDI).to.deep.equal(native);
    expect(m.mtl.tasks.Sample[0]).to.equal('None-Sample');
    const mtl = byTask(await readInstances(join(out, 'a/mtl', m.mtl.files.train)), 'SampleDDI');
    expect(mtl.length).to.equal(tl.length);
    expect(mtl.every((x) => !x.text.startsWith('What is the relation'))).to.equal(true);
  });

  it('SampleGDA: only positives in biorex (c3), left out of tl/mtl (a3), and its Sample-test PMIDs removed', async () => {
    const m = await buildMergedSets({ target: 'Sample', externals: ['SampleDDI', 'SampleGDA'], root: join(out, 'no-root'), out: join(out, 'b') });
    const removed = m.biorex.merge!.overlapRemoved.SampleGDA;
    // only SampleGDA's training part (its seeded 80 %) goes into the merged set
    const gdaTrainIds = new Set((await loadCorpus('SampleGDA', { root: join(out, 'no-root') })).splits.train.map((d) => d.id));
    const gdaTrain = gda.filter((r) => gdaTrainIds.has(r.id));
    expect(removed.pmids.sort()).to.deep.equal([...new Set(gdaTrain.map((r) => r.id.slice(0, -4)).filter((p) => GDA_OVERLAP_PMIDS.includes(p)))].sort());
    expect(removed.docs).to.equal(gdaTrain.filter((r) => GDA_OVERLAP_PMIDS.includes(r.id.slice(0, -4))).length);
    const bx = byTask(await readInstances(join(out, 'b/biorex', m.biorex.files.train)), 'SampleGDA');
    expect(bx.length).to.be.greaterThan(0);
    expect(new Set(bx.map((x) => x.label))).to.deep.equal(new Set(['Association']));
    for (const x of bx) expect(GDA_OVERLAP_PMIDS).to.not.include(x.doc.slice(0, -4));
    // a3: fewer instances than relations in the kept records (different sentences, gene only via a variant).
    const keptRelations = gdaTrain.filter((r) => !GDA_OVERLAP_PMIDS.includes(r.id.slice(0, -4))).flatMap((r) => r.relations).length;
    expect(bx.length).to.be.below(keptRelations);
    expect(Object.keys(m.tl.merge!.excluded)).to.deep.equal(['SampleGDA']);
    expect(Object.keys(m.mtl.tasks).sort()).to.deep.equal(['Sample', 'SampleDDI']);
  });
});
