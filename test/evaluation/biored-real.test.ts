// The BioRED scorer on the real BioRED test set (skipped when ../shared/corpora is absent).
import { expect } from 'chai';
import { join } from 'node:path';
import type { Document } from '../../src/corpora/types.ts';
import {
  foldInstancePredictions,
  readGoldPubTator,
  readPredictedPubTator,
  scoreBioRED,
  scoreBioREDInstances,
  splitIds,
  type InstancePrediction,
} from '../../src/evaluation/index.ts';
import type { Criterion } from '../../src/vocabulary.ts';
import type { Instance } from '../../src/instances/types.ts';
import { describeWithCorpora, SHARED_CORPORA } from '../helpers/shared.ts';

const CRITERIA: Criterion[] = ['pair', 'pair+type', 'pair+novelty', 'all'];

/** Candidate instances of a document: every gold relation plus every other pair of its entity ids (label None). */
function candidateInstances(doc: Document): Instance[] {
  const label = new Map<string, string>();
  for (const r of doc.relations) label.set([r.arg1, r.arg2].sort().join('|'), r.type);
  const ids = [...new Set(doc.mentions.flatMap((m) => m.ids))].filter((id) => id !== '-').sort();
  const out: Instance[] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const key = `${ids[i]}|${ids[j]}`;
      out.push({
        id: `BioRED/test/${doc.id}/${key}`,
        task: 'BioRED',
        doc: doc.id,
        split: 'test',
        types: ['GeneOrGeneProduct', 'GeneOrGeneProduct'], // harmonized-looking types: must not be used by the filter
        ids: [ids[i], ids[j]],
        text: '',
        label: label.get(key) ?? 'None',
        level: 'document',
      });
    }
  return out;
}

describeWithCorpora('evaluation: BioRED test set (real corpus)', function () {
  let gold: Document[];
  let variantCopy: Document[];
  before(async function () {
    this.timeout(60_000);
    gold = await readGoldPubTator(join(SHARED_CORPORA, 'biored/Test.PubTator'));
    variantCopy = await readGoldPubTator(join(SHARED_CORPORA, 'biored/biorex_variant/Test.PubTator'));
  });

  it('keeps 966 of the 1,163 gold relations under the five-pair filter (the reference count)', () => {
    expect(gold).to.have.length(100);
    expect(gold.reduce((n, d) => n + d.relations.length, 0)).to.equal(1163);
    const five = scoreBioRED(gold, gold, { criteria: ['pair'] });
    const none = scoreBioRED(gold, gold, { criteria: ['pair'], filter: 'none' });
    expect(five.overall.pair!.tp + five.overall.pair!.fn).to.equal(966);
    expect(none.overall.pair!.tp + none.overall.pair!.fn).to.equal(1163);
    const variantPairs = none.rows.filter((r) => r.criterion === 'pair' && r.pairType.includes('Variant'));
    expect(variantPairs.reduce((n, r) => n + r.tp + r.fn, 0)).to.equal(197);
  });

  it('perfect prediction (gold as prediction) gives P = R = F = 1 under every criterion and filter', () => {
    for (const filter of ['five', 'none'] as const) {
      const s = scoreBioRED(gold, gold, { filter });
      for (const c of CRITERIA) expect(s.overall[c], `${filter} ${c}`).to.include({ p: 1, r: 1, f: 1, fp: 0, fn: 0 });
    }
  });

  it('the all-None prediction gives P = R = F = 0 with every gold relation a false negative', () => {
    const noRelations = gold.map((d) => ({ ...d, relations: [] }));
    const s = scoreBioRED(gold, noRelations);
    for (const c of CRITERIA) expect(s.overall[c]).to.include({ tp: 0, fp: 0, fn: 966, p: 0, r: 0, f: 0 });
    const none = scoreBioRED(gold, noRelations, { filter: 'none', criteria: ['pair'] });
    expect(none.overall.pair).to.include({ tp: 0, fn: 1163, f: 0 });
  });

  it('scores the official release (",") and the BioREx copy (";") identically', () => {
    const official = scoreBioRED(gold, gold, { criteria: ['pair'], details: false });
    const copy = scoreBioRED(variantCopy, variantCopy, { criteria: ['pair'], details: false });
    expect(copy.rows).to.deep.equal(official.rows);
    const cross = scoreBioRED(gold, variantCopy, { criteria: ['pair+type'], details: false });
    expect(cross.overall['pair+type']).to.include({ f: 1 });
  });

  it('folds instance predictions of the whole test set: gold labels → 1.0, all None → 0 with 966 FN', () => {
    const instances = gold.flatMap(candidateInstances);
    const perfect: InstancePrediction[] = instances.map((i) => ({ id: i.id, label: i.label, novel: undefined }));
    const folded = foldInstancePredictions(instances, perfect);
    const s = scoreBioRED(gold, folded, { criteria: ['pair', 'pair+type'] });
    expect(s.overall.pair).to.include({ p: 1, r: 1, f: 1, tp: 966 });
    expect(s.overall['pair+type']).to.include({ f: 1 });
    expect(scoreBioREDInstances(gold, instances, perfect, { criteria: ['pair', 'pair+type'] }).rows).to.deep.equal(s.rows);
    const allNone = foldInstancePredictions(instances, instances.map((i) => ({ id: i.id, label: 'None' })));
    expect(allNone).to.deep.equal([]);
    expect(scoreBioRED(gold, allNone, { criteria: ['pair'] }).overall.pair).to.include({ tp: 0, fp: 0, fn: 966, f: 0 });
  });

  it('reads the BioRED test file as a prediction file (5th field = novelty) and scores it perfect', async () => {
    const pred = await readPredictedPubTator(join(SHARED_CORPORA, 'biored/Test.PubTator'));
    expect(pred).to.have.length(1163);
    expect(pred.every((p) => p.novelty === 'Novel' || p.novelty === 'No')).to.equal(true);
    const s = scoreBioRED(gold, pred);
    expect(s.overall.all).to.include({ f: 1, tp: 966 });
    expect(s.warnings).to.deep.equal([]);
    // composite mention ids are split: every relation id has a type
    expect(gold.every((d) => d.mentions.every((m) => m.ids.every((id) => splitIds(id).length === 1)))).to.equal(true);
  });
});
