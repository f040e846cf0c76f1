// Must-show checks on the real corpora in ../shared/corpora (skipped when absent).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ProblemSink } from '../../src/errors.ts';
import { corpusDir, fetchCorpora, findCorpus, groupOf, listCorpora, loadCorpus, loadRegistry, readPubTatorFile, readSplitInput, type CorpusEntry, type LoadedCorpus, type SplitInput } from '../../src/corpora/index.ts';
import { describeWithCorpora, mirrorManifest, SHARED_CORPORA } from '../helpers/shared.ts';
import { comparable } from './util.ts';

interface ManifestEntry {
  corpus: string;
  file: string;
  docs: number | null;
  relations: number | null;
  complete: boolean;
}
const manifest = (): ManifestEntry[] => JSON.parse(readFileSync(resolve(SHARED_CORPORA, 'MANIFEST.json'), 'utf8'));
const entry = (file: string) => manifest().find((m) => m.file === file)!;
const docs = (r: LoadedCorpus, split: string) => r.splits[split].length;
const rels = (r: LoadedCorpus, split: string) => r.splits[split].reduce((n, d) => n + d.relations.length, 0);
const all = (r: LoadedCorpus) => Object.values(r.splits).flat();
function officialSet(c: CorpusEntry, split: string): SplitInput {
  if (c.splits.kind !== 'official') throw new Error(`${c.name} has no official splits`);
  return c.splits.sets[split];
}

