import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { loadCorpus, parseRegistry } from '../../src/corpora/index.ts';
import { loadProfile, profileHash } from '../../src/harmonize/index.ts';
import {
  buildCorpusSet,
  buildMergedSets,
  clearCorpusCache,
  corpusSet,
  parseMergeSpec,
  readInstances,
  readManifest,
  setSummary,
  type DatasetManifest,
  type Instance,
} from '../../src/instances/index.ts';
import { fixtureCorpora } from '../fixtures/instances/corpora.ts';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const TAG = /<\/?[A-Za-z][A-Za-z0-9_-]*>/g;

async function instancesOf(dir: string, m: DatasetManifest): Promise<Record<string, Instance[]>> {
  const out: Record<string, Instance[]> = {};
  for (const [split, file] of Object.entries(m.files)) out[split] = await readInstances(join(dir, file));
  return out;
}

/** The manifest's counts, recomputed from the files. */
function recount(m: DatasetManifest, sets: Record<string, Instance[]>) {
  const bySplit: Record<string, { instances: number; positives: number }> = {};
  const byLabel: Record<string, Record<string, number>> = {};
  const byPairType: Record<string, Record<string, number>> = {};
  for (const [split, insts] of Object.entries(sets)) {
    bySplit[split] = { instances: insts.length, positives: insts.filter((i) => !m.negativeLabels.includes(i.label)).length };
    byLabel[split] = {};
    byPairType[split] = {};
    for (const i of insts) {
      byLabel[split][i.label] = (byLabel[split][i.label] ?? 0) + 1;
      const pt = i.types.join('|');
      byPairType[split][pt] = (byPairType[split][pt] ?? 0) + 1;
    }
  }
  return { bySplit, byLabel, byPairType };
}

