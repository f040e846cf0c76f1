import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCorpus, parseRegistry } from '../../src/corpora/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { expectInputError } from './util.ts';

const FIX_ROOT = resolve(REPO_ROOT, 'test/fixtures');

function corpus(extra: Record<string, unknown>): Record<string, unknown> {
  return { origin: 'download', title: 't', homepage: '', licence: 'l', idSeparators: [',', ';'], ...extra };
}
const file = (path: string, role = 'x') => ({ path, role, complete: true, note: '', sources: [] });

describe('corpora/loadCorpus', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'biorex-load-'));
    // 30 abstracts of 1–3 sentence records, ids like AIMed's
    const lines: string[] = [];
    for (let d = 1; d <= 30; d++)
      for (let s = 1; s <= 1 + (d % 3); s++) {
        const id = `R_d${d}_${s}`;
        lines.push(`${id}|t|Protein A binds protein B.`, `${id}\t0\t9\tProtein A\tGene\tT1`, `${id}\t16\t25\tprotein B\tGene\tT2`, `${id}\tAssociation\tT1\tT2`, '');
      }
    mkdirSync(join(tmp, 'rec'));
    writeFileSync(join(tmp, 'rec', 'records.pubtator'), lines.join('\n'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const registry = parseRegistry({
    version: 1,
    corpora: [
      corpus({
        name: 'Mini',
        folder: 'corpora',
        entityTypes: ['ChemicalEntity', 'DiseaseOrPhenotypicFeature', 'GeneOrGeneProduct', 'SequenceVariant', 'ProteinMutation', 'Disease'],
        splits: { kind: 'official', sets: { train: { format: 'pubtator', files: ['good.pubtator'] }, test: { format: 'pubtator', files: ['good.pubtator'] } } },
        files: [file('good.pubtator')],
      }),
      corpus({
        name: 'Strict',
        folder: 'corpora',
        entityTypes: ['ChemicalEntity'],
        splits: { kind: 'official', sets: { train: { format: 'pubtator', files: ['good.pubtator'] } } },
        files: [file('good.pubtator')],
      }),
      corpus({
        name: 'Prot',
        folder: 'corpora',
        idSeparators: [],
        splits: {
          kind: 'official',
          sets: { train: { format: 'drugprot-tsv', files: ['drugprot_abstracts.tsv', 'drugprot_entities.tsv', 'drugprot_relations.tsv'] } },
        },
        files: [file('drugprot_abstracts.tsv'), file('drugprot_entities.tsv'), file('drugprot_relations.tsv')],
      }),
      corpus({
        name: 'MiniDDI',
        folder: 'corpora',
        splits: {
          kind: 'official',
          sets: {
            train: { format: 'ddi-xml-zip', files: ['ddi-mini.zip'], members: ['DDICorpus/Train/DrugBank', 'DDICorpus/Train/MedLine'] },
            test: { format: 'ddi-xml-zip', files: ['ddi-mini.zip'], members: ['DDICorpus/Test/Test for DDI Extraction task/DrugBank'] },
          },
        },
        files: [file('ddi-mini.zip')],
      }),
      corpus({
        name: 'Records',
        folder: 'rec',
        splits: { kind: 'random', input: { format: 'pubtator', files: ['records.pubtator'] }, seed: 5, fractions: { train: 0.8, test: 0.2 }, group: '^(R_d\\d+)_\\d+$', folds: { k: 10, seed: 9 } },
        files: [file('records.pubtator')],
      }),
      corpus({
        name: 'Absent',
        folder: 'nowhere',
        splits: { kind: 'official', sets: { train: { format: 'pubtator', files: ['x.pubtator'] } } },
        files: [file('x.pubtator')],
      }),
    ],
  });

  it('reads official splits from the registry', async () => {
    const r = await loadCorpus('mini', { root: FIX_ROOT, registry });
    expect(r.corpus.name).to.equal('Mini');
    expect(Object.keys(r.splits)).to.deep.equal(['train', 'test']);
    expect(r.splits.train.map((d) => d.id)).to.deep.equal(['1001', '1002', '1003']);
    expect(r.problems).to.deep.equal([]);
    expect(r.folds).to.equal(undefined);
  });

  it('passes the entity types of the registry: strict throws, lenient returns the problems', async () => {
    const e = await expectInputError(() => loadCorpus('Strict', { root: FIX_ROOT, registry }));
    expect(e.message).to.contain('unknown entity type');
    const r = await loadCorpus('Strict', { root: FIX_ROOT, registry, lenient: true });
    expect(r.problems.length).to.be.greaterThan(0);
    expect(r.problems.every((p) => p.fix.length > 0 && p.line !== undefined)).to.equal(true);
  });

  it('returns DrugProt orphans per split', async () => {
    const r = await loadCorpus('Prot', { root: FIX_ROOT, registry });
    expect(r.splits.train).to.have.length(2);
    expect(r.orphans?.train).to.include({ documents: 1, mentions: 2, relations: 1 });
  });

  it('reads DDI splits from member folders of the zip', async () => {
    const r = await loadCorpus('MiniDDI', { root: FIX_ROOT, registry });
    expect(r.splits.train).to.have.length(2);
    expect(r.splits.test).to.have.length(1);
  });

  it('splits by group with the registry seed, reproducibly, and assigns folds', async () => {
    const a = await loadCorpus('Records', { root: tmp, registry });
    const b = await loadCorpus('Records', { root: tmp, registry });
    expect(a.splits.test.map((d) => d.id)).to.deep.equal(b.splits.test.map((d) => d.id));
    const group = (id: string) => id.replace(/_\d+$/, '');
    const trainGroups = new Set(a.splits.train.map((d) => group(d.id)));
    const testGroups = new Set(a.splits.test.map((d) => group(d.id)));
    expect([...testGroups].filter((g) => trainGroups.has(g))).to.deep.equal([]);
    expect(testGroups.size).to.equal(6);
    expect(trainGroups.size).to.equal(24);
    expect(a.folds?.size).to.equal(a.splits.train.length + a.splits.test.length);
    expect(new Set(a.folds!.values()).size).to.equal(10);
  });

  it('reads the bundled Sample corpus from the repository whatever the data root', async function () {
    if (!existsSync(resolve(REPO_ROOT, 'data/sample/train.pubtator'))) this.skip();
    const r = await loadCorpus('Sample', { root: join(tmp, 'no-such-root') });
    expect(Object.keys(r.splits)).to.deep.equal(['train', 'dev', 'test']);
    expect(r.splits.train.length).to.be.greaterThan(0);
  });

  it('a missing file says how to fetch it', async () => {
    const e = await expectInputError(() => loadCorpus('Absent', { root: tmp, registry }));
    expect(e.message).to.contain('corpus Absent: file missing');
    expect(e.message).to.contain('biorex data fetch Absent');
  });
});
