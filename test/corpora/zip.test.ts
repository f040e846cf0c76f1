// Zip archives (issue 15 items 9 and 14): uncompressed sizes are capped before anything is inflated,
// and every failure names the archive (and member) with a fix.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDdiZip, ZIP_LIMITS } from '../../src/corpora/index.ts';
import { readZipMembers } from '../../src/corpora/zip.ts';
import { makeZip, writeZipBomb } from '../helpers/hostile.ts';
import { expectInputError } from './util.ts';

const DDI_DOC = '<?xml version="1.0"?><document id="d1"><sentence id="d1.s0" text="Aspirin and warfarin."><entity id="d1.s0.e0" charOffset="0-6" type="drug" text="Aspirin"/></sentence></document>';

describe('corpora/zip: bounded reading', () => {
  let tmp: string;
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'biorex-zip-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('a zip bomb (a member declaring more than the cap) is refused before it is inflated, naming archive and member', async () => {
    const zip = join(tmp, 'bomb.zip');
    await writeZipBomb(zip, { member: 'DDICorpus/Train/DrugBank/bomb.xml', bytes: ZIP_LIMITS.maxMemberBytes + 1024 * 1024 });
    expect(readFileSync(zip).length).to.be.below(100_000); // ~17 MB inflated from a few kB
    const e = await expectInputError(() => readDdiZip(zip, ['DDICorpus/Train/DrugBank']));
    expect(e.problem.file).to.equal(`${zip}!DDICorpus/Train/DrugBank/bomb.xml`);
    expect(e.message).to.match(/zip member declares 17 MB uncompressed .* more than the 16 MB allowed \(ZIP_LIMITS\.maxMemberBytes\): a zip bomb/);
    expect(e.problem.fix).to.contain('ZIP_LIMITS');
  });

  it('the total of the members read is capped too', async () => {
    const zip = join(tmp, 'many.zip');
    writeFileSync(zip, makeZip(Array.from({ length: 5 }, (_, i) => ({ name: `DDICorpus/Train/DrugBank/m${i}.xml`, data: Buffer.alloc(300_000, 0x20) }))));
    const e = await expectInputError(() => readZipMembers(zip, () => true, { maxMemberBytes: 1_000_000, maxTotalBytes: 1_000_000 }));
    expect(e.problem.file).to.equal(zip);
    expect(e.message).to.contain('the 5 members to read declare 1.4 MB uncompressed, more than the 1000000 bytes allowed (ZIP_LIMITS.maxTotalBytes)');
  });

  it('a member whose data is longer than its header declares stops at the declared size', async () => {
    const zip = join(tmp, 'liar.zip');
    const bytes = makeZip([{ name: 'DDICorpus/Train/DrugBank/liar.xml', data: Buffer.from(DDI_DOC) }]);
    // declare 10 bytes in the local and the central header
    bytes.writeUInt32LE(10, 22);
    bytes.writeUInt32LE(10, bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    writeFileSync(zip, bytes);
    const e = await expectInputError(() => readDdiZip(zip, ['DDICorpus/Train/DrugBank']));
    expect(e.problem.file).to.equal(`${zip}!DDICorpus/Train/DrugBank/liar.xml`);
    expect(e.message).to.contain('cannot read the zip member');
  });

  it('a file that is not a zip, or a truncated one, names the archive and says to fetch it again', async () => {
    const notZip = join(tmp, 'not.zip');
    writeFileSync(notZip, 'this is not a zip archive');
    const e1 = await expectInputError(() => readDdiZip(notZip, ['DDICorpus/Train']));
    expect(e1.message).to.match(/not\.zip: cannot open the zip archive: .*central directory.*\. Fix: fetch the archive again/);
    const good = makeZip([{ name: 'DDICorpus/Train/DrugBank/a.xml', data: Buffer.from(DDI_DOC) }]);
    const cut = join(tmp, 'cut.zip');
    writeFileSync(cut, good.subarray(0, good.length - 30));
    const e2 = await expectInputError(() => readDdiZip(cut, ['DDICorpus/Train']));
    expect(e2.problem.file).to.equal(cut);
  });

  it('a well-formed archive is read member by member, sorted by name', async () => {
    const zip = join(tmp, 'ok.zip');
    writeFileSync(zip, makeZip(['b', 'a'].map((n) => ({ name: `DDICorpus/Train/DrugBank/${n}.xml`, data: Buffer.from(DDI_DOC.replace(/d1/g, `doc-${n}`)) }))));
    const docs = await readDdiZip(zip, ['DDICorpus/Train/DrugBank'], { knownTypes: ['drug'] });
    expect(docs.map((d) => d.id)).to.deep.equal(['doc-a', 'doc-b']);
  });
});