describe('instances: building a corpus set (fixture corpora)', () => {
  const { root, registry } = fixtureCorpora();
  const work = mkdtempSync(join(tmpdir(), 'biorex-sets-'));
  after(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
    clearCorpusCache();
  });

  it('writes <split>.jsonl and a manifest whose labels, tokens, counts and hashes match the files', async () => {
    const out = join(work, 'biored');
    const m = await buildCorpusSet({ corpus: 'biored', root, out, registry });
    expect(m.name).to.equal('BioRED');
    expect(m.view).to.equal('harmonized');
    expect(m.labels).to.deep.equal(['None', 'Association', 'Bind', 'Comparison', 'Conversion', 'Cotreatment', 'Drug_Interaction', 'Negative_Correlation', 'Positive_Correlation']);
    expect(m.negativeLabels).to.deep.equal(['None']);
    expect(m.specialTokens).to.deep.equal(['<C>', '</C>', '<D>', '</D>', '<G>', '</G>']);
    expect(m.tasks).to.deep.equal({ BioRED: m.labels });
    // what a model trained on the set predicts, and how its texts were built (copied into label_map.json)
    expect(m.target).to.equal('BioRED');
    expect(m.profiles).to.deep.equal({ BioRED: loadProfile('BioRED') });
    expect(m.files).to.deep.equal({ train: 'train.jsonl', dev: 'dev.jsonl', test: 'test.jsonl' });
    expect(readdirSync(out).sort()).to.deep.equal(['dev.jsonl', 'manifest.json', 'test.jsonl', 'train.jsonl']);
    expect(m.profileHash).to.equal(profileHash(loadProfile('BioRED')));
    expect(Object.keys(m.sourceHashes).sort()).to.deep.equal(['BioRED/Dev.PubTator', 'BioRED/Test.PubTator', 'BioRED/Train.PubTator']);
    expect(m.sourceHashes['BioRED/Test.PubTator']).to.equal(sha(join(root, 'biored', 'Test.PubTator')));
    for (const [split, file] of Object.entries(m.files)) {
      expect(m.fileHashes[split]).to.equal(sha(join(out, file)));
      // each line is exactly JSON.stringify of its instance (contract field order, no extra spaces)
      const lines = readFileSync(join(out, file), 'utf8').split('\n');
      expect(lines.pop()).to.equal('');
      const order = ['id', 'task', 'doc', 'split', 'types', 'ids', 'text', 'label', 'novel', 'level', 'fold'];
      for (const l of lines) {
        expect(JSON.stringify(JSON.parse(l))).to.equal(l);
        const keys = Object.keys(JSON.parse(l));
        expect(keys).to.deep.equal(order.filter((k) => keys.includes(k)));
      }
    }
    expect(await readManifest(out)).to.deep.equal(m);

    const sets = await instancesOf(out, m);
    const c = recount(m, sets);
    for (const split of Object.keys(m.files)) {
      expect(m.counts.bySplit[split].instances).to.equal(c.bySplit[split].instances);
      expect(m.counts.bySplit[split].positives).to.equal(c.bySplit[split].positives);
      expect(m.counts.byLabel[split]).to.deep.equal(c.byLabel[split]);
      expect(m.counts.byPairType[split]).to.deep.equal(c.byPairType[split]);
    }
    expect(m.counts.bySplit.train.docs).to.equal(2);
    expect(sets.test.every((i) => i.split === 'test' && i.id.startsWith('BioRED/test/'))).to.equal(true);
    for (const i of Object.values(sets).flat()) {
      expect(m.labels).to.include(i.label);
      for (const tag of i.text.match(TAG) ?? []) expect(m.specialTokens).to.include(tag);
    }
  });

  it('is deterministic: two builds give byte-identical files', async () => {
    const a = join(work, 'a');
    const b = join(work, 'b');
    await buildCorpusSet({ corpus: 'BioRED', root, out: a, registry, force: true });
    clearCorpusCache(); // the second build reads the corpus again
    await buildCorpusSet({ corpus: 'BioRED', root, out: b, registry, force: true });
    for (const f of readdirSync(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).to.equal(true);
  });

  it('skips a build whose manifest matches its inputs, and rebuilds when a source changes', async () => {
    const out = join(work, 'cached');
    const first = await corpusSet({ corpus: 'BC5CDR', root, out, registry });
    expect(first.cached).to.equal(false);
    const mtime = statSync(join(out, 'train.jsonl')).mtimeMs;
    const again = await corpusSet({ corpus: 'BC5CDR', root, out, registry });
    expect(again.cached).to.equal(true);
    expect(statSync(join(out, 'train.jsonl')).mtimeMs).to.equal(mtime);
    expect(again.manifest).to.deep.equal(first.manifest);
    // a different option is a different set
    expect((await corpusSet({ corpus: 'BC5CDR', root, out, registry, view: 'native' })).cached).to.equal(false);
    // a changed source file changes the build key
    appendFileSync(join(root, 'cdr', 'dev.txt'), '\n');
    const changed = await corpusSet({ corpus: 'BC5CDR', root, out, registry, view: 'native' });
    expect(changed.cached).to.equal(false);
    expect(changed.manifest.buildKey).to.not.equal(first.manifest.buildKey);
  });

  it('native view, no prompt: the corpus’s own labels with None-<Corpus>, tagged body only', async () => {
    const out = join(work, 'native');
    const m = await buildCorpusSet({ corpus: 'BC5CDR', root, out, registry, view: 'native', prompt: false });
    expect(m.labels).to.deep.equal(['None-BC5CDR', 'CID']);
    expect(m.prompt).to.equal(false);
    const test = await readInstances(join(out, 'test.jsonl'));
    expect(test.map((i) => [i.label, i.text])).to.deep.equal([
      ['CID', '<BC5CDR-Chem>tamoxifen</BC5CDR-Chem> induced <BC5CDR-Disease>thrombosis</BC5CDR-Disease>. We report <BC5CDR-Disease>thrombosis</BC5CDR-Disease> after <BC5CDR-Chem>tamoxifen</BC5CDR-Chem>.'],
    ]);
  });

  it('reading a set that was never built names the folder and the fix', async () => {
    try {
      await readManifest(join(work, 'nothing'));
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(InputError);
      expect((err as Error).message).to.match(/nothing[/\\]manifest\.json: no dataset manifest here\. Fix: build the set first/);
    }
  });
});

