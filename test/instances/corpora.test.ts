// Instance sets on the real corpora (../shared/corpora): coverage of the gold relations, the five-pair
// evaluation subset, determinism and the merged set's overlap removal. Skipped when the corpora are absent.
import { expect } from 'chai';
import { loadCorpus, type Document } from '../../src/corpora/index.ts';
import { isMissingId, loadProfile, pmidOf } from '../../src/harmonize/index.ts';
import { corpusSet, mergedSets, splitInstances, type Instance } from '../../src/instances/index.ts';
import { describeWithCorpora, SHARED_CORPORA } from '../helpers/shared.ts';

const root = SHARED_CORPORA;
const BIORED = loadProfile('BioRED');
const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Gold pairs a BioRED instance set must cover, computed here independently of the generator. */
function expectedGold(docs: Document[]) {
  const paired = new Map([
    ['ChemicalEntity', 'C'],
    ['DiseaseOrPhenotypicFeature', 'D'],
    ['GeneOrGeneProduct', 'G'],
    ['SequenceVariant', 'G'],
  ]);
  const allowed = new Set(['C|C', 'C|D', 'C|G', 'D|G', 'G|G']);
  const covered = new Map<string, string>();
  const lost: Record<string, number> = { self: 0, notMentioned: 0, pairType: 0 };
  let fivePair = 0;
  for (const d of docs) {
    const cls = new Map<string, string>();
    const orig = new Map<string, string>();
    for (const m of d.mentions)
      for (const id of m.ids) {
        if (isMissingId(id) || !paired.has(m.type) || cls.has(id)) continue;
        cls.set(id, paired.get(m.type)!);
        orig.set(id, m.type);
      }
    for (const r of d.relations) {
      if (r.arg1 === r.arg2) lost.self++;
      else if (!cls.has(r.arg1) || !cls.has(r.arg2)) lost.notMentioned++;
      else if (!allowed.has([cls.get(r.arg1)!, cls.get(r.arg2)!].sort().join('|'))) lost.pairType++;
      else {
        covered.set(`${d.id}/${key(r.arg1, r.arg2)}`, r.type);
        // the reference evaluator's filter: the five pairs on the ORIGINAL types (no variants)
        if (orig.get(r.arg1) !== 'SequenceVariant' && orig.get(r.arg2) !== 'SequenceVariant') fivePair++;
      }
    }
  }
  return { covered, lost, fivePair };
}

