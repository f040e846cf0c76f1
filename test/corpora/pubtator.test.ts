import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, ProblemSink } from '../../src/errors.ts';
import { documentText, parsePubTator, readPubTatorFile, splitIds, stripTypeSuffix } from '../../src/corpora/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const FIX = resolve(REPO_ROOT, 'test/fixtures/corpora');
const good = readFileSync(resolve(FIX, 'good.pubtator'), 'utf8');

/** Runs a strict parse expected to fail and returns the error. */
function strictError(text: string, opts: Parameters<typeof parsePubTator>[1] = {}): InputError {
  try {
    parsePubTator(text, { file: 'bad.pubtator', ...opts });
  } catch (e) {
    expect(e).to.be.instanceOf(InputError);
    return e as InputError;
  }
  expect.fail('expected an InputError');
}

describe('corpora/pubtator', () => {
  it('reads titles, abstracts, mentions and relations with document-global offsets', () => {
    const docs = parsePubTator(good, { file: 'good.pubtator' });
    expect(docs.map((d) => d.id)).to.deep.equal(['1001', '1002', '1003']);
    const [d1] = docs;
    expect(d1.passages[0]).to.deep.equal({ kind: 'title', offset: 0, text: 'Aspirin|salicylate use and colorectal cancer in BRCA1 carriers.' });
    expect(d1.passages[1].kind).to.equal('abstract');
    expect(d1.passages[1].offset).to.equal(d1.passages[0].text.length + 1);
    const text = documentText(d1);
    for (const m of d1.mentions) expect(text.slice(m.start, m.end)).to.equal(m.text);
    expect(d1.mentions).to.have.length(8);
    expect(d1.mentions[0].ref).to.deep.equal({ file: 'good.pubtator', line: 3 });
  });

  it('splits only on the first two | of a text line, so a | in the title survives', () => {
    const [d1] = parsePubTator(good);
    expect(d1.passages[0].text).to.contain('Aspirin|salicylate');
  });

  it('splits composite ids on the separators but keeps tmVar ids that contain |', () => {
    const [d1, , d3] = parsePubTator(good, { separators: [',', ';'] });
    const byText = (t: string) => d1.mentions.find((m) => m.text === t)!;
    expect(byText('breast and ovarian cancer').ids).to.deep.equal(['D001943', 'D010051']);
    expect(byText('5382insC').ids).to.deep.equal(['c|INS|5382|C']);
    expect(d3.mentions[0].ids).to.deep.equal(['tmVar:p|SUB|V|600|E', 'HGVS:p.V600E', 'VariantGroup:1', 'CorrespondingGene:673']);
  });

  it('strips a trailing (qualifier) from the type', () => {
    const [d1] = parsePubTator(good);
    expect(d1.mentions.filter((m) => m.text === 'BRCA1').map((m) => m.type)).to.deep.equal(['GeneOrGeneProduct', 'GeneOrGeneProduct']);
    expect(stripTypeSuffix('Gene (Tax:9606)')).to.equal('Gene');
  });

  it('reads 5-field (novelty) and 4-field relation lines', () => {
    const [d1] = parsePubTator(good);
    expect(d1.relations.map(({ ref: _ref, ...r }) => r)).to.deep.equal([
      { type: 'Negative_Correlation', arg1: 'D001241', arg2: 'D015179', novelty: 'Novel' },
      { type: 'Positive_Correlation', arg1: 'c|INS|5382|C', arg2: 'D001943', novelty: 'No' },
      { type: 'Association', arg1: '672', arg2: 'D010051' },
    ]);
  });

  it('gives no abstract passage for an empty |a| line and reads a last document without a final blank line', () => {
    const docs = parsePubTator(good);
    expect(docs[1].passages).to.have.length(1);
    expect(docs[2].relations).to.have.length(1);
  });

  it('accepts a relation naming the gene of a tmVar variant (CorrespondingGene)', () => {
    const docs = parsePubTator(good);
    expect(docs[2].relations[0].arg2).to.equal('673');
  });

  it('tolerates CRLF line ends and gives identical documents', () => {
    const strip = (t: string) => parsePubTator(t).map((d) => JSON.stringify({ ...d, ref: undefined, mentions: d.mentions.map((m) => ({ ...m, ref: undefined })), relations: d.relations.map((r) => ({ ...r, ref: undefined })) }));
    expect(strip(good.replace(/\n/g, '\r\n'))).to.deep.equal(strip(good));
  });

  it('keeps CDR composite (7-field) mentions with all their ids', () => {
    const docs = parsePubTator(readFileSync(resolve(FIX, 'cdr.pubtator'), 'utf8'), { separators: ['|'] });
    const composite = docs[0].mentions[0];
    expect(composite.text).to.equal('Ocular and auditory toxicity');
    expect(composite.ids).to.deep.equal(['D014786', 'D006311']);
    expect(docs[0].relations.map((r) => r.arg2)).to.deep.equal(['D006311', 'D014786']);
  });

  it('splitIds drops empty parts and trims', () => {
    expect(splitIds(' D1 ; D2,,D3 ', [',', ';'])).to.deep.equal(['D1', 'D2', 'D3']);
    expect(splitIds('', [','])).to.deep.equal([]);
  });

  it('reads a file from disk and names it in refs', async () => {
    const docs = await readPubTatorFile(resolve(FIX, 'good.pubtator'));
    expect(docs[0].ref?.file).to.equal(resolve(FIX, 'good.pubtator'));
  });

  describe('bad input (strict: error names file, line and fix; lenient: skipped and counted)', () => {
    const lines = good.split('\n');

    it('a truncated mention line', () => {
      const bad = [...lines.slice(0, 3), '1001\t0\t7', ...lines.slice(3)].join('\n');
      const e = strictError(bad);
      expect(e.problem.file).to.equal('bad.pubtator');
      expect(e.problem.line).to.equal(4);
      expect(e.message).to.match(/^bad\.pubtator:4: truncated or malformed mention line/);
      expect(e.message).to.contain('Fix: complete the line');
      const sink = new ProblemSink(true);
      const docs = parsePubTator(bad, { file: 'bad.pubtator', sink });
      expect(sink.skipped).to.have.length(1);
      expect(docs[0].mentions).to.have.length(8);
    });

    it('offsets that do not match the text', () => {
      const bad = good.replace('1001\t0\t7\tAspirin', '1001\t1\t8\tAspirin');
      const e = strictError(bad);
      expect(e.problem.line).to.equal(3);
      expect(e.message).to.contain('does not match the text at 1-8');
      expect(e.message).to.contain('Fix: correct the offsets');
      const sink = new ProblemSink(true);
      const docs = parsePubTator(bad, { sink });
      expect(sink.skipped).to.have.length(1);
      expect(docs[0].mentions.map((m) => m.text)).to.not.include('Aspirin');
    });

    it('an unknown entity type when the caller gives the known types', () => {
      const known = ['ChemicalEntity', 'DiseaseOrPhenotypicFeature', 'GeneOrGeneProduct', 'SequenceVariant', 'ProteinMutation', 'Disease'];
      const bad = good.replace('1001\t0\t7\tAspirin\tChemicalEntity', '1001\t0\t7\tAspirin\tDrugThing');
      const e = strictError(bad, { knownTypes: known });
      expect(e.problem.line).to.equal(3);
      expect(e.message).to.contain('unknown entity type "DrugThing"');
      expect(e.message).to.contain("Fix: use one of the corpus's entity types");
      expect(() => parsePubTator(good, { knownTypes: known })).to.not.throw();
      const sink = new ProblemSink(true);
      parsePubTator(bad, { knownTypes: known, sink });
      expect(sink.skipped).to.have.length(1);
    });

    it('a relation naming an id no mention carries', () => {
      const bad = good.replace('1001\tAssociation\t672\tD010051', '1001\tAssociation\t672\tD999999');
      const e = strictError(bad);
      expect(e.problem.line).to.equal(13);
      expect(e.message).to.contain('names "D999999", which no mention of the document carries');
      expect(e.message).to.contain('Fix: use the concept id of a mention');
      const sink = new ProblemSink(true);
      const docs = parsePubTator(bad, { sink });
      expect(docs[0].relations).to.have.length(2);
      expect(sink.skipped).to.have.length(1);
    });

    it('an empty file', () => {
      for (const empty of ['', '\n\n', '\r\n']) {
        const e = strictError(empty);
        expect(e.message).to.match(/^bad\.pubtator:1: file is empty/);
        expect(e.message).to.contain('Fix:');
      }
      const sink = new ProblemSink(true);
      expect(parsePubTator('', { sink })).to.deep.equal([]);
      expect(sink.skipped).to.have.length(1);
    });

    it('an annotation line of another document without a blank line between', () => {
      const bad = good.replace('1001\t0\t7\tAspirin', '1009\t0\t7\tAspirin');
      const e = strictError(bad);
      expect(e.message).to.contain('line names document 1009 inside document 1001');
    });

    it('an unrecognised line', () => {
      const bad = good.replace('1002|a|', 'garbage without tabs');
      const e = strictError(bad);
      expect(e.problem.line).to.equal(16);
      expect(e.message).to.contain('unrecognised line');
      // lenient: only that line is skipped, the document keeps its mention
      const sink = new ProblemSink(true);
      const docs = parsePubTator(bad, { sink });
      expect(sink.skipped).to.have.length(1);
      expect(docs[1].mentions).to.have.length(1);
    });
  });
});