describeWithCorpora('corpora on ../shared/corpora (must-show counts)', function () {
  this.timeout(120_000);
  const loaded = new Map<string, LoadedCorpus>();
  before(async () => {
    for (const n of ['BioRED', 'BC5CDR', 'DDI', 'DrugProt', 'AIMed', 'HPRD50', 'EMU', 'PharmGKB', 'DisGeNET']) loaded.set(n, await loadCorpus(n, { root: SHARED_CORPORA }));
  });

  it('BioRED: 400/100/100 documents, 4,178/1,162/1,163 relations', () => {
    const r = loaded.get('BioRED')!;
    expect([docs(r, 'train'), docs(r, 'dev'), docs(r, 'test')]).to.deep.equal([400, 100, 100]);
    expect([rels(r, 'train'), rels(r, 'dev'), rels(r, 'test')]).to.deep.equal([4178, 1162, 1163]);
  });

  it('BC5CDR: 500/500/500 documents, 1,038/1,012/1,066 CID relations', () => {
    const r = loaded.get('BC5CDR')!;
    expect([docs(r, 'train'), docs(r, 'dev'), docs(r, 'test')]).to.deep.equal([500, 500, 500]);
    expect([rels(r, 'train'), rels(r, 'dev'), rels(r, 'test')]).to.deep.equal([1038, 1012, 1066]);
    expect(all(r).every((d) => d.relations.every((x) => x.type === 'CID'))).to.equal(true);
  });

  it('the split files of BioRED and BC5CDR match MANIFEST.json too', () => {
    const check = (name: string, split: string, file: string) => {
      const r = loaded.get(name)!;
      const m = entry(file);
      expect([docs(r, split), rels(r, split)], file).to.deep.equal([m.docs, m.relations]);
    };
    check('BioRED', 'train', 'biored/Train.PubTator');
    check('BioRED', 'test', 'biored/Test.PubTator');
    check('BC5CDR', 'dev', 'cdr/CDR.Corpus.v010516/CDR_DevelopmentSet.PubTator.txt');
  });

  it('DDI: train + test documents and ddi="true" pairs match MANIFEST (905 docs, 5,000 DDIs)', () => {
    const r = loaded.get('DDI')!;
    const m = entry('ddi/DDICorpus-2013.zip');
    expect(docs(r, 'train') + docs(r, 'test')).to.equal(m.docs);
    expect(rels(r, 'train') + rels(r, 'test')).to.equal(m.relations);
    expect(rels(r, 'test')).to.equal(entry('ddi/biorex_pubtator/DDI.Test.PubTator').relations); // 979, the official test
  });

  it('DrugProt: development complete; training = 551 abstracts present, the other PMIDs as orphans, all 17,288 relations accounted for', () => {
    const r = loaded.get('DrugProt')!;
    const base = 'drugprot/drugprot-gs-training-development/';
    expect(docs(r, 'test')).to.equal(entry(`${base}development/drugprot_development_abstracs.tsv`).docs);
    expect(rels(r, 'test')).to.equal(entry(`${base}development/drugprot_development_relations.tsv`).relations);
    expect(r.orphans?.test).to.equal(undefined);
    expect(docs(r, 'train')).to.equal(entry(`${base}training/drugprot_training_abstracs.tsv`).docs);
    const o = r.orphans!.train;
    expect(rels(r, 'train') + o.relations).to.equal(entry(`${base}training/drugprot_training_relations.tsv`).relations);
    expect(docs(r, 'train') + o.documents).to.equal(entry(`${base}training/drugprot_training_entities.tsv`).docs);
  });

  it('AIMed: 225 abstracts (1,978 sentence records), 943 pairs; groups never straddle train/test', () => {
    const r = loaded.get('AIMed')!;
    const m = entry('aimed/aimed_bioc.Sen.PubTator');
    const pattern = new RegExp(findCorpus('AIMed').groupPattern!);
    const groups = (split: string) => new Set(r.splits[split].map((d) => groupOf(d.id, pattern)));
    expect(groups('train').size + groups('test').size).to.equal(m.docs);
    expect([...groups('test')].filter((g) => groups('train').has(g))).to.deep.equal([]);
    expect(all(r).length).to.equal(1978);
    expect(rels(r, 'train') + rels(r, 'test')).to.equal(m.relations);
    expect(new Set(r.folds!.values()).size).to.equal(10);
  });

  it('HPRD50, EMU, PharmGKB, DisGeNET: documents and relations match MANIFEST', () => {
    const sum = (files: string[], k: 'docs' | 'relations') => files.reduce((n, f) => n + (entry(f)[k] ?? 0), 0);
    const cases: [string, string[]][] = [
      ['HPRD50', ['hprd50/HPRD50-train.xml', 'hprd50/HPRD50-test.xml']],
      ['EMU', ['emu/emu_bc/BCa_db_novel_128.PubTator', 'emu/emu_pc/PCa_db_novel_51.PubTator']],
      ['PharmGKB', ['pharmgkb/PharmGKB.PubTator']],
      ['DisGeNET', ['disgenet/DisGeNET.PubTator']],
    ];
    for (const [name, files] of cases) {
      const r = loaded.get(name)!;
      expect([all(r).length, all(r).reduce((n, d) => n + d.relations.length, 0)], name).to.deep.equal([sum(files, 'docs'), sum(files, 'relations')]);
    }
  });

  it('HPRD50 is read from the PPI-benchmark XML: 43 abstracts, 145 sentences, 163 interactions between proteins of one sentence; splits and folds pick the same abstracts as the PubTator copy', async () => {
    const r = loaded.get('HPRD50')!;
    const docsAll = all(r);
    expect([docs(r, 'train'), docs(r, 'test')]).to.deep.equal([35, 8]);
    expect(docsAll.reduce((n, d) => n + d.passages.length, 0)).to.equal(145);
    expect(rels(r, 'train') + rels(r, 'test')).to.equal(163);
    for (const d of docsAll)
      for (const rel of d.relations) {
        const sentenceOf = (id: string) => d.passages.findIndex((p) => d.mentions.some((m) => m.annotationId === id && m.start >= p.offset && m.end <= p.offset + p.text.length));
        expect(sentenceOf(rel.arg1), `${d.id} ${rel.arg1}`).to.be.at.least(0);
        expect(sentenceOf(rel.arg1)).to.equal(sentenceOf(rel.arg2));
      }
    // The PubTator copy (one line per abstract) names the same abstracts HPRD50_d<n>_1.
    const pt = await readPubTatorFile(resolve(SHARED_CORPORA, 'hprd50/hprd50_bioc.PubTator'), { separators: ['|'] });
    const n = (id: string) => /d(\d+)/.exec(id)![1];
    for (const d of docsAll) {
      const copy = pt.find((p) => n(p.id) === n(d.id))!;
      expect(copy.passages[0].text.startsWith(d.passages[0].text), d.id).to.equal(true);
      expect(copy.relations.length, d.id).to.equal(d.relations.length);
    }
    expect(r.splits.test.map((d) => Number(n(d.id))).sort((a, b) => a - b)).to.deep.equal([1, 8, 10, 13, 14, 25, 26, 37]);
    expect(new Set(r.folds!.values()).size).to.equal(10);
  });

  it('DisGeNET records of one PMID stay in one split', () => {
    const r = loaded.get('DisGeNET')!;
    const pmid = (id: string) => id.slice(0, -4);
    const train = new Set(r.splits.train.map((d) => pmid(d.id)));
    expect(r.splits.test.filter((d) => train.has(pmid(d.id)))).to.deep.equal([]);
  });
});

