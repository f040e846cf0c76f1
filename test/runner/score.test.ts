// scoreRun: the runner's one scoring hook must give exactly what the evaluation stage gives when
// called directly, store every pair subset (Table 3 rows read their own), and pick the right scorer.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePubTator, type Document } from '../../src/corpora/index.ts';
import { BIORED_SCORER, CORPUS_SCORER, findRow, scoreBioREDInstances, scoreCorpus, type InstancePrediction } from '../../src/evaluation/index.ts';
import { buildCorpusSet, readInstances } from '../../src/instances/index.ts';
import type { Instance } from '../../src/instances/types.ts';
import { scoreRun, usesBioREDScorer } from '../../src/runner/index.ts';
import type { ResultRow } from '../../src/tracking/index.ts';

/** One PubTator document from (title, abstract, mentions by surface text, relations). */
function pubtator(
  id: string,
  title: string,
  abstract: string,
  mentions: [text: string, type: string, cid: string][],
  relations: [type: string, a: string, b: string][],
): string {
  const full = `${title} ${abstract}`;
  const lines = [`${id}|t|${title}`, `${id}|a|${abstract}`];
  for (const [text, type, cid] of mentions) {
    const start = full.indexOf(text);
    if (start < 0) throw new Error(`fixture: ${text} not in ${id}`);
    lines.push([id, start, start + text.length, text, type, cid].join('\t'));
  }
  for (const [type, a, b] of relations) lines.push([id, type, a, b, 'Novel'].join('\t'));
  return lines.join('\n') + '\n';
}

const GOLD_TEXT =
  pubtator(
    '101',
    'Zorlamine causes Kessler syndrome.',
    'Zorlamine binds FAKE1 and FAKE2; the p.V12E variant of FAKE1 is linked to Kessler syndrome.',
    [
      ['Zorlamine', 'ChemicalEntity', 'C1'],
      ['Kessler syndrome', 'DiseaseOrPhenotypicFeature', 'D1'],
      ['FAKE1', 'GeneOrGeneProduct', 'G1'],
      ['FAKE2', 'GeneOrGeneProduct', 'G2'],
      ['p.V12E', 'SequenceVariant', 'V1'],
    ],
    [
      ['Positive_Correlation', 'C1', 'D1'],
      ['Bind', 'C1', 'G1'],
      ['Association', 'G1', 'G2'],
      ['Association', 'D1', 'V1'], // variant pair: outside the five-pair filter
    ],
  ) +
  '\n' +
  pubtator(
    '102',
    'Morbinol and Tesla fever.',
    'Morbinol treats Tesla fever and lowers FAKE3.',
    [
      ['Morbinol', 'ChemicalEntity', 'C2'],
      ['Tesla fever', 'DiseaseOrPhenotypicFeature', 'D2'],
      ['FAKE3', 'GeneOrGeneProduct', 'G3'],
    ],
    [
      ['Negative_Correlation', 'C2', 'D2'],
      ['Negative_Correlation', 'C2', 'G3'],
    ],
  );

type Row = [doc: string, id1: string, id2: string, types: [string, string], gold: string, pred: string];
const C = 'ChemicalEntity';
const D = 'DiseaseOrPhenotypicFeature';
const G = 'GeneOrGeneProduct';
const ROWS: Row[] = [
  ['101', 'C1', 'D1', [C, D], 'Positive_Correlation', 'Positive_Correlation'], // TP
  ['101', 'C1', 'G1', [C, G], 'Bind', 'Association'], // pair TP; type FP + FN
  ['101', 'C1', 'G2', [C, G], 'None', 'Bind'], // FP
  ['101', 'G1', 'G2', [G, G], 'Association', 'None'], // FN
  ['101', 'D1', 'G1', [D, G], 'None', 'None'],
  ['101', 'D1', 'V1', [D, G], 'Association', 'Association'], // variant: filtered out on both sides
  ['102', 'C2', 'D2', [C, D], 'Negative_Correlation', 'Negative_Correlation'], // TP
  ['102', 'C2', 'G3', [C, G], 'Negative_Correlation', 'None'], // FN
];

function instancesOf(rows: Row[], task = 'BioRED', level: Instance['level'] = 'document'): Instance[] {
  return rows.map(([doc, a, b, types, gold]) => ({
    id: `${task}/test/${doc}/${a}|${b}`,
    task,
    doc,
    split: 'test',
    types,
    ids: [a, b],
    text: `${a} ${b}`,
    label: gold,
    level,
  }));
}
function predictionsOf(rows: Row[], task = 'BioRED'): InstancePrediction[] {
  return rows.map(([doc, a, b, , , pred]) => ({ id: `${task}/test/${doc}/${a}|${b}`, label: pred, probs: { [pred]: 0.9 } }));
}

