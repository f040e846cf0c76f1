import { expect } from 'chai';
import { join } from 'node:path';
import { findCorpus, isNaryCorpus, loadCorpus, loadDrugCombo, parseDrugCombo } from '../../src/corpora/index.ts';
import { describeWithCorpora, REPO_ROOT, SHARED_CORPORA } from '../helpers/shared.ts';
import { expectInputError } from './util.ts';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/unseen-tasks');

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const ok = {
  doc_id: 'd1',
  sentence: 'Give aspirin with heparin .',
  spans: [
    { span_id: 0, text: 'aspirin', start: 5, end: 12 },
    { span_id: 1, text: 'heparin', start: 18, end: 25 },
  ],
  rels: [{ class: 'POS', spans: [1, 0], is_context_needed: true }],
  paragraph: 'Intro . Give aspirin with heparin . End .',
};

describe('corpora/drugcombo: the drug-combination JSON lines', () => {
  it('reads sentences, drug spans, combinations (drug ids sorted) and where the sentence sits in its paragraph', () => {
    const { sentences, warnings } = parseDrugCombo(line(ok) + '\n', { file: 'x.jsonl' });
    expect(warnings).to.deep.equal([]);
    expect(sentences).to.have.length(1);
    const s = sentences[0];
    expect(s.sentenceOffset).to.equal(8);
    expect(s.paragraph.slice(s.sentenceOffset + s.drugs[1].start, s.sentenceOffset + s.drugs[1].end)).to.equal('heparin');
    expect(s.combinations).to.deep.equal([{ class: 'POS', drugs: [0, 1], contextNeeded: true }]);
    expect(s.ref).to.deep.equal({ file: 'x.jsonl', line: 1 });
  });

  it('takes a span text from its offsets when the text field disagrees, and warns (the train file has 4 such spans)', () => {
    const bad = { ...ok, spans: [{ ...ok.spans[0], text: 'e aspir' }, ok.spans[1]] };
    const { sentences, warnings } = parseDrugCombo(`\n${line(bad)}\n`, { file: 'x.jsonl' });
    expect(sentences[0].drugs[0]).to.include({ text: 'aspirin', textGiven: 'e aspir' });
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include({ file: 'x.jsonl', line: 2 });
    expect(warnings[0].message).to.contain('"e aspir" but the offsets 5-12 read "aspirin"');
  });

  it('rejects bad lines naming the file, the line, what is wrong and the fix', async () => {
    const cases: [Record<string, unknown> | string, RegExp][] = [
      ['{"doc_id": "d1", "sentence"', /x\.jsonl:2: not a JSON object .*Fix: each line must be one complete JSON object/],
      [{ ...ok, paragraph: 'something else' }, /x\.jsonl:2: sentence of d1 is not part of its paragraph/],
      [{ ...ok, spans: [{ ...ok.spans[0], span_id: 3 }, ok.spans[1]] }, /spans\[0\] has span_id 3, expected 0/],
      [{ ...ok, spans: [{ ...ok.spans[0], end: 99 }, ok.spans[1]] }, /spans\[0\] has invalid offsets 5-99/],
      [{ ...ok, rels: [{ class: 'SYN', spans: [0, 1] }] }, /rels\[0\] has class "SYN".*use one of POS, NEG, COMB/],
      [{ ...ok, rels: [{ class: 'POS', spans: [0, 0] }] }, /needs at least 2 distinct drugs/],
      [{ ...ok, rels: [{ class: 'POS', spans: [0, 5] }] }, /names span ids 5, but the sentence has 2 spans/],
    ];
    for (const [bad, re] of cases) {
      const text = line(ok).replace('"d1"', '"d0"') + '\n' + (typeof bad === 'string' ? bad : line(bad)) + '\n';
      const e = await expectInputError(() => parseDrugCombo(text, { file: 'x.jsonl' }));
      expect(e.message).to.match(re);
    }
    const dup = await expectInputError(() => parseDrugCombo(`${line(ok)}\n${line(ok)}\n`, { file: 'x.jsonl' }));
    expect(dup.message).to.contain('x.jsonl:2: doc_id d1 repeats line 1');
    const empty = await expectInputError(() => parseDrugCombo('\n', { file: 'x.jsonl' }));
    expect(empty.message).to.contain('file is empty');
  });

  it('lenient: skips and records the bad line, keeps the rest', () => {
    const r = parseDrugCombo(`${line(ok)}\n{"doc_id": 3}\n`, { file: 'x.jsonl', lenient: true });
    expect(r.sentences).to.have.length(1);
  });

  it('is an n-ary corpus of the registry: loadDrugCombo reads its splits, loadCorpus refuses it with the fix', async () => {
    expect(isNaryCorpus(findCorpus('DrugCombo'))).to.equal(true);
    expect(isNaryCorpus(findCorpus('BioRED'))).to.equal(false);
    const d = await loadDrugCombo({ root: FIXTURE });
    expect(Object.keys(d.splits)).to.deep.equal(['train', 'test']);
    expect(d.splits.train.map((s) => s.id)).to.deep.equal(['t1', 't2', 't3', 't4']);
    expect(d.splits.test.flatMap((s) => s.combinations.map((c) => c.class))).to.deep.equal(['POS', 'POS', 'COMB']);
    const e = await expectInputError(() => loadCorpus('DrugCombo', { root: FIXTURE }));
    expect(e.message).to.match(/n-ary drug combinations.*Fix: read it with loadDrugCombo/);
    const missing = await expectInputError(() => loadDrugCombo({ root: join(FIXTURE, 'nowhere') }));
    expect(missing.message).to.match(/final_train_set\.jsonl: corpus DrugCombo: file missing\. Fix: run `biorex data fetch DrugCombo`/);
  });
});

describeWithCorpora('corpora/drugcombo on ../shared/corpora/drugcombo', () => {
  it('train 1,362 sentences / 1,039 combinations, test 272 / 209 (MANIFEST), test classes and sizes as the README', async () => {
    const d = await loadDrugCombo({ root: SHARED_CORPORA });
    const count = (split: string) => [d.splits[split].length, d.splits[split].reduce((n, s) => n + s.combinations.length, 0)];
    expect(count('train')).to.deep.equal([1362, 1039]);
    expect(count('test')).to.deep.equal([272, 209]);
    const test = d.splits.test.flatMap((s) => s.combinations);
    const by = <T>(xs: T[]) => xs.reduce<Record<string, number>>((m, x) => ((m[String(x)] = (m[String(x)] ?? 0) + 1), m), {});
    expect(by(test.map((c) => c.class))).to.deep.equal({ POS: 150, COMB: 43, NEG: 16 });
    expect(by(test.map((c) => c.drugs.length))).to.deep.equal({ 2: 155, 3: 35, 4: 12, 5: 4, 6: 3 });
    // the only quirk: four spans of train line 1274 whose text field is shifted; their offsets name the drugs
    expect(d.warnings.map((w) => `${w.line}`)).to.deep.equal(['1274', '1274', '1274', '1274']);
    const s = d.splits.train.find((x) => x.ref.line === 1274)!;
    expect(s.drugs.filter((x) => x.textGiven).map((x) => x.text)).to.deep.equal(['cyclophosphamide', 'doxorubicin', 'vincristine', 'prednisone']);
  });
});
