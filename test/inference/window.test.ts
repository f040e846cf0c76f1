import { expect } from 'chai';
import { fitWindow, lengthSortedBatches, softmaxRows, tagIdsOf, type TagIds } from '../../src/inference/index.ts';

const SEP = 3;
// <C> = 90, </C> = 91, <G> = 92, </G> = 93
const TAGS: TagIds = { start: new Set([90, 92]), end: new Set([91, 93]) };
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
/** body of `len` plain ids with `<tag> x </tag>` mentions written at the given positions */
function bodyWith(len: number, mentions: [at: number, open: number, close: number][]): number[] {
  const body = range(100, 100 + len);
  for (const [at, open, close] of mentions) {
    body[at] = open;
    body[at + 2] = close;
  }
  return body;
}

describe('inference/window: the trainer context window in JS', () => {
  it('splits tags into opening and closing ones by the `/` in their text', () => {
    const ids: Record<string, number> = { '<C>': 90, '</C>': 91, '<G>': 92, '</G>': 93 };
    const t = tagIdsOf(['<C>', '</C>', '<G>', '</G>', '<X>'], (s) => ids[s]);
    expect([...t.start]).to.deep.equal([90, 92]);
    expect([...t.end]).to.deep.equal([91, 93]);
  });

  it('leaves a text that fits untouched', () => {
    const ids = [10, 11, SEP, 12, 13];
    expect(fitWindow(ids, 5, SEP, TAGS)).to.equal(ids);
  });

  it('keeps the whole prompt and centres the body on the closest mentions of the two entities', () => {
    const prompt = [90, 50, 91, 92, 51, 93, SEP];
    // a far <C> mention at 2, a close pair <C> at 20 and <G> at 24
    const body = bodyWith(60, [[2, 90, 91], [20, 90, 91], [24, 92, 93]]);
    const out = fitWindow([...prompt, ...body], prompt.length + 12, SEP, TAGS);
    expect(out).to.have.length(prompt.length + 12);
    expect(out.slice(0, prompt.length)).to.deep.equal(prompt);
    // stretch [20, 26], centre (20+26+1)//2 = 23, window of 12 starts at 17
    expect(out.slice(prompt.length)).to.deep.equal(body.slice(17, 29));
  });

  it('keeps two half-windows when the two mentions are further apart than the room', () => {
    const prompt = [90, 50, 91, 92, 51, 93, SEP];
    const body = bodyWith(200, [[10, 90, 91], [150, 92, 93]]);
    const out = fitWindow([...prompt, ...body], prompt.length + 10, SEP, TAGS);
    expect(out).to.have.length(prompt.length + 10);
    const kept = out.slice(prompt.length);
    expect(kept.slice(0, 5)).to.include(90);
    expect(kept.slice(5)).to.include(92);
  });

  it('tells same-type entities apart by the names in the prompt', () => {
    // both entities are genes: <G> 50 </G> and <G> 51 </G>; body mentions of 50 at 5 and 30, of 51 at 40
    const prompt = [92, 50, 93, 92, 51, 93, SEP];
    const body = range(100, 160);
    for (const [at, name] of [[5, 50], [30, 50], [40, 51]]) body.splice(at, 3, 92, name, 93);
    const out = fitWindow([...prompt, ...body], prompt.length + 16, SEP, TAGS).slice(prompt.length);
    // the closest 50…51 pair is 30…42: both must be in view, the mention at 5 need not
    expect(out).to.include(50).and.to.include(51);
    expect(out.indexOf(50)).to.be.lessThan(out.indexOf(51));
  });

  it('cuts from the end when the body has no tag, and keeps the head when the prompt alone is too long', () => {
    expect(fitWindow([10, SEP, ...range(100, 120)], 6, SEP, TAGS)).to.deep.equal([10, SEP, 100, 101, 102, 103]);
    expect(fitWindow([...range(10, 30), SEP, 100], 5, SEP, TAGS)).to.deep.equal(range(10, 15));
    expect(fitWindow(range(100, 120), 4, undefined, TAGS)).to.deep.equal([100, 101, 102, 103]);
  });
});

describe('inference/session helpers', () => {
  it('batches longest first, every index once, ties in input order', () => {
    const lengths = [5, 9, 5, 1, 9, 7, 3];
    const batches = lengthSortedBatches(lengths, 3);
    expect(batches).to.deep.equal([[1, 4, 5], [0, 2, 6], [3]]);
    expect(batches.flat().sort()).to.deep.equal(range(0, 7));
    expect(() => lengthSortedBatches(lengths, 0)).to.throw(RangeError);
  });

  it('softmax rows sum to one and keep the argmax, also for large logits', () => {
    const rows = softmaxRows(new Float32Array([1, 2, 3, 1000, 1001, 999]), 2, 3);
    for (const r of rows) expect(r.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-12);
    expect(rows[0].indexOf(Math.max(...rows[0]))).to.equal(2);
    expect(rows[1].indexOf(Math.max(...rows[1]))).to.equal(1);
    expect(rows[1][1]).to.be.closeTo(1 / (Math.exp(-1) + 1 + Math.exp(-2)), 1e-12);
  });
});
