import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findCorpus, loadRegistry, parseRegistry } from '../../src/corpora/index.ts';
import { describeWithCorpora, SHARED_CORPORA } from '../helpers/shared.ts';
import { expectInputError } from './util.ts';

const NINE = ['BioRED', 'BC5CDR', 'DDI', 'DrugProt', 'AIMed', 'HPRD50', 'EMU', 'PharmGKB', 'DisGeNET'];

describe('corpora/registry', () => {
  const reg = loadRegistry();

  it('lists the nine corpora of the study and the bundled sample', () => {
    expect(reg.corpora.map((c) => c.name)).to.deep.equal([...NINE, 'Sample', 'SampleDDI', 'SampleGDA']);
    expect(findCorpus('Sample', reg).origin).to.equal('bundled');
    for (const n of NINE) expect(findCorpus(n, reg).origin).to.equal('download');
  });

  it('gives every downloadable file a checksum, a size and at least one source, each marked official or mirror', () => {
    for (const c of reg.corpora.filter((x) => x.origin === 'download'))
      for (const f of c.files) {
        expect(f.sha256, `${c.name}/${f.path}`).to.match(/^[0-9a-f]{64}$/);
        expect(f.bytes, `${c.name}/${f.path}`).to.be.a('number');
        expect(f.sources.length, `${c.name}/${f.path}`).to.be.greaterThan(0);
      }
  });

  it('has official splits where the corpora define them and seeded splits (plus 10 folds for AIMed/HPRD50) elsewhere', () => {
    const kind = (n: string) => findCorpus(n, reg).splits;
    for (const n of ['BioRED', 'BC5CDR']) expect(Object.keys((kind(n) as { sets: object }).sets)).to.deep.equal(['train', 'dev', 'test']);
    for (const n of ['DDI', 'DrugProt']) expect(Object.keys((kind(n) as { sets: object }).sets)).to.deep.equal(['train', 'test']);
    for (const n of ['AIMed', 'HPRD50', 'EMU', 'PharmGKB', 'DisGeNET']) {
      const s = kind(n);
      expect(s.kind).to.equal('random');
      if (s.kind === 'random') {
        expect(s.fractions).to.deep.equal({ train: 0.8, test: 0.2 });
        expect(s.seed).to.not.equal(undefined);
        expect(Boolean(s.folds)).to.equal(n === 'AIMed' || n === 'HPRD50');
      }
    }
    expect((kind('AIMed') as { group?: string }).group).to.equal('^(AIMed_d\\d+)_\\d+$');
    expect((kind('DisGeNET') as { group?: string }).group).to.equal('^(\\d+)\\d{4}$');
  });

  it('finds corpora by alias, case-insensitively, and names the known ones for an unknown name', async () => {
    expect(findCorpus('cdr', reg).name).to.equal('BC5CDR');
    expect(findCorpus('biored', reg).name).to.equal('BioRED');
    const e = await expectInputError(() => findCorpus('NoSuch', reg));
    expect(e.message).to.contain('unknown corpus "NoSuch"');
    expect(e.message).to.contain('Fix: use one of: BioRED, BC5CDR');
  });

  it('rejects an invalid registry naming the path of the bad entry', async () => {
    const raw = JSON.parse(readFileSync(reg.source, 'utf8'));
    raw.corpora[2].files[0].sha256 = 'not-a-hash';
    const e = await expectInputError(() => parseRegistry(raw, 'test-registry.json'));
    expect(e.message).to.match(/^test-registry\.json: invalid corpus registry at corpora\.2\.files\.0\.sha256/);
    const raw2 = JSON.parse(readFileSync(reg.source, 'utf8'));
    raw2.corpora[0].splits.sets.train.files = ['Nope.PubTator'];
    const e2 = await expectInputError(() => parseRegistry(raw2, 'r.json'));
    expect(e2.message).to.contain('split file "Nope.PubTator" is not in its files list');
    const raw3 = JSON.parse(readFileSync(reg.source, 'utf8'));
    raw3.corpora[4].splits.group = '(unclosed';
    const e3 = await expectInputError(() => parseRegistry(raw3, 'r.json'));
    expect(e3.message).to.contain('not a valid regular expression');
  });
});

describeWithCorpora('corpora/registry against ../shared/corpora/MANIFEST.json', () => {
  it('every registered file has the sha256 and size of the mirror copy, at the mirror layout path', () => {
    const manifest: { file: string; sha256: string; bytes: number; complete: boolean }[] = JSON.parse(readFileSync(resolve(SHARED_CORPORA, 'MANIFEST.json'), 'utf8'));
    const byFile = new Map(manifest.map((m) => [m.file, m]));
    const reg = loadRegistry();
    let n = 0;
    for (const c of reg.corpora.filter((x) => x.origin === 'download'))
      for (const f of c.files) {
        const m = byFile.get(`${c.folder}/${f.path}`);
        expect(m, `${c.folder}/${f.path} in MANIFEST`).to.not.equal(undefined);
        expect(f.sha256).to.equal(m!.sha256);
        expect(f.bytes).to.equal(m!.bytes);
        expect(f.complete).to.equal(m!.complete);
        n++;
      }
    expect(n).to.equal(manifest.length);
  });
});