describeWithCorpora('corpora: BioC and PubTator copies of a split are identical', function () {
  this.timeout(120_000);
  const registry = loadRegistry();
  const cases: [string, string][] = [
    ['BioRED', 'dev'],
    ['BioRED', 'test'],
    ['BioRED', 'train'],
    ['BC5CDR', 'train'],
    ['BC5CDR', 'dev'],
    ['BC5CDR', 'test'],
  ];
  for (const [name, split] of cases) {
    const c = findCorpus(name, registry);
    for (const alt of c.alternates?.[split] ?? []) {
      it(`${name} ${split}: PubTator vs ${alt.format} (${alt.files.join(', ')})`, async () => {
        const dir = corpusDir(c, SHARED_CORPORA);
        const sink = new ProblemSink(false);
        const main = await readSplitInput(c, officialSet(c, split), dir, sink);
        const other = await readSplitInput(c, alt, dir, sink);
        expect(other.documents.length).to.equal(main.documents.length);
        expect(other.documents.map(comparable)).to.deep.equal(main.documents.map(comparable));
      });
    }
  }

  it('BioRED dev/test: the BioREx re-export has the same documents and relations (its texts differ: see docs/corpora.md)', async () => {
    const c = findCorpus('BioRED', registry);
    const dir = corpusDir(c, SHARED_CORPORA);
    for (const split of ['dev', 'test']) {
      const sink = new ProblemSink(false);
      const main = await readSplitInput(c, officialSet(c, split), dir, sink);
      const [alt] = c.alternates![`biorex-${split}`];
      const other = await readSplitInput(c, alt, dir, sink);
      expect(other.documents.map((d) => d.id)).to.deep.equal(main.documents.map((d) => d.id));
      expect(other.documents.map((d) => comparable(d).relations)).to.deep.equal(main.documents.map((d) => comparable(d).relations));
    }
  });
});

describeWithCorpora('corpora: data fetch --from ../shared/corpora', function () {
  this.timeout(120_000);
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'biorex-shared-fetch-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('copies every registered file (partial copies included) and list reports them present; a re-run only verifies', async () => {
    const results = await fetchCorpora({ root, from: SHARED_CORPORA });
    // GDA is not in the mirror (its checksums are pending): those six files fail, naming the mirror.
    const failed = results.filter((r) => r.action === 'failed');
    expect(failed.map((r) => r.corpus)).to.deep.equal(Array(6).fill('GDA'));
    for (const r of failed) expect(r.attempts.join(' | ')).to.contain('not in the mirror');
    const downloadable = results.filter((r) => r.action !== 'bundled' && r.corpus !== 'GDA');
    expect(downloadable.every((r) => r.action === 'copied')).to.equal(true);
    expect(downloadable.length).to.equal(mirrorManifest().length);
    const list = await listCorpora({ root });
    expect(list.filter((s) => !s.bundled && s.state !== 'present').map((s) => s.corpus)).to.deep.equal(Array(6).fill('GDA'));
    expect(list.filter((s) => !s.complete).length).to.equal(mirrorManifest().filter((m) => !m.complete).length);
    const again = await fetchCorpora({ root, from: SHARED_CORPORA, corpora: ['HPRD50', 'EMU'] });
    expect(again.map((r) => r.action)).to.deep.equal(['verified', 'verified', 'verified', 'verified', 'verified']);
    const r = await loadCorpus('EMU', { root });
    expect(r.splits.train.length + r.splits.test.length).to.equal(83);
  });
});
