import { expect } from 'chai';
import { mergeSpans, promptText, tagWindow } from '../../src/instances/tagging.ts';

const G = { open: '<G>', close: '</G>' };
const D = { open: '<D>', close: '</D>' };

describe('instances: tag placement', () => {
  const text = 'BRCA1 deficiency and BRCA1-associated cancer.';

  it('wraps each span once and leaves the text between spans untouched', () => {
    expect(tagWindow(text, 0, text.length, [{ start: 21, end: 26, ...G }, { start: 0, end: 5, ...G }])).to.equal(
      '<G>BRCA1</G> deficiency and <G>BRCA1</G>-associated cancer.',
    );
  });

  it('tags nested spans once, on the outer span, with the outer span’s tag', () => {
    expect(tagWindow(text, 0, text.length, [{ start: 0, end: 5, ...G }, { start: 0, end: 16, ...D }])).to.equal(
      '<D>BRCA1 deficiency</D> and BRCA1-associated cancer.',
    );
    expect(tagWindow(text, 0, text.length, [{ start: 21, end: 44, ...D }, { start: 21, end: 26, ...G }, { start: 38, end: 44, ...D }])).to.equal(
      'BRCA1 deficiency and <D>BRCA1-associated cancer</D>.',
    );
  });

  it('merges crossing spans into their union (never interleaved tags)', () => {
    expect(mergeSpans([{ start: 6, end: 20, ...D }, { start: 0, end: 10, ...G }])).to.deep.equal([{ start: 0, end: 20, ...G }]);
    expect(tagWindow('abcdefghijklmnopqrstuvwxyz', 0, 26, [{ start: 6, end: 20, ...D }, { start: 0, end: 10, ...G }])).to.equal(
      '<G>abcdefghijklmnopqrst</G>uvwxyz',
    );
  });

  it('works on a window of the document (sentence level), clipping nothing inside it', () => {
    const doc = 'First sentence. BRCA1 binds BARD1. Last.';
    expect(tagWindow(doc, 16, 34, [{ start: 16, end: 21, ...G }, { start: 28, end: 33, ...G }, { start: 0, end: 5, ...D }])).to.equal(
      '<G>BRCA1</G> binds <G>BARD1</G>.',
    );
  });

  it('writes the Figure 3 prompt', () => {
    expect(promptText('BioRED', { name: 'anxiety', ...D }, { name: 'beta-adrenergic receptors', ...G })).to.equal(
      'What is the relation in BioRED between <D>anxiety</D> and <G>beta-adrenergic receptors</G> ? [SEP] ',
    );
  });
});
