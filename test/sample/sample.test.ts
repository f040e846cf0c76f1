// Checks the committed synthetic sample corpus (data/sample/) with a small parser of its own,
// independent of src/corpora, and that the generator reproduces the files byte-for-byte.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSampleCorpus } from '../../scripts/make-sample-corpus.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const SAMPLE_DIR = resolve(REPO_ROOT, 'data/sample');
const SPLITS = ['train', 'dev', 'test'] as const;

const RELATION_TYPES = new Set([
  'Association', 'Positive_Correlation', 'Negative_Correlation', 'Bind',
  'Cotreatment', 'Drug_Interaction', 'Comparison', 'Conversion',
]);
const ENTITY_TYPES = new Set([
  'GeneOrGeneProduct', 'DiseaseOrPhenotypicFeature', 'ChemicalEntity', 'SequenceVariant', 'OrganismTaxon', 'CellLine',
]);
// BioRED pairs these five kinds; a SequenceVariant counts as a gene.
const PAIR_KINDS = new Set(['Chemical–Chemical', 'Chemical–Disease', 'Chemical–Gene', 'Disease–Gene', 'Gene–Gene']);
const SHORT: Record<string, string> = {
  ChemicalEntity: 'Chemical', DiseaseOrPhenotypicFeature: 'Disease', GeneOrGeneProduct: 'Gene', SequenceVariant: 'Gene',
};

interface Doc {
  pmid: string;
  title: string;
  abstract: string;
  mentions: { start: number; end: number; text: string; type: string; ids: string[]; line: number }[];
  relations: { type: string; id1: string; id2: string; novelty: string; line: number }[];
}

function parse(text: string, file: string): Doc[] {
  const docs: Doc[] = [];
  const lines = text.split('\n');
  let doc: Doc | undefined;
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line === '') {
      doc = undefined;
      return;
    }
    const tm = /^(\d+)\|([ta])\|(.*)$/.exec(line);
    if (tm) {
      if (tm[2] === 't') {
        expect(doc, `${where}: title line must start a document`).to.equal(undefined);
        doc = { pmid: tm[1], title: tm[3], abstract: '', mentions: [], relations: [] };
        docs.push(doc);
      } else {
        expect(doc?.pmid, `${where}: abstract line must follow its title`).to.equal(tm[1]);
        expect(doc!.mentions.length + doc!.relations.length, where).to.equal(0);
        doc!.abstract = tm[3];
      }
      return;
    }
    expect(doc, `${where}: annotation line outside a document`).to.not.equal(undefined);
    const f = line.split('\t');
    expect(f[0], `${where}: PMID`).to.equal(doc!.pmid);
    if (f.length === 6) {
      expect(doc!.relations.length, `${where}: entity lines come before relation lines`).to.equal(0);
      doc!.mentions.push({ start: Number(f[1]), end: Number(f[2]), text: f[3], type: f[4], ids: f[5].split(','), line: i + 1 });
    } else if (f.length === 5) {
      doc!.relations.push({ type: f[1], id1: f[2], id2: f[3], novelty: f[4], line: i + 1 });
    } else {
      expect.fail(`${where}: expected 6 (entity) or 5 (relation) tab-separated fields, got ${f.length}`);
    }
  });
  return docs;
}

const raw = Object.fromEntries(SPLITS.map((s) => [s, readFileSync(join(SAMPLE_DIR, `${s}.pubtator`), 'utf8')])) as Record<(typeof SPLITS)[number], string>;
const corpus = Object.fromEntries(SPLITS.map((s) => [s, parse(raw[s], `${s}.pubtator`)])) as Record<(typeof SPLITS)[number], Doc[]>;

function typeIndex(doc: Doc): Map<string, string> {
  const m = new Map<string, string>();
  for (const x of doc.mentions) for (const id of x.ids) m.set(id, x.type);
  return m;
}

function relationStats(docs: Doc[]): { kinds: Map<string, number>; types: Map<string, number>; variantDisease: number } {
  const kinds = new Map<string, number>();
  const types = new Map<string, number>();
  let variantDisease = 0;
  for (const d of docs) {
    const typeOf = typeIndex(d);
    for (const r of d.relations) {
      const t1 = typeOf.get(r.id1)!;
      const t2 = typeOf.get(r.id2)!;
      const kind = [SHORT[t1], SHORT[t2]].sort().join('–');
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      types.set(r.type, (types.get(r.type) ?? 0) + 1);
      if ([t1, t2].includes('SequenceVariant') && [t1, t2].includes('DiseaseOrPhenotypicFeature')) variantDisease++;
    }
  }
  return { kinds, types, variantDisease };
}

