import { expect } from 'chai';
import { resolve } from 'node:path';
import { ProblemSink } from '../../src/errors.ts';
import { documentText, parseDdiXml, readDdiZip } from '../../src/corpora/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { expectInputError } from './util.ts';

const ZIP = resolve(REPO_ROOT, 'test/fixtures/corpora/ddi-mini.zip');
const TRAIN = ['DDICorpus/Train/DrugBank', 'DDICorpus/Train/MedLine'];
const TEST = ['DDICorpus/Test/Test for DDI Extraction task/DrugBank', 'DDICorpus/Test/Test for DDI Extraction task/MedLine'];

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<document id="D.d1">
  <sentence id="D.d1.s0" text="Warfarin and aspirin.">
    <entity id="D.d1.s0.e0" charOffset="0-7" type="drug" text="Warfarin"/>
    <entity id="D.d1.s0.e1" charOffset="13-19" type="drug" text="aspirin"/>
    <pair id="D.d1.s0.p0" e1="D.d1.s0.e0" e2="D.d1.s0.e1" ddi="true" type="advise"/>
  </sentence>
</document>
`;

describe('corpora/ddi', () => {
  it('reads the documents of the chosen folders inside the zip, one passage per sentence', async () => {
    const docs = await readDdiZip(ZIP, TRAIN);
    expect(docs.map((d) => d.id)).to.deep.equal(['DDI-DrugBank.d1', 'DDI-MedLine.d2']);
    const d = docs[0];
    expect(d.passages.map((p) => p.kind)).to.deep.equal(['sentence', 'sentence']);
    expect(d.passages[1].offset).to.equal(d.passages[0].text.length + 1);
    const text = documentText(d);
    for (const m of d.mentions) expect(text.slice(m.start, m.end)).to.equal(m.text);
    // XML entities decoded; inclusive charOffset end
    expect(d.passages[0].text).to.equal('Warfarin & aspirin increase "bleeding" risk.');
    expect(d.mentions[0]).to.include({ start: 0, end: 8, text: 'Warfarin', annotationId: 'DDI-DrugBank.d1.s0.e0' });
    expect((await readDdiZip(ZIP, TEST)).map((x) => x.id)).to.deep.equal(['DDI-DrugBank.d9']);
  });

  it('gives a discontinuous entity one mention per fragment with the same id', async () => {
    const [d] = await readDdiZip(ZIP, TRAIN);
    const frags = d.mentions.filter((m) => m.annotationId === 'DDI-DrugBank.d1.s1.e0');
    expect(frags.map((m) => m.text)).to.deep.equal(['Beta-', 'blockers']);
    expect(frags.every((m) => m.ids[0] === 'DDI-DrugBank.d1.s1.e0')).to.equal(true);
  });

  it('keeps only ddi="true" pairs as relations, typed by the type attribute', async () => {
    const docs = await readDdiZip(ZIP, TRAIN);
    expect(docs.flatMap((d) => d.relations.map((r) => [r.type, r.arg1, r.arg2]))).to.deep.equal([
      ['effect', 'DDI-DrugBank.d1.s0.e0', 'DDI-DrugBank.d1.s0.e1'],
      ['mechanism', 'DDI-MedLine.d2.s0.e0', 'DDI-MedLine.d2.s0.e1'],
    ]);
  });

  describe('bad input', () => {
    it('offsets that do not match the text: names the member, line and fix', async () => {
      const e = await expectInputError(() => parseDdiXml(XML.replace('charOffset="13-19"', 'charOffset="12-18"'), { file: 'x.zip!d1.xml' }));
      expect(e.problem.file).to.equal('x.zip!d1.xml');
      expect(e.problem.line).to.equal(5);
      expect(e.message).to.contain('does not match the text');
    });

    it('a pair naming an absent entity', async () => {
      const e = await expectInputError(() => parseDdiXml(XML.replace('e2="D.d1.s0.e1"', 'e2="D.d1.s0.e7"'), { file: 'd1.xml' }));
      expect(e.problem.line).to.equal(6);
      expect(e.message).to.contain('names "D.d1.s0.e7"');
      const sink = new ProblemSink(true);
      const [d] = parseDdiXml(XML.replace('e2="D.d1.s0.e1"', 'e2="D.d1.s0.e7"'), { sink });
      expect(d.relations).to.deep.equal([]);
      expect(sink.skipped).to.have.length(1);
    });

    it('an unknown entity type and a malformed charOffset', async () => {
      const e = await expectInputError(() => parseDdiXml(XML, { file: 'd1.xml', knownTypes: ['brand'] }));
      expect(e.message).to.contain('unknown entity type "drug"');
      const e2 = await expectInputError(() => parseDdiXml(XML.replace('charOffset="0-7"', 'charOffset="0-"'), { file: 'd1.xml' }));
      expect(e2.problem.line).to.equal(4);
      expect(e2.message).to.contain('malformed charOffset');
    });

    it('a truncated XML file and an empty one', async () => {
      const e = await expectInputError(() => parseDdiXml(XML.slice(0, 200), { file: 'cut.xml' }));
      expect(e.message).to.match(/^cut\.xml:\d+: not well-formed XML/);
      const e2 = await expectInputError(() => parseDdiXml('', { file: 'empty.xml' }));
      expect(e2.message).to.match(/^empty\.xml:1: file is empty/);
    });

    it('folders with no documents in the zip', async () => {
      const e = await expectInputError(() => readDdiZip(ZIP, ['DDICorpus/Nope']));
      expect(e.message).to.contain('no XML documents under DDICorpus/Nope');
    });
  });
});