describeWithCorpora('instances on the real corpora', function () {
  this.timeout(120_000);
  let biored: Awaited<ReturnType<typeof loadCorpus>>;
  before(async () => {
    biored = await loadCorpus('BioRED', { root });
  });

  for (const split of ['train', 'dev', 'test']) {
    it(`BioRED ${split}: every gold relation whose ids are mentioned with paired types is an instance with its type`, () => {
      const docs = biored.splits[split];
      const { instances, stats } = splitInstances(docs, split, BIORED, { view: 'harmonized', prompt: true });
      const exp = expectedGold(docs);
      const positives = new Map(instances.filter((i) => i.label !== 'None').map((i) => [`${i.doc}/${key(i.ids[0], i.ids[1])}`, i.label]));
      expect(positives).to.deep.equal(exp.covered);
      expect(stats.lost.self).to.equal(exp.lost.self);
      expect(stats.lost.missingEntity).to.equal(exp.lost.notMentioned);
      expect(stats.lost.pairType).to.equal(exp.lost.pairType);
      console.log(
        `      BioRED ${split}: ${stats.relations} relations, ${positives.size} represented, lost ${JSON.stringify(exp.lost)}; five-pair (no variant) subset ${exp.fivePair}`,
      );
      if (split === 'test') {
        // reference-method.md: the evaluator's five-pair filter keeps 966 of the 1,163 test relations
        expect(exp.fivePair).to.equal(966);
        expect(positives.size).to.equal(1163);
      }
    });
  }

  it('BioRED test: only the five pair kinds, variants tagged as genes, taxa never tagged', () => {
    const { instances } = splitInstances(biored.splits.test, 'test', BIORED, { view: 'harmonized', prompt: true });
    const kinds = new Set(instances.map((i) => i.types.join('|')));
    expect([...kinds].sort()).to.deep.equal([
      'ChemicalEntity|ChemicalEntity',
      'ChemicalEntity|DiseaseOrPhenotypicFeature',
      'ChemicalEntity|GeneOrGeneProduct',
      'DiseaseOrPhenotypicFeature|GeneOrGeneProduct',
      'GeneOrGeneProduct|GeneOrGeneProduct',
    ]);
    const variantIds = new Set(biored.splits.test.flatMap((d) => d.mentions.filter((m) => m.type === 'SequenceVariant').flatMap((m) => m.ids)));
    expect(instances.some((i) => i.ids.some((id) => variantIds.has(id)))).to.equal(true);
    const taxa = new Set(biored.splits.test.flatMap((d) => d.mentions.filter((m) => m.type === 'OrganismTaxon').flatMap((m) => m.ids)));
    expect(instances.some((i) => i.ids.some((id) => taxa.has(id)))).to.equal(false);
    // every tag is balanced
    for (const i of instances) {
      for (const t of ['C', 'D', 'G']) expect(i.text.split(`<${t}>`).length, i.id).to.equal(i.text.split(`</${t}>`).length);
    }
  });

  it('is deterministic on a real corpus (two generations, identical instances)', async () => {
    const again = await loadCorpus('BioRED', { root });
    const a = splitInstances(biored.splits.dev, 'dev', BIORED, { view: 'harmonized', prompt: true }).instances;
    const b = splitInstances(again.splits.dev, 'dev', BIORED, { view: 'harmonized', prompt: true }).instances;
    expect(JSON.stringify(b)).to.equal(JSON.stringify(a));
  });

  it('every corpus builds; represented + lost = gold pairs in every split', async () => {
    for (const corpus of ['BC5CDR', 'DDI', 'AIMed', 'HPRD50', 'EMU', 'PharmGKB', 'DisGeNET']) {
      const r = await corpusSet({ corpus, root });
      for (const [split, s] of Object.entries(r.stats[corpus])) {
        const lost = Object.values(s.lost).reduce((x, y) => x + y, 0);
        expect(s.represented + lost, `${corpus} ${split}`).to.equal(s.goldPairs);
        expect(s.instances, `${corpus} ${split}`).to.be.greaterThan(0);
      }
    }
  });

  it('HPRD50: 433 sentence-level candidates, 163 positives (the standard benchmark), one XML sentence per body', async () => {
    const c = await loadCorpus('HPRD50', { root });
    const docs = Object.values(c.splits).flat();
    // independently: every two entities of one sentence are a candidate
    let pairs = 0;
    const sentences = new Set<string>();
    for (const d of docs)
      for (const p of d.passages) {
        const n = d.mentions.filter((m) => m.start >= p.offset && m.end <= p.offset + p.text.length).length;
        pairs += (n * (n - 1)) / 2;
        sentences.add(p.text);
      }
    const r = await corpusSet({ corpus: 'HPRD50', root, view: 'harmonized', prompt: false });
    const s = Object.values(r.stats.HPRD50);
    expect(s.reduce((n, x) => n + x.instances, 0)).to.equal(pairs).and.to.equal(433);
    expect(s.reduce((n, x) => n + x.positives, 0)).to.equal(163);
    expect(s.reduce((n, x) => n + x.sentences, 0)).to.equal(145);
    const { instances } = splitInstances(c.splits.test, 'test', loadProfile('HPRD50'), { view: 'harmonized', prompt: false });
    for (const i of instances) expect(sentences.has(i.text.replace(/<\/?G>/g, '')), i.id).to.equal(true);
  });

  it('BioRED+BC5CDR: BC5CDR documents that are BioRED test documents are removed from training', async () => {
    const r = await mergedSets({ target: 'BioRED', externals: ['BC5CDR'], root });
    const testPmids = new Set(biored.splits.test.map((d) => d.id));
    const removed = r.biorex.manifest.merge!.overlapRemoved.BC5CDR;
    expect(removed.docs).to.be.greaterThan(0);
    for (const p of removed.pmids) expect(testPmids.has(p)).to.equal(true);
    const cdr = await loadCorpus('BC5CDR', { root });
    // BC5CDR's training data (train + dev) goes into the merged set, not its test split
    const allCdr = [...cdr.splits.train, ...cdr.splits.dev];
    expect(Object.keys(r.biorex.stats.BC5CDR).sort()).to.deep.equal(['dev', 'train']);
    expect(removed.docs).to.equal(allCdr.filter((d) => testPmids.has(pmidOf(loadProfile('BC5CDR'), d.id) ?? '')).length);
    const trainCdrDocs = Object.values(r.biorex.stats.BC5CDR).reduce((n, s) => n + s.docs, 0);
    expect(trainCdrDocs).to.equal(allCdr.length - removed.docs);
    console.log(`      BC5CDR documents removed for overlap with BioRED test: ${removed.docs}`);
  });
});

export type { Instance };