describe('sample corpus (data/sample, synthetic)', () => {
  it('has the planned split sizes and stays small', () => {
    expect(corpus.train.length).to.be.within(35, 45);
    expect(corpus.dev.length).to.be.within(8, 12);
    expect(corpus.test.length).to.be.within(10, 14);
    const total = SPLITS.reduce((s, name) => s + statSync(join(SAMPLE_DIR, `${name}.pubtator`)).size, 0);
    expect(total).to.be.below(100 * 1024);
  });

  it('is plain PubTator: LF, one blank line between documents, a blank line at the end', () => {
    for (const s of SPLITS) {
      expect(raw[s], s).to.not.include('\r');
      expect(raw[s], s).to.not.match(/\n\n\n/);
      expect(raw[s].endsWith('\n\n'), s).to.equal(true);
      expect(raw[s].startsWith('\n'), s).to.equal(false);
    }
  });

  it('uses obviously synthetic, unique 9-digit PMIDs starting with 9900', () => {
    const all = SPLITS.flatMap((s) => corpus[s].map((d) => d.pmid));
    for (const p of all) expect(p).to.match(/^9900\d{5}$/);
    expect(new Set(all).size).to.equal(all.length);
  });

  it('has text without separators and 3–6 abstract sentences per document', () => {
    for (const s of SPLITS) {
      for (const d of corpus[s]) {
        for (const t of [d.title, d.abstract]) {
          expect(t.length, d.pmid).to.be.greaterThan(0);
          expect(t, d.pmid).to.not.match(/[|\t]/);
        }
        const sentences = d.abstract.split(/\.(?:\s|$)/).filter((x) => x.trim());
        expect(sentences.length, `${d.pmid}: ${d.abstract}`).to.be.within(3, 6);
      }
    }
  });

  it('has every mention at its offsets (title at 0, abstract at len(title)+1), inside one passage', () => {
    for (const s of SPLITS) {
      for (const d of corpus[s]) {
        const text = `${d.title} ${d.abstract}`;
        const abstractStart = d.title.length + 1;
        let previousStart = -1;
        for (const m of d.mentions) {
          const where = `${s}.pubtator:${m.line}`;
          expect(text.slice(m.start, m.end), where).to.equal(m.text);
          expect(m.end, where).to.be.greaterThan(m.start);
          const inTitle = m.end <= d.title.length;
          const inAbstract = m.start >= abstractStart;
          expect(inTitle || inAbstract, `${where}: mention crosses passages`).to.equal(true);
          expect(ENTITY_TYPES.has(m.type), `${where}: type ${m.type}`).to.equal(true);
          expect(m.start, `${where}: mentions sorted by start`).to.be.greaterThan(previousStart);
          previousStart = m.start;
        }
      }
    }
  });

  it('has relations whose ids occur among the document mentions, of BioRED types, one per pair', () => {
    for (const s of SPLITS) {
      for (const d of corpus[s]) {
        const typeOf = typeIndex(d);
        const pairs = new Set<string>();
        for (const r of d.relations) {
          const where = `${s}.pubtator:${r.line}`;
          expect(typeOf.has(r.id1), `${where}: ${r.id1} not among mentions`).to.equal(true);
          expect(typeOf.has(r.id2), `${where}: ${r.id2} not among mentions`).to.equal(true);
          expect(r.id1, where).to.not.equal(r.id2);
          expect(r.id1, where).to.not.equal('-');
          expect(r.id2, where).to.not.equal('-');
          expect(RELATION_TYPES.has(r.type), `${where}: type ${r.type}`).to.equal(true);
          expect(['Novel', 'No'], where).to.include(r.novelty);
          const kind = [SHORT[typeOf.get(r.id1)!], SHORT[typeOf.get(r.id2)!]].sort().join('–');
          expect(PAIR_KINDS.has(kind), `${where}: pair kind ${kind} is never paired`).to.equal(true);
          const key = [r.id1, r.id2].sort().join('~');
          expect(pairs.has(key), `${where}: duplicate pair`).to.equal(false);
          pairs.add(key);
        }
        expect(d.relations.length, d.pmid).to.be.greaterThan(0);
      }
    }
  });

  for (const split of ['train', 'test'] as const) {
    it(`covers all five pair kinds and at least six relation types in ${split}`, () => {
      const { kinds, types, variantDisease } = relationStats(corpus[split]);
      expect([...kinds.keys()].sort()).to.deep.equal([...PAIR_KINDS].sort());
      expect(types.size).to.be.at.least(6);
      expect(variantDisease).to.be.greaterThan(0);
    });
  }

  it('has the BioRED quirks the readers must handle: composite ids, `-` ids, unpaired types, repeated mentions', () => {
    const mentions = SPLITS.flatMap((s) => corpus[s].flatMap((d) => d.mentions));
    expect(mentions.filter((m) => m.ids.length > 1).length).to.be.greaterThan(0);
    expect(mentions.filter((m) => m.ids.length === 1 && m.ids[0] === '-').length).to.be.greaterThan(0);
    for (const t of ['OrganismTaxon', 'CellLine', 'SequenceVariant']) {
      expect(mentions.filter((m) => m.type === t).length, t).to.be.greaterThan(0);
    }
    for (const d of corpus.train) {
      const perId = new Map<string, number>();
      for (const m of d.mentions) for (const id of m.ids) perId.set(id, (perId.get(id) ?? 0) + 1);
      expect(Math.max(...perId.values()), d.pmid).to.be.at.least(2);
    }
  });

  it('is not the same text over and over', () => {
    const docs = SPLITS.flatMap((s) => corpus[s]);
    expect(new Set(docs.map((d) => d.abstract)).size).to.equal(docs.length);
    expect(new Set(docs.map((d) => d.title)).size).to.be.at.least(Math.floor(docs.length * 0.9));
  });

  it('is reproduced byte-for-byte by scripts/make-sample-corpus.ts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'biorex-sample-'));
    try {
      writeSampleCorpus(dir);
      for (const s of SPLITS) {
        expect(readFileSync(join(dir, `${s}.pubtator`), 'utf8') === raw[s], `${s}.pubtator differs from a fresh run`).to.equal(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
