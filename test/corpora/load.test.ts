import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
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
    // train = the fixture, test = the same documents under other ids (1001 → 3001 …)
    const good = readFileSync(resolve(FIX_ROOT, 'corpora/good.pubtator'), 'utf8');
    mkdirSync(join(tmp, 'mini'));
    writeFileSync(join(tmp, 'mini', 'train.pubtator'), good);
    writeFileSync(join(tmp, 'mini', 'test.pubtator'), good.replace(/^100(\d)/gm, '300$1'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const registry = parseRegistry({
    version: 1,
    corpora: [
      corpus({
        name: 'Mini',
        folder: 'mini',
        entityTypes: ['ChemicalEntity', 'DiseaseOrPhenotypicFeature', 'GeneOrGeneProduct', 'SequenceVariant', 'ProteinMutation', 'Disease'],
        splits: { kind: 'official', sets: { train: { format: 'pubtator', files: ['train.pubtator'] }, test: { format: 'pubtator', files: ['test.pubtator'] } } },
        files: [file('train.pubtator'), file('test.pubtator')],
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
    const r = await loadCorpus('mini', { root: tmp, registry });
    expect(r.corpus.name).to.equal('Mini');
    expect(Object.keys(r.splits)).to.deep.equal(['train', 'test']);
    expect(r.splits.train.map((d) => d.id)).to.deep.equal(['1001', '1002', '1003']);
    expect(r.splits.test.map((d) => d.id)).to.deep.equal(['3001', '3002', '3003']);
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

describe('corpora/loadCorpus: a document may occur once (issue 15 item 3)', () => {
  let tmp: string;
  const doc = (id: string, title = 'Aspirin causes ulcers.') => `${id}|t|${title}\n${id}\t0\t7\tAspirin\tChemical\tD1\n${id}\t15\t21\tulcers\tDisease\tD2\n${id}\tCID\tD1\tD2\n`;
  const write = (name: string, ids: string[]) => writeFileSync(join(tmp, 'c', name), ids.map((i) => doc(i)).join('\n'));
  const reg = (name: string, splits: Record<string, string[]>, extra: Record<string, unknown> = {}) =>
    parseRegistry({
      version: 1,
      corpora: [
        corpus({
          name,
          folder: 'c',
          entityTypes: ['Chemical', 'Disease'],
          splits: { kind: 'official', sets: Object.fromEntries(Object.entries(splits).map(([s, files]) => [s, { format: 'pubtator', files }])) },
          files: [...new Set(Object.values(splits).flat())].map((f) => file(f)),
          ...extra,
        }),
      ],
    });
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'biorex-dup-'));
    mkdirSync(join(tmp, 'c'));
    write('repeat.pubtator', ['11', '12', '11']);
    write('a.pubtator', ['21', '22']);
    write('b.pubtator', ['22', '23']);
    write('train.pubtator', ['31', '32', '33']);
    write('test.pubtator', ['33', '34']);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('a document id repeated in one file: strict names both lines, lenient skips the repeat and counts it', async () => {
    const r = reg('Rep', { train: ['repeat.pubtator'] });
    const e = await expectInputError(() => loadCorpus('Rep', { root: tmp, registry: r }));
    expect(e.problem.line).to.equal(11);
    expect(e.message).to.match(/repeat\.pubtator:11: document 11 appears again \(first at .*repeat\.pubtator:1\)/);
    const l = await loadCorpus('Rep', { root: tmp, registry: r, lenient: true });
    expect(l.splits.train.map((d) => d.id)).to.deep.equal(['11', '12']);
    expect(l.problems).to.have.length(1);
  });

  it('a document id repeated in two files of one split names both files; a known duplicate (registry) is kept', async () => {
    const e = await expectInputError(() => loadCorpus('Two', { root: tmp, registry: reg('Two', { train: ['a.pubtator', 'b.pubtator'] }) }));
    expect(e.problem.file).to.match(/b\.pubtator$/);
    expect(e.message).to.match(/document 22 appears again \(first at .*a\.pubtator:6\)/);
    const ok = await loadCorpus('Two', { root: tmp, registry: reg('Two', { train: ['a.pubtator', 'b.pubtator'] }, { knownDuplicateIds: ['22'] }) });
    expect(ok.splits.train.map((d) => d.id)).to.deep.equal(['21', '22', '22', '23']);
  });

  it('a test document copied into train is an error naming both places, unless the overlap is allowed', async () => {
    const r = reg('Leak', { train: ['train.pubtator'], test: ['test.pubtator'] });
    const e = await expectInputError(() => loadCorpus('Leak', { root: tmp, registry: r }));
    expect(e.problem.file).to.match(/test\.pubtator$/);
    expect(e.problem.line).to.equal(1);
    expect(e.message).to.match(/document 33 is in both train \(.*train\.pubtator:11\) and test/);
    const lenient = await loadCorpus('Leak', { root: tmp, registry: r, lenient: true });
    expect(lenient.splits.train.map((d) => d.id)).to.deep.equal(['31', '32']);
    expect(lenient.splits.test.map((d) => d.id)).to.deep.equal(['33', '34']);
    expect(lenient.problems.map((p) => p.message)).to.have.length(1);
    const allowed = await loadCorpus('Leak', { root: tmp, registry: r, allowSplitOverlap: true });
    expect(allowed.splits.train.map((d) => d.id)).to.deep.equal(['31', '32', '33']);
    expect(allowed.overlaps).to.deep.equal([{ id: '33', splits: ['train', 'test'] }]);
    expect(allowed.problems).to.deep.equal([]);
  });
});