const get = (rows: ResultRow[], criterion: string, pairType = 'all') => rows.find((r) => r.criterion === criterion && r.pairType === pairType);

describe('runner: scoreRun through the evaluation stage', () => {
  let dir: string;
  let gold: Document[];
  const write = (name: string, items: object[]) => {
    const f = join(dir, name);
    writeFileSync(f, items.map((x) => JSON.stringify(x) + '\n').join(''));
    return f;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-score-'));
    gold = parsePubTator(GOLD_TEXT, { file: 'gold.pubtator' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('BioRED target: the same numbers as scoreBioREDInstances on the gold documents, for every criterion and pair subset', async () => {
    const inst = instancesOf(ROWS);
    const pred = predictionsOf(ROWS);
    const rows = await scoreRun({
      evalSet: 'BioRED/test',
      instancesFile: write('inst.jsonl', inst),
      predictionsFile: write('pred.jsonl', pred),
      gold,
      criteria: ['pair', 'pair+type'],
    });
    const direct = scoreBioREDInstances(gold, inst, pred, { criteria: ['pair', 'pair+type'], details: false });
    for (const criterion of ['pair', 'pair+type'] as const) {
      for (const pairType of ['all', 'Chemical|Chemical', 'Chemical|Disease', 'Chemical|Gene', 'Disease|Gene', 'Gene|Gene']) {
        const want = findRow(direct.rows, criterion, pairType)!;
        const got = get(rows, criterion, pairType);
        expect(got, `${criterion} ${pairType}`).to.include({ tp: want.tp, fp: want.fp, fn: want.fn, precision: want.p, recall: want.r, f1: want.f, scorer: BIORED_SCORER });
      }
    }
    // The numbers themselves (by hand): pair = 3 TP, 1 FP, 2 FN; the variant relation is filtered out.
    expect(get(rows, 'pair')).to.include({ tp: 3, fp: 1, fn: 2 });
    expect(get(rows, 'pair+type')).to.include({ tp: 2, fp: 2, fn: 3 });
    expect(get(rows, 'pair+type', 'Chemical|Disease')).to.include({ tp: 2, fp: 0, fn: 0, f1: 1 });
    expect(get(rows, 'pair', 'Chemical|Gene')).to.include({ tp: 1, fp: 1, fn: 1 });
    expect(get(rows, 'pair', 'Disease|Variant')).to.equal(undefined);
  });

  it('stores the relation-type breakdown as all/<type> and instance accuracy as an extra row', async () => {
    const rows = await scoreRun({
      evalSet: 'BioRED/test',
      instancesFile: write('inst.jsonl', instancesOf(ROWS)),
      predictionsFile: write('pred.jsonl', predictionsOf(ROWS)),
      gold,
    });
    expect(get(rows, 'pair+type', 'all/Negative_Correlation')).to.include({ tp: 1, fp: 0, fn: 1 });
    expect(get(rows, 'pair+type', 'all/Bind')).to.include({ tp: 0, fp: 1, fn: 1 });
    expect(get(rows, 'pair', 'all/Bind')).to.equal(undefined); // the pair criterion has no type
    expect(get(rows, 'accuracy')!.f1).to.be.closeTo(4 / 8, 1e-12); // rows 1, 5, 6, 7 right
    // one row per (criterion, pair type): the tracking table's key
    const keys = rows.map((r) => `${r.evalSet} ${r.criterion} ${r.pairType}`);
    expect(new Set(keys).size).to.equal(keys.length);
  });

  it('every gold document counts (a document without predictions costs recall) unless limited to the instance documents', async () => {
    const only101 = ROWS.filter((r) => r[0] === '101');
    const args = {
      evalSet: 'BioRED/test',
      instancesFile: write('inst101.jsonl', instancesOf(only101)),
      predictionsFile: write('pred101.jsonl', predictionsOf(only101)),
      gold,
    };
    expect(get(await scoreRun(args), 'pair')).to.include({ tp: 2, fp: 1, fn: 3 });
    expect(get(await scoreRun({ ...args, goldFromInstanceDocs: true }), 'pair')).to.include({ tp: 2, fp: 1, fn: 1 });
  });

  it('the spec criteria are added to pair and pair+type', async () => {
    const rows = await scoreRun({
      evalSet: 'BioRED/test',
      instancesFile: write('inst.jsonl', instancesOf(ROWS)),
      predictionsFile: write('pred.jsonl', predictionsOf(ROWS)),
      gold,
      criteria: ['all'],
    });
    expect([...new Set(rows.map((r) => r.criterion))].sort()).to.deep.equal(['accuracy', 'all', 'pair', 'pair+type']);
  });

  it('other targets: scoreCorpus on the instance labels (sentence level: one unit per instance)', async () => {
    const ddi: Row[] = [
      ['d1', 'e1', 'e2', [C, C], 'Association', 'Association'],
      ['d1', 'e1', 'e3', [C, C], 'None-DDI', 'Association'],
      ['d2', 'e1', 'e2', [C, C], 'Association', 'None-DDI'],
      ['d2', 'e2', 'e3', [C, C], 'None-DDI', 'None-DDI'],
    ];
    const inst = instancesOf(ddi, 'DDI', 'sentence');
    const pred = predictionsOf(ddi, 'DDI');
    const rows = await scoreRun({
      evalSet: 'DDI/test',
      instancesFile: write('ddi-inst.jsonl', inst),
      predictionsFile: write('ddi-pred.jsonl', pred),
      negativeLabels: ['None-DDI'],
    });
    const direct = scoreCorpus('DDI', inst, pred, { criterion: 'pair+type' });
    expect(get(rows, 'pair+type')).to.include({ tp: direct.overall.tp, fp: direct.overall.fp, fn: direct.overall.fn, f1: direct.overall.f, scorer: CORPUS_SCORER });
    expect(get(rows, 'pair+type')).to.include({ tp: 1, fp: 1, fn: 1 });
    expect(get(rows, 'pair+type', 'all/Association')).to.include({ tp: 1, fp: 1, fn: 1 });
    expect(get(rows, 'pair')).to.include({ tp: 1, fp: 1, fn: 1 });
  });

  it('other targets are scored on harmonized labels: native DDI types (Original/TL/MTL) and Association (BioREx) alike', async () => {
    const native: Row[] = [
      ['d1', 'e1', 'e2', [C, C], 'effect', 'mechanism'], // both harmonize to Association: TP
      ['d1', 'e1', 'e3', [C, C], 'advise', 'None-DDI'], // FN
      ['d2', 'e1', 'e2', [C, C], 'None-DDI', 'int'], // FP
    ];
    const harmonized: Row[] = native.map(([d, a, b, t, g, p]) => [d, a, b, t, g.startsWith('None') ? g : 'Association', p.startsWith('None') ? p : 'Association']);
    const score = async (rows: Row[], name: string) =>
      scoreRun({
        evalSet: 'DDI/test',
        instancesFile: write(`${name}-inst.jsonl`, instancesOf(rows, 'DDI', 'sentence')),
        predictionsFile: write(`${name}-pred.jsonl`, predictionsOf(rows, 'DDI')),
      });
    const a = await score(native, 'native');
    const b = await score(harmonized, 'harmonized');
    expect(get(a, 'pair+type')).to.include({ tp: 1, fp: 1, fn: 1 });
    for (const c of ['pair', 'pair+type']) expect(get(a, c)).to.deep.equal(get(b, c));
    expect(get(a, 'pair+type', 'all/Association')).to.include({ tp: 1 });
    expect(get(a, 'pair+type', 'all/effect')).to.equal(undefined);
  });

  it('picks the BioRED scorer by the corpus profile (BioRED and the BioRED-like Sample), the corpus scorer otherwise', () => {
    expect(['BioRED', 'Sample', 'BC5CDR', 'DDI', 'AIMed', 'SampleDDI'].map(usesBioREDScorer)).to.deep.equal([true, true, false, false, false, false]);
  });

  it('loads the gold split from the data root: perfect predictions of the Sample test set score 1, all-None 0 with every gold relation missed', async function () {
    this.timeout(60_000);
    await buildCorpusSet({ corpus: 'Sample', out: join(dir, 'sample'), view: 'native', prompt: true });
    const testFile = join(dir, 'sample', 'test.jsonl');
    const inst = (await readInstances(testFile)) as Instance[];
    const perfect = write('perfect.jsonl', inst.map((i) => ({ id: i.id, label: i.label })));
    const none = write('none.jsonl', inst.map((i) => ({ id: i.id, label: 'None' })));
    const best = await scoreRun({ evalSet: 'Sample/test', instancesFile: testFile, predictionsFile: perfect });
    expect(get(best, 'pair+type')!.f1).to.equal(1);
    expect(get(best, 'pair')!.fn).to.equal(0);
    const zero = await scoreRun({ evalSet: 'Sample/test', instancesFile: testFile, predictionsFile: none });
    expect(get(zero, 'pair')).to.include({ tp: 0, fp: 0, f1: 0 });
    expect(get(zero, 'pair')!.fn).to.equal(get(best, 'pair')!.tp).and.to.be.greaterThan(0);
  });
});
