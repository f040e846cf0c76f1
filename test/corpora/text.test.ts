// Input bytes that would silently change meaning (issue 15 items 2 and 4): CR-only line ends,
// invalid UTF-8, NUL bytes — through the file readers, as a user meets them.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProblemSink } from '../../src/errors.ts';
import { decodeInput, invalidUtf8Offsets } from '../../src/corpora/text.ts';
import { parsePubTator, readBiocXmlFile, readDrugProt, readPubTatorFile } from '../../src/corpora/index.ts';
import { expectInputError } from './util.ts';

const doc = (id: string) => `${id}|t|Aspirin causes ulcers.\n${id}|a|More text.\n${id}\t0\t7\tAspirin\tChemical\tD1\n${id}\t15\t21\tulcers\tDisease\tD2\n${id}\tCID\tD1\tD2\n`;
const TWO = `${doc('1')}\n${doc('2')}`;

describe('corpora/text: input decoding', () => {
  let tmp: string;
  const put = (name: string, data: string | Buffer) => {
    const p = join(tmp, name);
    writeFileSync(p, data);
    return p;
  };
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'biorex-text-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  describe('line endings (item 2)', () => {
    it('a CR-only (old Mac) PubTator file gives the same documents as its LF copy, in strict mode', async () => {
      const lf = await readPubTatorFile(put('lf.pubtator', TWO));
      const cr = await readPubTatorFile(put('cr.pubtator', TWO.replace(/\n/g, '\r')));
      expect(cr.map((d) => [d.id, d.passages.length, d.mentions.length, d.relations.length])).to.deep.equal([
        ['1', 2, 2, 1],
        ['2', 2, 2, 1],
      ]);
      const strip = (ds: typeof lf) => ds.map((d) => ({ ...d, ref: undefined, mentions: d.mentions.map((m) => ({ ...m, ref: undefined })), relations: d.relations.map((r) => ({ ...r, ref: undefined })) }));
      expect(strip(cr)).to.deep.equal(strip(lf));
      expect(cr[1].ref?.line).to.equal(7); // line numbers count CR line ends
    });

    it('CRLF is read as LF', () => {
      expect(parsePubTator(TWO.replace(/\n/g, '\r\n')).map((d) => d.relations.length)).to.deep.equal([1, 1]);
    });

    it('a lone CR inside an LF file is refused with its line (strict) and counted (lenient)', () => {
      const mixed = TWO.replace('2|t|', '\r2|t|');
      const e = (() => {
        try {
          parsePubTator(mixed, { file: 'mixed.pubtator' });
        } catch (err) {
          return err as Error & { problem: { line?: number } };
        }
        expect.fail('expected an InputError');
      })();
      expect(e.problem.line).to.equal(7);
      expect(e.message).to.contain('mixed.pubtator:7: a carriage return (CR) that is not followed by a line feed');
      const sink = new ProblemSink(true);
      expect(parsePubTator(mixed, { sink }).map((d) => d.id)).to.deep.equal(['1', '2']);
      expect(sink.skipped).to.have.length(1);
    });

    it('DrugProt TSVs with CR-only line ends are read row by row', async () => {
      const abs = put('abs.tsv', '11\tTitle one.\tAbstract one.\r12\tTitle two.\tAbstract two.\r');
      const ent = put('ent.tsv', '11\tT1\tCHEMICAL\t0\t5\tTitle\r12\tT1\tCHEMICAL\t0\t5\tTitle\r');
      const rel = put('rel.tsv', '');
      const r = await readDrugProt({ abstracts: abs, entities: ent, relations: rel }, { lenient: true });
      expect(r.documents.map((d) => [d.id, d.mentions.length])).to.deep.equal([
        ['11', 1],
        ['12', 1],
      ]);
    });
  });

  describe('invalid UTF-8 and NUL bytes (item 4)', () => {
    const badUtf8 = () => Buffer.concat([Buffer.from(doc('1') + '\n2|t|Caf'), Buffer.from([0xe9]), Buffer.from(' au lait.\n')]);

    it('strict: invalid UTF-8 is refused with file, line and byte offset', async () => {
      const file = put('latin1.pubtator', badUtf8());
      const e = await expectInputError(() => readPubTatorFile(file));
      expect(e.problem).to.include({ file, line: 7 });
      const offset = badUtf8().indexOf(0xe9);
      expect(e.message).to.contain(`not valid UTF-8: an invalid byte sequence at byte offset ${offset}`);
      expect(e.problem.fix).to.contain('UTF-8');
    });

    it('lenient: each line with bad bytes is counted and the text carries U+FFFD', async () => {
      const sink = new ProblemSink(true);
      const docs = await readPubTatorFile(put('latin1b.pubtator', badUtf8()), { sink });
      expect(docs[1].passages[0].text).to.equal('Caf\ufffd au lait.');
      expect(sink.skipped.map((p) => p.line)).to.deep.equal([7]);
    });

    it('strict: a NUL byte is refused with file, line and byte offset; lenient reads it as a space', async () => {
      const bytes = Buffer.from(`1|t|Aspirin\u0000 causes ulcers.\n`);
      const file = put('nul.pubtator', bytes);
      const e = await expectInputError(() => readPubTatorFile(file));
      expect(e.message).to.contain(`${file}:1: a NUL byte at byte offset ${bytes.indexOf(0)}`);
      const sink = new ProblemSink(true);
      const [d] = await readPubTatorFile(file, { sink });
      expect(d.passages[0].text).to.equal('Aspirin  causes ulcers.');
      expect(sink.skipped).to.have.length(1);
    });

    it('the XML readers check the bytes too', async () => {
      const file = put('bad.xml', Buffer.concat([Buffer.from('<?xml version="1.0"?>\n<collection><document><id>1</id><passage><offset>0</offset><text>x'), Buffer.from([0xff]), Buffer.from('</text></passage></document></collection>\n')]));
      const e = await expectInputError(() => readBiocXmlFile(file));
      expect(e.problem).to.include({ file, line: 2 });
      expect(e.message).to.contain('not valid UTF-8');
    });

    it('invalidUtf8Offsets agrees with the WHATWG decoder on where replacements go', () => {
      const cases = [
        [0x61, 0xc3, 0xa9, 0x62], // valid é
        [0x61, 0xe9, 0x62], // lone latin-1 byte
        [0xed, 0xa0, 0x80], // an encoded surrogate: three replacements
        [0xf0, 0x9f, 0x98], // truncated 4-byte sequence: one replacement
        [0xc0, 0xaf], // overlong: two replacements
      ];
      for (const c of cases) {
        const b = Buffer.from(c);
        const replacements = [...new TextDecoder().decode(b)].filter((ch) => ch === '\ufffd').length;
        expect(invalidUtf8Offsets(b), JSON.stringify(c)).to.have.length(replacements);
      }
      expect(decodeInput(Buffer.from('\ufeffabc'), 'x', new ProblemSink(false))).to.equal('abc');
    });
  });
});
