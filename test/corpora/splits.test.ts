import { expect } from 'chai';
import { assignFolds, assignSplits, groupOf } from '../../src/corpora/index.ts';

// 60 abstracts with 1–4 sentence records each, like AIMed (AIMed_d<k>_<s>)
const aimedIds: string[] = [];
for (let d = 1; d <= 60; d++) for (let s = 1; s <= 1 + (d % 4); s++) aimedIds.push(`AIMed_d${d}_${s}`);
const AIMED_GROUP = '^(AIMed_d\\d+)_\\d+$';
const spec = { seed: 42, fractions: { train: 0.8, test: 0.2 }, group: AIMED_GROUP };

function groupsBy<T>(m: Map<string, T>, pattern?: string): Map<string, Set<T>> {
  const out = new Map<string, Set<T>>();
  const re = pattern ? new RegExp(pattern) : undefined;
  for (const [id, v] of m) {
    const g = groupOf(id, re);
    if (!out.has(g)) out.set(g, new Set());
    out.get(g)!.add(v);
  }
  return out;
}

describe('corpora/splits', () => {
  it('groupOf takes capture group 1, else the id itself', () => {
    expect(groupOf('AIMed_d30_3', new RegExp(AIMED_GROUP))).to.equal('AIMed_d30');
    expect(groupOf('251455021001', /^(\d+)\d{4}$/)).to.equal('25145502');
    expect(groupOf('96542071135', /^(\d+)\d{4}$/)).to.equal('9654207');
    expect(groupOf('12345', undefined)).to.equal('12345');
    expect(groupOf('other', new RegExp(AIMED_GROUP))).to.equal('other');
  });

  it('assignSplits is reproducible, independent of input order, and changes with the seed', () => {
    const a = assignSplits(aimedIds, spec);
    const b = assignSplits([...aimedIds].reverse(), spec);
    expect([...a.entries()].sort()).to.deep.equal([...b.entries()].sort());
    const c = assignSplits(aimedIds, { ...spec, seed: 7 });
    expect([...c.entries()].sort()).to.not.deep.equal([...a.entries()].sort());
  });

  it('assignSplits covers every id once, keeps groups together, and gives floor(20%) of the groups to test', () => {
    const a = assignSplits(aimedIds, spec);
    expect(a.size).to.equal(aimedIds.length);
    const groups = groupsBy(a, AIMED_GROUP);
    for (const splits of groups.values()) expect(splits.size).to.equal(1);
    const testGroups = [...groups.values()].filter((s) => s.has('test')).length;
    expect(testGroups).to.equal(Math.floor(0.2 * 60));
    expect(groups.size - testGroups).to.equal(48);
  });

  it('assignSplits without a group pattern splits single documents (58 → 11 test, as the reference)', () => {
    const ids = Array.from({ length: 58 }, (_, i) => String(1000 + i));
    const a = assignSplits(ids, { seed: 1, fractions: { train: 0.8, test: 0.2 } });
    expect([...a.values()].filter((s) => s === 'test')).to.have.length(11);
  });

  it('assignSplits handles three-way fractions', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `d${i}`);
    const a = assignSplits(ids, { seed: 3, fractions: { train: 0.8, dev: 0.1, test: 0.1 } });
    const count = (s: string) => [...a.values()].filter((x) => x === s).length;
    expect([count('train'), count('dev'), count('test')]).to.deep.equal([80, 10, 10]);
  });

  it('assignFolds: reproducible, group-preserving, folds balanced within one group', () => {
    const f = assignFolds(aimedIds, 10, 42, AIMED_GROUP);
    expect([...assignFolds([...aimedIds].reverse(), 10, 42, AIMED_GROUP).entries()].sort()).to.deep.equal([...f.entries()].sort());
    const groups = groupsBy(f, AIMED_GROUP);
    for (const folds of groups.values()) expect(folds.size).to.equal(1);
    const perFold = Array.from({ length: 10 }, (_, k) => [...groups.values()].filter((s) => s.has(k)).length);
    expect(Math.max(...perFold) - Math.min(...perFold)).to.be.at.most(1);
    expect(perFold.reduce((x, y) => x + y, 0)).to.equal(60);
    const g = assignFolds(aimedIds, 10, 43, AIMED_GROUP);
    expect([...g.entries()].sort()).to.not.deep.equal([...f.entries()].sort());
  });

  it('assignFolds with more folds than groups leaves some folds empty but never splits a group', () => {
    const f = assignFolds(['a_1', 'a_2', 'b_1'], 5, 1, '^(\\w)_\\d$');
    expect(f.get('a_1')).to.equal(f.get('a_2'));
    expect(() => assignFolds(['x'], 1, 1)).to.throw(/k must be an integer >= 2/);
  });
});
