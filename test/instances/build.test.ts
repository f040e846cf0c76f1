import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { loadProfile, profileHash } from '../../src/harmonize/index.ts';
import {
  buildCorpusSet,
  buildMergedSets,
  clearCorpusCache,
  corpusSet,
  parseMergeSpec,
  readInstances,
  readManifest,
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

  it('BioREx: target train + every external split, minus documents in the target test set; dev/test = the target’s', async () => {
    const m = sets.biorex;
    expect(m.merge!.overlapRemoved.BC5CDR).to.deep.equal({ docs: 2, pmids: ['111', '112'] });
    expect(m.merge!.overlapRemoved.EMU.docs).to.equal(0);
    const train = await readInstances(join(out, 'biorex', 'train.jsonl'));
    const docsOf = (task: string) => [...new Set(train.filter((i) => i.task === task).map((i) => i.doc))].sort();
    expect(docsOf('BioRED')).to.deep.equal(['101', '102']);
    expect(docsOf('BC5CDR')).to.deep.equal(['201', '202']);
    expect(docsOf('EMU')).to.deep.equal(['301', '302', '303', '304', '305']);
    expect(train.filter((i) => i.task === 'BC5CDR').map((i) => i.split)).to.include.members(['train', 'dev']);
    const test = await readInstances(join(out, 'biorex', 'test.jsonl'));
    expect([...new Set(test.map((i) => i.doc))]).to.deep.equal(['111', '112']);
    expect(test.every((i) => i.task === 'BioRED' && i.text.startsWith('What is the relation in BioRED between '))).to.equal(true);
    expect(Object.keys(m.files)).to.deep.equal(['train', 'dev', 'test']);
    // harmonized labels: CID → Positive_Correlation, EMU positives only (c3)
    expect(m.labels).to.deep.equal(['None', 'Association', 'Bind', 'Comparison', 'Conversion', 'Cotreatment', 'Drug_Interaction', 'Negative_Correlation', 'Positive_Correlation', 'None-BC5CDR']);
    expect(m.negativeLabels).to.deep.equal(['None', 'None-BC5CDR']);
    expect(m.specialTokens).to.deep.equal(['<C>', '</C>', '<D>', '</D>', '<G>', '</G>', '<BC5CDR-Chem>', '</BC5CDR-Chem>', '<BC5CDR-Disease>', '</BC5CDR-Disease>']);
    expect(new Set(train.filter((i) => i.task === 'BC5CDR').map((i) => i.label))).to.deep.equal(new Set(['Positive_Correlation']));
    expect(train.filter((i) => i.task === 'EMU').map((i) => i.label)).to.deep.equal(Array(5).fill('Association'));
    expect(train.find((i) => i.task === 'EMU')!.text).to.match(/^What is the relation in BioRED between <D>melanoma<\/D> and <G>BRAF<\/G> \? \[SEP\] <G>BRAF<\/G> mutations in <D>melanoma<\/D> 30\d\.$/);
  });

  it('TL: the external corpora with span annotations only, native labels, with prompt', async () => {
    const m = sets.tl;
    expect(m.merge!.excluded).to.have.keys(['EMU']);
    expect(m.merge!.excluded.EMU).to.match(/a2: no gold entity spans/);
    expect(m.view).to.equal('native');
    expect(m.labels).to.deep.equal(['None-BC5CDR', 'CID']);
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
  });

  it('the second build of the same merge is served from disk', async () => {
    const again = await buildMergedSets({ target: 'BioRED', externals: ['BC5CDR', 'EMU'], root, out, registry });
    expect(again.biorex).to.deep.equal(sets.biorex);
  });
});
