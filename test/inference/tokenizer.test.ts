// The JS tokenizer (tokenizer.json + the ported context window) must give the ids the trainer's
// Python gives, for the same model folder and texts.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { ModelTokenizer, fitWindow, resolveModelFiles, tagIdsOf, type TagIds } from '../../src/inference/index.ts';
import { FIXTURES, describeWithTrainer, runPython, tinyModel, type TinyModel } from './tiny-model.ts';

const LONG_BODY =
  'Velotrazine lowers QORF2 expression in Marlow fever. ' +
  'In a cohort of patients the drug was given for twelve weeks and many outcomes were recorded. '.repeat(6) +
  'At the end <G>KLEM4</G> rose while <C>orbamide</C> had no effect.';

const TEXTS = [
  'What is the relation in BioRED between <C>Velotrazine</C> and <G>QORF2</G> ? [SEP] <C>Velotrazine</C> lowers <G>QORF2</G> expression.',
  // tags glued to words and punctuation, the literal [SEP], special tokens in odd places
  'anti-<G>KLEM4</G>-mediated<D>ataxia</D>; [SEP][SEP] [CLS] [UNK] [PAD] </C><C>',
  // unicode: accents (stripped by the uncased normaliser), Greek, µ, CJK, emoji, zero-width / nbsp / BOM, combining marks
  'Café naïve β-blocker 5 µg/kg ± 2 °C; 漢字 テスト Ωmega İstanbul straße 😀 x\u0301 a\u00a0b\u200bc\ufeffd tab\there',
  // long: the prompt is kept and the body is windowed around the entity tags
  `What is the relation in BioRED between <G>KLEM4</G> and <C>orbamide</C> ? [SEP] ${LONG_BODY}`,
  // long without tags: plain cut from the end
  `A plain long text. ${LONG_BODY.replace(/<\/?[CDG]>/g, '')}`,
  'a word longer than the hundred characters WordPiece accepts: ' + 'x'.repeat(120),
  '',
];

describeWithTrainer('inference/tokenizer: JS ids equal the trainer\'s Python ids', function () {
  this.timeout(240_000);
  let model: TinyModel;
  let tok: ModelTokenizer;
  let tags: TagIds;

  before(async () => {
    model = await tinyModel();
    tok = ModelTokenizer.fromDir(model.modelDir);
    const files = resolveModelFiles(model.runDir);
    tags = tagIdsOf(files.specialTokens, (t) => tok.tokenId(t));
    expect(tags.start.size).to.equal(3);
    expect(tags.end.size).to.equal(3);
  });

  it('every fixture instance text and the edge-case texts, at several max lengths (window included)', () => {
    const instanceTexts = readFileSync(model.testInstances, 'utf8').trim().split('\n').map((l) => JSON.parse(l).text as string);
    const texts = [...TEXTS, ...instanceTexts];
    // random windows too: the ported fit_window against the Python one on arbitrary id lists
    const rng = seedrandom('windows');
    const windows = Array.from({ length: 200 }, () => {
      const len = 5 + Math.floor(rng() * 60);
      // ids 90/92 open, 91/93 close a mention; names drawn from a few ids so that same-name matching matters
      const ids = Array.from({ length: len }, () => (rng() < 0.2 ? 90 + Math.floor(rng() * 4) : rng() < 0.05 ? 3 : 10 + Math.floor(rng() * (rng() < 0.5 ? 3 : 50))));
      return { ids, budget: 1 + Math.floor(rng() * len), sep: rng() < 0.8 ? 3 : null, start: [90, 92], end: [91, 93] };
    });
    const maxLengths = [12, 24, 48, 512];
    const py = JSON.parse(runPython([join(FIXTURES, 'trainer_encode.py')], { input: JSON.stringify({ model: model.modelDir, texts, max_lengths: maxLengths, windows }) })) as {
      encoded: Record<string, number[][]>;
      windows: number[][];
    };
    let cut = 0;
    for (const n of maxLengths) {
      texts.forEach((text, i) => {
        const js = tok.encode(text, n, tags);
        expect(js.ids, `max_length ${n}, text ${i}: ${JSON.stringify(text.slice(0, 50))}`).to.deep.equal(py.encoded[String(n)][i]);
        expect(js.ids.length).to.be.at.most(n);
        if (js.truncated) cut++;
      });
    }
    expect(cut, 'some texts must go through the window').to.be.greaterThan(texts.length);
    windows.forEach((w, i) => {
      expect(fitWindow(w.ids, w.budget, w.sep ?? undefined, { start: new Set(w.start), end: new Set(w.end) }), `window ${i}`).to.deep.equal(py.windows[i]);
    });
  });

  it('entity tags are single special tokens, [SEP] in the text is the separator id', () => {
    const ids = tok.encode('x <C>y</C> [SEP] z', 512, tags).ids;
    expect(ids.filter((i) => tags.start.has(i) || tags.end.has(i))).to.have.length(2);
    expect(ids.filter((i) => i === tok.sepId)).to.have.length(2); // the literal one + the closing one
  });
});
