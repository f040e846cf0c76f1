// PPI-benchmark XML reader (issue 9 item 4: HPRD50 keeps its sentences).
import { expect } from 'chai';
import { ProblemSink } from '../../src/errors.ts';
import { documentText, parsePpiXml } from '../../src/corpora/index.ts';
import { loadProfile } from '../../src/harmonize/index.ts';
import { splitInstances } from '../../src/instances/index.ts';
import { expectInputError } from './util.ts';

// Two sentences, CR line ends as in the distributed HPRD50 files.
const XML = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<corpus source="TEST">',
  '  <document id="T.d0" origId="123">',
  '    <sentence charOffset="0-26" id="T.d0.s0" text="AP180 binds PLCG1 tightly.">',
  '      <entity charOffset="0-5" id="T.d0.s0.e0" text="AP180" type="pm01"/>',
  '      <entity charOffset="12-17" id="T.d0.s0.e1" text="PLCG1" type="pm02||pm03"/>',
  '      <interaction e1="T.d0.s0.e0" e2="T.d0.s0.e1" id="T.d0.s0.i0" type="PPI"/>',
  '    </sentence>',
  '    <sentence charOffset="27-44" id="T.d0.s1" text="RAS is unrelated.">',
  '      <entity charOffset="0-3" id="T.d0.s1.e0" text="RAS" type="pm04"/>',
  '    </sentence>',
  '  </document>',
  '</corpus>',
].join('\r');

describe('corpora/ppi-xml', () => {
  it('reads documents, one passage per sentence at its document offset, entities and interactions', () => {
    const [d] = parsePpiXml(XML, { file: 't.xml' });
    expect(d.id).to.equal('T.d0');
    expect(d.passages).to.deep.equal([
      { kind: 'sentence', offset: 0, text: 'AP180 binds PLCG1 tightly.' },
      { kind: 'sentence', offset: 27, text: 'RAS is unrelated.' },
    ]);
    const text = documentText(d);
    expect(d.mentions.map((m) => [m.annotationId, m.start, m.end, text.slice(m.start, m.end), m.type])).to.deep.equal([
      ['T.d0.s0.e0', 0, 5, 'AP180', 'protein'],
      ['T.d0.s0.e1', 12, 17, 'PLCG1', 'protein'],
      ['T.d0.s1.e0', 27, 30, 'RAS', 'protein'],
    ]);
    expect(d.relations.map((r) => [r.type, r.arg1, r.arg2, r.ref?.line])).to.deep.equal([['PPI', 'T.d0.s0.e0', 'T.d0.s0.e1', 7]]);
    expect(d.mentions[2].ref).to.deep.equal({ file: 't.xml', line: 10 }); // CR line ends counted
  });

  it('HPRD50 candidates are the protein pairs of one sentence (b2 over the XML sentences)', () => {
    const docs = parsePpiXml(XML);
    const { instances } = splitInstances(docs, 'train', loadProfile('HPRD50'), { view: 'harmonized', prompt: false });
    expect(instances.map((i) => [i.ids.join(' '), i.label, i.text])).to.deep.equal([['T.d0.s0.e0 T.d0.s0.e1', 'Association', '<G>AP180</G> binds <G>PLCG1</G> tightly.']]);
  });

  it('an entity offset that does not match its text, or a sentence offset that does not span its text, is an input error', async () => {
    const e1 = await expectInputError(() => parsePpiXml(XML.replace('charOffset="12-17"', 'charOffset="11-16"'), { file: 't.xml' }));
    expect(e1.message).to.match(/^t\.xml:6: document T\.d0: mention T\.d0\.s0\.e1 "PLCG1" does not match the text/);
    const e2 = await expectInputError(() => parsePpiXml(XML.replace('charOffset="27-44"', 'charOffset="27-40"'), { file: 't.xml' }));
    expect(e2.message).to.contain('t.xml:9: document T.d0: sentence T.d0.s1 has charOffset "27-40", which does not span its 17-character text');
    const sink = new ProblemSink(true);
    expect(parsePpiXml(XML.replace('e2="T.d0.s0.e1"', 'e2="T.d0.s9.e9"'), { sink })[0].relations).to.deep.equal([]);
    expect(sink.skipped[0].message).to.contain('names "T.d0.s9.e9", which no mention of the document carries');
  });

  it('a repeated document id is refused', async () => {
    const twice = XML.replace('</corpus>', XML.slice(XML.indexOf('  <document'), XML.indexOf('</corpus>')) + '</corpus>');
    const e = await expectInputError(() => parsePpiXml(twice, { file: 't.xml' }));
    expect(e.message).to.match(/^t\.xml:13: document T\.d0 appears again \(first at t\.xml:3\)/);
  });
});
