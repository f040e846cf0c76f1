import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDrugCombo, type DrugComboSentence } from '../../src/corpora/index.ts';
import { candidateSubsets, corpusSet, DRUGCOMBO_DEFAULTS, drugComboSet, markedText, subsets, type CombinationInstance } from '../../src/instances/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/unseen-tasks');

/** A sentence from words; drugs are the words starting with an upper-case D. */
function sentence(words: string, rels: { class: string; spans: number[] }[] = [], pre = '', post = ''): DrugComboSentence {
  const spans: { span_id: number; text: string; start: number; end: number }[] = [];
  let at = 0;
  for (const w of words.split(' ')) {
    if (/^D\d/.test(w)) spans.push({ span_id: spans.length, text: w, start: at, end: at + w.length });
    at += w.length + 1;
  }
  const paragraph = [pre, words, post].filter(Boolean).join(' ');
  return parseDrugCombo(JSON.stringify({ doc_id: 'x', sentence: words, spans, rels: rels.map((r) => ({ ...r, is_context_needed: false })), paragraph }), { file: 't' }).sentences[0];
}

describe('instances/drugcombo: candidate drug subsets, marked texts, the set', () => {
  it('subsets come by size, then in lexicographic order, 2^n − n − 1 of them', () => {
    expect([...subsets(4)]).to.deep.equal([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3], [0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3], [0, 1, 2, 3]]);
    expect([...subsets(10)].length).to.equal(2 ** 10 - 10 - 1);
    expect([...subsets(1)]).to.deep.equal([]);
  });

  it('training: the gold combinations, then every subset outside all of them (subsets of a gold combination are neither)', () => {
    const s = sentence('D0 and D1 and D2 but not D3', [{ class: 'COMB', spans: [0, 1, 2] }]);
    const train = candidateSubsets(s, 'train');
    expect(train.map((c) => `${c.drugs.join('')}:${c.label}`)).to.deep.equal([
      '012:Other_Combination',
      '03:None', '13:None', '23:None', '013:None', '023:None', '123:None', '0123:None',
    ]);
    expect(candidateSubsets(s, 'train', 'pairs').map((c) => c.drugs.join(''))).to.deep.equal(['012', '03', '13', '23']);
  });

  it('evaluation: every subset, labelled only where a gold combination has exactly those drugs', () => {
    const s = sentence('D0 with D1 versus D2 with D3', [{ class: 'POS', spans: [0, 1] }, { class: 'NEG', spans: [2, 3] }]);
    const ev = candidateSubsets(s, 'eval');
    expect(ev).to.have.length(11);
    expect(ev.filter((c) => c.label !== 'None').map((c) => `${c.drugs.join('')}:${c.label}`)).to.deep.equal(['01:Positive_Combination', '23:Other_Combination']);
  });

  it('marks every drug of the subset and only those; the paragraph window follows the authors\' arithmetic', () => {
    const s = sentence('a b D0 c D1 d e', [], 'p1 p2 p3', 'q1 q2');
    const opts = { ...DRUGCOMBO_DEFAULTS };
    expect(markedText(s, [0, 1], { ...opts, window: null })).to.equal('p1 p2 p3 a b <<m>> D0 <</m>> c <<m>> D1 <</m>> d e q1 q2');
    expect(markedText(s, [1], { ...opts, context: 'sentence', window: null })).to.equal('a b D0 c <<m>> D1 <</m>> d e');
    // tokens: p1 p2 p3 a b <<m>> D0 <</m>> c <<m>> D1 <</m>> d e q1 q2 — first marker at 5, last at 11, d = 6.
    // W = 10: left = ⌊4/2⌋ = 2 tokens before index 5, right = 2 → tokens[3, 13) (as tokens[max(0, 5-2) : min(16, 11+2)])
    expect(markedText(s, [0, 1], { ...opts, window: 10 })).to.equal('a b <<m>> D0 <</m>> c <<m>> D1 <</m>> d');
    // W = 9: left = ⌊3/2⌋ = 1, right = 2
    expect(markedText(s, [0, 1], { ...opts, window: 9 })).to.equal('b <<m>> D0 <</m>> c <<m>> D1 <</m>> d');
    // W ≤ d: the authors' slice would cut markers; the marked stretch is kept whole
    expect(markedText(s, [0, 1], { ...opts, window: 4 })).to.equal('<<m>> D0 <</m>> c <<m>> D1 <</m>>');
    // the window applies even when the text is short (it centres, it does not fit); the slice end is
    // exclusive, so right = 2 keeps one token after the last marker: tokens[5-1 : 7+2)
    expect(markedText(s, [0], { ...opts, window: 5 })).to.equal('b <<m>> D0 <</m>> c');
  });

  describe('the set on the hand-made data root', () => {
    let out: string;
    before(() => {
      out = mkdtempSync(join(tmpdir(), 'biorex-drugcombo-'));
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('writes train/test instances and a manifest (3 labels, the markers as special tokens, counts, statistics)', async () => {
      const r = await drugComboSet({ root: FIXTURE, out });
      const m = r.manifest;
      expect(m.labels).to.deep.equal(['None', 'Positive_Combination', 'Other_Combination']);
      expect(m.negativeLabels).to.deep.equal(['None']);
      expect(m.specialTokens).to.deep.equal(['<<m>>', '<</m>>']);
      expect(m.files).to.deep.equal({ train: 'train.jsonl', test: 'test.jsonl' });
      // train: t1 (3 drugs, POS {0,1}): gold + {0,2} {1,2} {0,1,2}; t2 (4, COMB {0,1,2}): gold + 7; t3 (2, NEG {0,1}): gold; t4 (2): {0,1}
      expect(m.counts.bySplit.train).to.deep.equal({ docs: 4, instances: 4 + 8 + 1 + 1, positives: 3 });
      // test: every subset of 4 + 4 + 3 drugs = 11 + 11 + 4
      expect(m.counts.bySplit.test).to.deep.equal({ docs: 3, instances: 26, positives: 3 });
      expect(r.combinationStats.test.gold).to.deep.include({ total: 3, byClass: { POS: 2, COMB: 1 }, bySize: { 2: 2, 3: 1 } });
      const lines = readFileSync(join(out, 'test.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CombinationInstance);
      const s2 = lines.filter((i) => i.doc === 's2');
      expect(s2[0]).to.deep.include({ id: 'DrugCombo/test/s2/0|1', task: 'DrugCombo', split: 'test', types: ['Drug', 'Drug'], ids: ['0', '1'], label: 'Positive_Combination', level: 'sentence' });
      expect(s2[0].text).to.equal('<<m>> Lopinavir <</m>> with <<m>> ritonavir <</m>> was compared with zidovudine and lamivudine .');
      expect(s2.find((i) => i.ids.join() === '2,3')!.label).to.equal('Other_Combination');
      // the paragraph is the context: s1's text starts with the sentence before it
      expect(lines.find((i) => i.doc === 's1')!.text.startsWith('Children with leukemia were treated . <<m>> Vincristine <</m>>')).to.equal(true);
    });

    it('is what corpusSet builds for DrugCombo, byte-identical on a rebuild, and not rebuilt when current', async () => {
      const first = readFileSync(join(out, 'train.jsonl'));
      const again = await corpusSet({ corpus: 'drugcombo', root: FIXTURE, out });
      expect(again.cached).to.equal(true);
      const forced = await drugComboSet({ root: FIXTURE, out, force: true });
      expect(forced.cached).to.equal(false);
      expect(readFileSync(join(out, 'train.jsonl'))).to.deep.equal(first);
      const other = await drugComboSet({ root: FIXTURE, out, negatives: 'pairs' });
      expect(other.cached).to.equal(false);
      expect(other.manifest.counts.bySplit.train.instances).to.equal(3 + 4 + 1 + 1);
    });
  });
});
