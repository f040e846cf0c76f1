import { expect } from 'chai';
import { join } from 'node:path';
import { documentText, loadCorpus, parseRenet } from '../../src/corpora/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { expectInputError } from './util.ts';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/unseen-tasks');
const names = { abstracts: 'abstracts.txt', anns: 'anns.txt', labels: 'labels.csv' };

const abstracts = '123\nHFE and hemochromatosis.\nHFE mutations cause hemochromatosis.\n\n';
const anns = '123\t0\t3\tHFE\tGene\t3077\n123\t8\t23\themochromatosis\tDisease\tD006432\n123\t25\t28\tHFE\tGene\t3077\n\n';
const labels = 'pmid,geneId,diseaseId,label\n123,3077,D006432,1\n';

describe('corpora/renet: the RENET gene–disease (GDA) release format', () => {
  it('reads abstracts (title at 0, abstract at len(title)+1), PubTator-offset mentions and label-1 pairs as GDA relations', () => {
    const { documents, negatives } = parseRenet({ abstracts, anns, labels: labels + '123,3077,D000001,0\n' }, names);
    expect(negatives).to.equal(1);
    const [d] = documents;
    expect(d.id).to.equal('123');
    expect(d.passages.map((p) => [p.kind, p.offset])).to.deep.equal([['title', 0], ['abstract', 25]]);
    expect(d.mentions.map((m) => [m.text, m.type, m.ids, documentText(d).slice(m.start, m.end)])).to.deep.equal([
      ['HFE', 'Gene', ['3077'], 'HFE'],
      ['hemochromatosis', 'Disease', ['D006432'], 'hemochromatosis'],
      ['HFE', 'Gene', ['3077'], 'HFE'],
    ]);
    expect(d.relations.map((r) => [r.type, r.arg1, r.arg2])).to.deep.equal([['GDA', '3077', 'D006432']]);
  });

  it('rejects bad input naming the file, the line and the fix', async () => {
    const cases: [Partial<Record<'abstracts' | 'anns' | 'labels', string>>, RegExp][] = [
      [{ anns: anns.replace('\t0\t3\t', '\t0\t4\t') }, /mention "HFE" does not match the text at 0-4, which reads "HFE "/],
      [{ anns: '123\t0\t3\tHFE\tGene\n' }, /^anns\.txt:1: malformed annotation line: 5 tab-separated fields/],
      [{ anns: '999\t0\t3\tHFE\tGene\t1\n' }, /^anns\.txt:1: annotation of PMID 999, which abstracts\.txt does not have/],
      [{ labels: labels + '123,3077,D006432,yes\n' }, /^labels\.csv:3: malformed label line/],
      [{ labels: labels + '123,7157,D006432,1\n' }, /relation GDA 7157 D006432 names "7157", which no mention of the document carries/],
      [{ abstracts: '123\ntitle\nabstract\nextra line\n' }, /^abstracts\.txt:1: document 123 has 3 text lines/],
      [{ labels: '' }, /^labels\.csv:1: file is empty/],
    ];
    for (const [change, re] of cases) {
      const e = await expectInputError(() => parseRenet({ abstracts, anns, labels, ...change }, names, { knownTypes: ['Gene', 'Disease'] }));
      expect(e.message).to.match(re);
      expect(e.message).to.contain('Fix:');
    }
    const typed = await expectInputError(() => parseRenet({ abstracts, anns: anns.replace('\tGene\t3077\n123\t8', '\tProtein\t3077\n123\t8'), labels }, names, { knownTypes: ['Gene', 'Disease'] }));
    expect(typed.message).to.contain('unknown entity type "Protein"');
  });

  it('GDA in the registry: loadCorpus reads the hand-written sample in the release layout (training_data / testing_data)', async () => {
    const c = await loadCorpus('GDA', { root: FIXTURE });
    expect(c.splits.train.map((d) => d.id)).to.deep.equal(['10000001', '10000002', '10000003', '10000004']);
    expect(c.splits.test.map((d) => d.relations.length)).to.deep.equal([1, 1]);
    expect(c.splits.train.flatMap((d) => d.relations).length).to.equal(6);
  });
});
