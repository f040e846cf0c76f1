import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ProblemSink } from '../../src/errors.ts';
import { parseBiocJson, parseBiocXml, parsePubTator, readBiocJsonFile, readBiocXmlFile } from '../../src/corpora/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { comparable, expectInputError } from './util.ts';

const FIX = resolve(REPO_ROOT, 'test/fixtures/corpora');
const xml = readFileSync(resolve(FIX, 'cdr.bioc.xml'), 'utf8');
const json = readFileSync(resolve(FIX, 'cdr.bioc.json'), 'utf8');
const pubtator = readFileSync(resolve(FIX, 'cdr.pubtator'), 'utf8');
const sep = ['|'];

describe('corpora/bioc', () => {
  it('BioC XML gives the same document as the PubTator copy (composite kept, individual mentions dropped)', () => {
    const fromXml = parseBiocXml(xml, { separators: sep });
    const fromPt = parsePubTator(pubtator, { separators: sep });
    expect(fromXml.map(comparable)).to.deep.equal(fromPt.map(comparable));
    expect(fromXml[0].mentions[0].annotationId).to.equal('0');
    expect(fromXml[0].mentions.some((m) => m.text === 'Ocular toxicity')).to.equal(false);
  });

  it('BioC JSON (passages without a type infon) gives the same document', () => {
    const fromJson = parseBiocJson(json, { separators: sep });
    expect(fromJson[0].passages.map((p) => p.kind)).to.deep.equal(['title', 'abstract']);
    expect(fromJson.map(comparable)).to.deep.equal(parsePubTator(pubtator, { separators: sep }).map(comparable));
  });

  it('reads files and gives lines in refs', async () => {
    const [d] = await readBiocXmlFile(resolve(FIX, 'cdr.bioc.xml'), { separators: sep });
    // the second mention is annotation 2 (annotation 1 is an individual mention, dropped)
    expect(d.mentions[1].ref).to.deep.equal({ file: resolve(FIX, 'cdr.bioc.xml'), line: xml.split('\n').indexOf("<annotation id='2'>") + 1 });
    const [j] = await readBiocJsonFile(resolve(FIX, 'cdr.bioc.json'), { separators: sep });
    expect(j.mentions[0].ref?.line).to.be.a('number');
  });

  describe('bad input', () => {
    it('offsets that do not match the text (XML): names file, line and fix', async () => {
      const bad = xml.replace("<location offset='0' length='28' />", "<location offset='1' length='28' />");
      const e = await expectInputError(() => parseBiocXml(bad, { file: 'bad.xml', separators: sep }));
      expect(e.problem.file).to.equal('bad.xml');
      expect(e.problem.line).to.equal(bad.split('\n').indexOf("<annotation id='0'>") + 1);
      expect(e.message).to.contain('does not match the text');
      expect(e.message).to.contain('Fix: correct the offsets');
      const sink = new ProblemSink(true);
      const docs = parseBiocXml(bad, { separators: sep, sink });
      expect(sink.skipped).to.have.length(1);
      expect(docs[0].mentions).to.have.length(4);
    });

    it('a truncated XML file', async () => {
      const e = await expectInputError(() => parseBiocXml(xml.slice(0, 600), { file: 'cut.xml' }));
      expect(e.message).to.match(/^cut\.xml:\d+: not well-formed XML/);
      expect(e.message).to.contain('Fix:');
    });

    it('an unknown entity type (JSON)', async () => {
      const e = await expectInputError(() => parseBiocJson(json, { file: 'bad.json', separators: sep, knownTypes: ['Chemical', 'Disease'] }));
      expect(e.message).to.contain('unknown entity type "Species"');
      expect(e.problem.line).to.be.a('number');
    });

    it('a relation naming an absent id (JSON)', async () => {
      const bad = json.replace('"Disease": "D014786"', '"Disease": "D000001"');
      const e = await expectInputError(() => parseBiocJson(bad, { file: 'bad.json', separators: sep }));
      expect(e.message).to.contain('names "D000001"');
      expect(e.problem.line).to.equal(bad.split('\n').findIndex((l) => l.includes('"R1"')) + 1);
    });

    it('empty files', async () => {
      for (const [fn, name] of [[parseBiocXml, 'e.xml'], [parseBiocJson, 'e.json']] as const) {
        const e = await expectInputError(() => fn('  \n', { file: name }));
        expect(e.message).to.match(new RegExp(`^${name.replace('.', '\\.')}:1: file is empty`));
      }
    });

    it('truncated JSON', async () => {
      const e = await expectInputError(() => parseBiocJson(json.slice(0, 300), { file: 'cut.json' }));
      expect(e.message).to.contain('not valid JSON');
    });
  });
});