describe('instances: merged BioREx / TL / MTL sets (fixture corpora)', () => {
  const { root, registry } = fixtureCorpora();
  const out = mkdtempSync(join(tmpdir(), 'biorex-merged-'));
  let sets: Awaited<ReturnType<typeof buildMergedSets>>;
  before(async () => {
    sets = await buildMergedSets({ target: 'BioRED', externals: ['BC5CDR', 'EMU'], root, out, registry });
  });
  after(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
    clearCorpusCache();
  });

  it('parses merge specs', () => {
    expect(parseMergeSpec('BioRED+all')).to.deep.equal({ target: 'BioRED', externals: 'all' });
    expect(parseMergeSpec('BioRED+DDI+BC5CDR')).to.deep.equal({ target: 'BioRED', externals: ['DDI', 'BC5CDR'] });
    expect(() => parseMergeSpec('BioRED')).to.throw(InputError, /names no external corpus/);
  });

  it('BioREx: target train + the externals’ training data (registry trainingSplits), minus documents in the target test set; dev/test = the target’s', async () => {
    const m = sets.biorex;
    // BC5CDR 111 (train) is a BioRED test document; BC5CDR test (112) is not training data
    expect(m.merge!.overlapRemoved.BC5CDR).to.deep.equal({ docs: 1, pmids: ['111'] });
    expect(m.merge!.overlapRemoved.EMU.docs).to.equal(0);
    const train = await readInstances(join(out, 'biorex', 'train.jsonl'));
    const docsOf = (task: string) => [...new Set(train.filter((i) => i.task === task).map((i) => i.doc))].sort();
    expect(docsOf('BioRED')).to.deep.equal(['101', '102']);
    expect(docsOf('BC5CDR')).to.deep.equal(['201', '202']);
    const emu = await loadCorpus('EMU', { root, registry });
    expect(emu.splits.test).to.have.length(1);
    expect(docsOf('EMU')).to.deep.equal(emu.splits.train.map((d) => d.id).sort());
    expect(new Set(train.filter((i) => i.task === 'BC5CDR').map((i) => i.split))).to.deep.equal(new Set(['train', 'dev']));
    expect(new Set(train.filter((i) => i.task === 'EMU').map((i) => i.split))).to.deep.equal(new Set(['train']));
    expect(m.notes![0]).to.equal("train = BioRED train + the training data of the external corpora (harmonized): BC5CDR train+dev, EMU train; other files = BioRED's own splits.");
    expect(m.generation!.EMU).to.have.keys(['train']);
    const test = await readInstances(join(out, 'biorex', 'test.jsonl'));
    expect([...new Set(test.map((i) => i.doc))]).to.deep.equal(['111', '112']);
    expect(test.every((i) => i.task === 'BioRED' && i.text.startsWith('What is the relation in BioRED between '))).to.equal(true);
    expect(Object.keys(m.files)).to.deep.equal(['train', 'dev', 'test']);
    // harmonized labels: CID → Positive_Correlation, EMU positives only (c3)
    expect(m.labels).to.deep.equal(['None', 'Association', 'Bind', 'Comparison', 'Conversion', 'Cotreatment', 'Drug_Interaction', 'Negative_Correlation', 'Positive_Correlation', 'None-BC5CDR']);
    expect(m.negativeLabels).to.deep.equal(['None', 'None-BC5CDR']);
    expect(m.target).to.equal('BioRED');
    expect(m.profiles).to.deep.equal({ BioRED: loadProfile('BioRED'), BC5CDR: loadProfile('BC5CDR'), EMU: loadProfile('EMU') });
    expect(m.specialTokens).to.deep.equal(['<C>', '</C>', '<D>', '</D>', '<G>', '</G>', '<BC5CDR-Chem>', '</BC5CDR-Chem>', '<BC5CDR-Disease>', '</BC5CDR-Disease>']);
    expect(new Set(train.filter((i) => i.task === 'BC5CDR').map((i) => i.label))).to.deep.equal(new Set(['Positive_Correlation']));
    expect(train.filter((i) => i.task === 'EMU').map((i) => i.label)).to.deep.equal(Array(4).fill('Association'));
    expect(train.find((i) => i.task === 'EMU')!.text).to.match(/^What is the relation in BioRED between <D>melanoma<\/D> and <G>BRAF<\/G> \? \[SEP\] <G>BRAF<\/G> mutations in <D>melanoma<\/D> 30\d\.$/);
  });

  it('TL: the external corpora with span annotations only, native labels, with prompt', async () => {
    const m = sets.tl;
    expect(m.merge!.excluded).to.have.keys(['EMU']);
    expect(m.merge!.excluded.EMU).to.match(/a2: no gold entity spans/);
    expect(m.view).to.equal('native');
    expect(m.labels).to.deep.equal(['None-BC5CDR', 'CID']);
    expect(m.target).to.equal(undefined); // stage 1 holds no target document: nothing to predict with it
    expect(Object.keys(m.profiles!)).to.deep.equal(['BC5CDR']);
    expect(Object.keys(m.files)).to.deep.equal(['train']);
    const train = await readInstances(join(out, 'tl', 'train.jsonl'));
    expect(new Set(train.map((i) => i.task))).to.deep.equal(new Set(['BC5CDR']));
    expect(train.every((i) => i.text.startsWith('What is the relation in BC5CDR between '))).to.equal(true);
  });

  it('MTL: target + externals with their own labels, one task per corpus, no prompt anywhere', async () => {
    const m = sets.mtl;
    expect(m.prompt).to.equal(false);
    expect(m.tasks).to.deep.equal({
      BioRED: ['None-BioRED', 'Association', 'Bind', 'Comparison', 'Conversion', 'Cotreatment', 'Drug_Interaction', 'Negative_Correlation', 'Positive_Correlation'],
      BC5CDR: ['None-BC5CDR', 'CID'],
    });
    const all = Object.values(await instancesOf(join(out, 'mtl'), m)).flat();
    expect(all.some((i) => i.text.includes('[SEP]'))).to.equal(false);
    for (const i of all) expect(m.tasks[i.task]).to.include(i.label);
    const test = await readInstances(join(out, 'mtl', 'test.jsonl'));
    expect(test.every((i) => i.task === 'BioRED')).to.equal(true);
    expect(m.target).to.equal('BioRED');
    expect(Object.keys(m.profiles!)).to.deep.equal(['BioRED', 'BC5CDR']); // one per head
  });

  it('externalSplits all puts every split of the externals in (a different build)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'biorex-merged-all-'));
    try {
      const all = await buildMergedSets({ target: 'BioRED', externals: ['BC5CDR', 'EMU'], root, out: dir, registry, externalSplits: 'all' });
      expect(all.biorex.buildKey).to.not.equal(sets.biorex.buildKey);
      expect(all.biorex.merge!.overlapRemoved.BC5CDR).to.deep.equal({ docs: 2, pmids: ['111', '112'] });
      const train = await readInstances(join(dir, 'biorex', 'train.jsonl'));
      expect([...new Set(train.filter((i) => i.task === 'EMU').map((i) => i.doc))]).to.have.length(5);
      expect(Object.keys(all.biorex.generation!.EMU).sort()).to.deep.equal(['test', 'train']);
      expect(all.biorex.notes![0]).to.contain('every split of the external corpora (harmonized): BC5CDR train+dev+test, EMU train+test');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the second build of the same merge is served from disk', async () => {
    const again = await buildMergedSets({ target: 'BioRED', externals: ['BC5CDR', 'EMU'], root, out, registry });
    expect(again.biorex).to.deep.equal(sets.biorex);
  });
});

