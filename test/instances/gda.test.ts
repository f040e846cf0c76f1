// The document-level gene–disease candidates of GDA (RENET; paper Table 6): the profile-driven
// builder with GDA's profile (a1 b1 c1 d2 e2), on the hand-written sample in the release format.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCorpusSet, type Instance } from '../../src/instances/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/unseen-tasks');

describe('instances: GDA document-level gene–disease candidates', () => {
  let out: string;
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'biorex-gda-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('every disease × gene of an abstract is a candidate; label-1 pairs are GDA (Association harmonized), the rest None-GDA', async () => {
    const native = await buildCorpusSet({ corpus: 'GDA', root: FIXTURE, out: join(out, 'native'), view: 'native' });
    expect(native.labels).to.deep.equal(['None-GDA', 'GDA']);
    expect(native.specialTokens).to.deep.equal(['<D>', '</D>', '<G>', '</G>']);
    // train: 1×2 + 2×2 + 2×1 + 2×2 pairs, 6 labelled 1; test: 2×2 + 1×1, 2 labelled 1
    expect(native.counts.bySplit).to.deep.equal({ train: { docs: 4, instances: 12, positives: 6 }, test: { docs: 2, instances: 5, positives: 2 } });
    const test = readFileSync(join(out, 'native', native.files.test), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Instance);
    const first = test[0];
    expect(first).to.deep.include({ id: 'GDA/test/10000005/D006432|3077', doc: '10000005', types: ['DiseaseOrPhenotypicFeature', 'GeneOrGeneProduct'], ids: ['D006432', '3077'], label: 'GDA', level: 'document' });
    // the whole abstract (title + abstract), every mention of both entities tagged, the prompt naming GDA
    expect(first.text).to.equal(
      'What is the relation in GDA between <D>hereditary hemochromatosis</D> and <G>HFE</G> ? [SEP] ' +
        '<G>HFE</G> and <D>hereditary hemochromatosis</D>. Homozygous <G>HFE</G> mutations explain most <D>hereditary hemochromatosis</D>, and TF variants were unrelated to anemia.',
    );
    expect(test.filter((i) => i.label === 'None-GDA').map((i) => i.ids.join('|'))).to.deep.equal(['D000740|3077', 'D006432|7018', 'D000740|7018']);
    const harmonized = await buildCorpusSet({ corpus: 'GDA', root: FIXTURE, out: join(out, 'h') });
    expect(harmonized.labels).to.deep.equal(['None-GDA', 'Association']);
  });
});
