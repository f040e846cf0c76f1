// The drug-combination scorer on hand-made cases, every expected value computed by hand (in the
// comments). docs/evaluation.md says which definition this is and how it was checked against the
// dataset authors' own evaluation script.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDrugCombo } from '../../src/corpora/index.ts';
import {
  matchValue,
  scoreAllCombinations,
  scoreCombinations,
  scoreDrugCombo,
  selectCombinations,
  type LabelledCombination,
} from '../../src/evaluation/drugcombo.ts';
import { drugComboSet, type CombinationInstance } from '../../src/instances/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { expectInputError } from '../corpora/util.ts';

const c = (doc: string, drugs: number[], label: string): LabelledCombination => ({ doc, drugs, label });
const close = (x: number, y: number) => expect(x).to.be.closeTo(y, 1e-12);

describe('evaluation/drugcombo: the Table 5 scorer (positive / any combination × exact / partial match)', () => {
  const gold = [c('s1', [0, 1, 2], 'POS'), c('s2', [0, 1], 'COMB'), c('s3', [0, 1], 'POS'), c('s3', [2, 3], 'NEG')];
  const pred = [
    c('s1', [0, 1], 'Positive_Combination'), // part of the gold POS {0,1,2}
    c('s2', [0, 1], 'Positive_Combination'), // the drugs of a COMB gold, labelled positive
    c('s3', [2, 3], 'Other_Combination'), // = the NEG gold
    c('s3', [0, 1, 4], 'Positive_Combination'), // contains the POS gold {0,1}
    c('s4', [0, 1], 'Positive_Combination'), // no gold in s4
  ];

  it('positive combination, exact: only equal drug sets of two POS count — none here', () => {
    // predicted POS: s1{0,1} s2{0,1} s3{0,1,4} s4{0,1}: no equal POS gold → P = 0/4; gold POS s1{0,1,2} s3{0,1}: R = 0/2
    const s = scoreCombinations(gold, pred, 'positive', 'exact');
    expect(s).to.include({ predicted: 4, gold: 2, p: 0, r: 0, f: 0 });
  });

  it('positive combination, partial: ≥ 2 shared drugs, worth |A∩B|/|A∪B|; a gold COMB is not positive', () => {
    // P: s1{0,1}~{0,1,2} 2/3, s2 0 (gold COMB is 0 in this view), s3{0,1,4}~{0,1} 2/3, s4 0 → (4/3)/4 = 1/3
    // R: s1{0,1,2} 2/3, s3{0,1} 2/3 → 2/3;  F = 2·(1/3)(2/3)/(1/3+2/3) = 4/9
    const s = scoreCombinations(gold, pred, 'positive', 'partial');
    close(s.p, 1 / 3);
    close(s.r, 2 / 3);
    close(s.f, 4 / 9);
  });

  it('any combination, exact: POS, NEG and COMB are all positive, the label itself is not compared', () => {
    // predicted any: 5; exact: s2{0,1} (COMB gold), s3{2,3} (NEG gold) → P = 2/5; gold any: 4, matched 2 → R = 1/2
    const s = scoreCombinations(gold, pred, 'any', 'exact');
    expect(s).to.include({ predicted: 5, gold: 4, predictedValue: 2, goldValue: 2 });
    close(s.p, 2 / 5);
    close(s.r, 1 / 2);
    close(s.f, 4 / 9);
  });

  it('any combination, partial', () => {
    // P: 2/3 + 1 + 1 + 2/3 + 0 = 10/3 over 5 → 2/3;  R: 2/3 + 1 + 2/3 + 1 = 10/3 over 4 → 5/6;  F = 20/27
    const s = scoreCombinations(gold, pred, 'any', 'partial');
    close(s.p, 2 / 3);
    close(s.r, 5 / 6);
    close(s.f, 20 / 27);
    expect(Object.keys(scoreAllCombinations(gold, pred))).to.deep.equal(['positive/exact', 'positive/partial', 'any/exact', 'any/partial']);
  });

  it('partial match needs two shared drugs; the best match counts; duplicates count once; nothing predicted scores 0', () => {
    expect(matchValue([0, 1, 2], [2, 3], 'partial')).to.equal(undefined); // one shared drug: no match (not 1/4)
    expect(matchValue([0, 1, 2], [0, 1, 3], 'partial')).to.equal(2 / 4);
    expect(matchValue([2, 1], [1, 2], 'exact')).to.equal(1);
    expect(matchValue([0, 1, 2], [0, 1], 'exact')).to.equal(undefined);
    // one prediction against two overlapping gold combinations: its best value; each gold its best
    const s = scoreCombinations([c('a', [0, 1], 'POS'), c('a', [0, 1, 2, 3], 'POS')], [c('a', [0, 1, 2], 'POS')], 'positive', 'partial');
    close(s.p, 3 / 4); // max(2/3, 3/4)
    close(s.r, (2 / 3 + 3 / 4) / 2);
    const dup = scoreCombinations([c('a', [0, 1], 'POS'), c('a', [1, 0], 'POS')], [c('a', [0, 1], 'POS'), c('a', [0, 1], 'POS')], 'positive', 'exact');
    expect(dup).to.include({ predicted: 1, gold: 1, p: 1, r: 1, f: 1 });
    expect(scoreCombinations(gold, [], 'any', 'partial')).to.include({ p: 0, r: 0, f: 0, predicted: 0, gold: 4 });
    // a sentence id is part of the match: the same drug ids in another sentence do not match
    expect(scoreCombinations([c('a', [0, 1], 'POS')], [c('b', [0, 1], 'POS')], 'positive', 'exact').f).to.equal(0);
  });

  it('the greedy selection of the authors: largest predicted combination first, then the disjoint ones', () => {
    const picked = selectCombinations([
      c('x', [0, 1, 2, 3], 'None'),
      c('x', [0, 1, 2], 'Other_Combination'),
      c('x', [2, 3], 'Positive_Combination'),
      c('x', [0, 1], 'Positive_Combination'),
      c('y', [0, 1], 'Positive_Combination'),
      c('y', [2, 3], 'Positive_Combination'),
      c('y', [1, 2], 'Positive_Combination'),
      c('z', [0, 1], 'None'),
    ]);
    // x: {0,1,2} wins (3 drugs), {2,3} and {0,1} share drugs with it; y: ties in size are broken by the
    // drug list as Python prints it, descending: "[2, 3]" > "[1, 2]" > "[0, 1]" → {2,3}, then {0,1}
    expect(picked.map((p) => `${p.doc}${p.drugs.join('')}`)).to.deep.equal(['x012', 'y23', 'y01']);
    // as a string "[2, 11]" sorts after "[10, 11]" (numerically it would be the other way round)
    const tie = selectCombinations([c('w', [10, 11], 'Positive_Combination'), c('w', [2, 11], 'Positive_Combination')]);
    expect(tie.map((p) => p.drugs)).to.deep.equal([[2, 11]]);
  });

  describe('a run: instance predictions → selection → scores, on the hand-made test split', () => {
    let out: string;
    let instances: CombinationInstance[];
    before(async () => {
      out = mkdtempSync(join(tmpdir(), 'biorex-dc-score-'));
      await drugComboSet({ root: join(REPO_ROOT, 'test/fixtures/unseen-tasks'), out });
      instances = readFileSync(join(out, 'test.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('scores a perfect run 1 everywhere and a run that misses the three-drug combination as computed by hand', async () => {
      const { splits } = await loadDrugCombo({ root: join(REPO_ROOT, 'test/fixtures/unseen-tasks') });
      const perfect = instances.map((i) => ({ id: i.id, label: i.label }));
      const s = scoreDrugCombo(splits.test, instances, perfect);
      for (const v of Object.values(s.scores)) expect(v.f).to.equal(1);
      // gold test: s1 POS {0,1,2}; s2 POS {0,1}, COMB {2,3}. Predict s1 {0,1} positive and s2 {0,1,2,3} other:
      const mine = new Map([['DrugCombo/test/s1/0|1', 'Positive_Combination'], ['DrugCombo/test/s2/0|1|2|3', 'Other_Combination']]);
      const r = scoreDrugCombo(splits.test, instances, instances.map((i) => ({ id: i.id, label: mine.get(i.id) ?? 'None' }))).scores;
      // positive: predicted {s1:01} vs gold {s1:012, s2:01}: exact 0; partial P = 2/3, R = (2/3 + 0)/2
      expect(r['positive/exact'].f).to.equal(0);
      close(r['positive/partial'].p, 2 / 3);
      close(r['positive/partial'].r, 1 / 3);
      // any: predicted {s1:01, s2:0123} vs gold {s1:012, s2:01, s2:23}: P = (2/3 + max(2/4, 2/4))/2, R = (2/3 + 2/4 + 2/4)/3
      close(r['any/partial'].p, (2 / 3 + 1 / 2) / 2);
      close(r['any/partial'].r, (2 / 3 + 1 / 2 + 1 / 2) / 3);
      expect(r['any/exact']).to.include({ predictedValue: 0, f: 0 });
    });

    it('every instance needs one prediction and every prediction an instance', async () => {
      const { splits } = await loadDrugCombo({ root: join(REPO_ROOT, 'test/fixtures/unseen-tasks') });
      const preds = instances.map((i) => ({ id: i.id, label: 'None' }));
      const missing = await expectInputError(() => scoreDrugCombo(splits.test, instances, preds.slice(1), { predictionsFile: 'p.jsonl' }));
      expect(missing.message).to.contain(`p.jsonl: no prediction for instance ${instances[0].id}`);
      const extra = await expectInputError(() => scoreDrugCombo(splits.test, instances, [...preds, { id: 'DrugCombo/test/zz/0|1', label: 'None' }], { predictionsFile: 'p.jsonl' }));
      expect(extra.message).to.match(/p\.jsonl:27: prediction for unknown instance/);
    });
  });
});