describe('instances: lenient skips and split overlap in a built set (issue 15 items 3, 4)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'biorex-skips-'));
  const doc = (id: string) => `${id}|t|Aspirin causes ulcers.\n${id}\t0\t7\tAspirin\tChemical\tD1\n${id}\t15\t21\tulcers\tDisease\tD2\n${id}\tCID\tD1\tD2\n`;
  mkdirSync(join(tmp, 'c'));
  // train: doc 1, a line with an invalid UTF-8 byte in doc 2, doc 1 again; test: doc 3 and a copy of train's doc 2
  writeFileSync(join(tmp, 'c', 'train.txt'), Buffer.concat([Buffer.from(`${doc('1')}\n2|t|Caf`), Buffer.from([0xe9]), Buffer.from(`\n\n${doc('1')}`)]));
  writeFileSync(join(tmp, 'c', 'test.txt'), `${doc('3')}\n${doc('2')}`);
  const registry = parseRegistry({
    version: 1,
    corpora: [
      {
        name: 'BC5CDR',
        folder: 'c',
        origin: 'download',
        title: 't',
        homepage: '',
        licence: 'l',
        idSeparators: ['|'],
        entityTypes: ['Chemical', 'Disease'],
        splits: { kind: 'official', sets: { train: { format: 'pubtator', files: ['train.txt'] }, test: { format: 'pubtator', files: ['test.txt'] } } },
        files: ['train.txt', 'test.txt'].map((path) => ({ path, role: 'x', complete: true, note: '', sources: [] })),
      },
    ],
  });
  after(() => {
    rmSync(tmp, { recursive: true, force: true });
    clearCorpusCache();
  });

  it('strict: the first bad input stops the build; lenient: every skip is recorded in the manifest', async () => {
    const out = join(tmp, 'set');
    try {
      await buildCorpusSet({ corpus: 'BC5CDR', root: tmp, out, registry });
      expect.fail('expected an InputError');
    } catch (e) {
      expect((e as Error).message).to.match(/train\.txt:6: not valid UTF-8/);
    }
    const m = await buildCorpusSet({ corpus: 'BC5CDR', root: tmp, out, registry, lenient: true });
    const file = (n: string) => join(tmp, 'c', n);
    expect(m.skipped!.total).to.equal(3);
    expect(m.skipped!.byFile).to.deep.equal({ [file('train.txt')]: 2, [file('test.txt')]: 1 });
    expect(m.skipped!.first.join("\n")).to.match(/train\.txt:6: not valid UTF-8[\s\S]*train\.txt:8: document 1 appears again[\s\S]*test\.txt:6: document 2 is in both train/);
    expect(readManifestSync(out).skipped).to.deep.equal(m.skipped);
    // the set served from disk still says what was skipped
    const again = await corpusSet({ corpus: 'BC5CDR', root: tmp, out, registry, lenient: true });
    expect(again.cached).to.equal(true);
    expect(again.manifest.skipped!.total).to.equal(3);
    expect(setSummary('set', again)).to.contain('skipped (--lenient): 3 bad input item(s)');
  });

  it('allowSplitOverlap keeps a document in both splits and notes it', async () => {
    writeFileSync(join(tmp, 'c', 'train.txt'), `${doc('1')}\n${doc('2')}`);
    clearCorpusCache();
    const r = await corpusSet({ corpus: 'BC5CDR', root: tmp, registry, allowSplitOverlap: true });
    expect(r.stats.BC5CDR.train.docs).to.equal(2);
    expect(r.stats.BC5CDR.test.docs).to.equal(2);
    expect(r.manifest.notes).to.deep.equal(['BC5CDR: 1 documents are in two splits (allowed): 2 (train, test)']);
    try {
      await corpusSet({ corpus: 'BC5CDR', root: tmp, registry });
      expect.fail('expected an InputError');
    } catch (e) {
      expect((e as Error).message).to.contain('document 2 is in both train');
    }
  });
});

function readManifestSync(dir: string): DatasetManifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}
