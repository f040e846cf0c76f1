import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { findCorpus, loadRegistry, parseRegistry } from '../../src/corpora/index.ts';
import { describeWithCorpora, mirrorManifest } from '../helpers/shared.ts';
import { expectInputError } from './util.ts';

const NINE = ['BioRED', 'BC5CDR', 'DDI', 'DrugProt', 'AIMed', 'HPRD50', 'EMU', 'PharmGKB', 'DisGeNET'];

describe('corpora/registry', () => {
  const reg = loadRegistry();

  it('lists the nine corpora of the study, the bundled sample and the two unseen tasks of Tables 5 and 6', () => {
    expect(reg.corpora.map((c) => c.name)).to.deep.equal([...NINE, 'Sample', 'SampleDDI', 'SampleGDA', 'DrugCombo', 'GDA']);
    for (const n of ['DrugCombo', 'GDA']) expect(findCorpus(n, reg).origin).to.equal('download');
    expect(findCorpus('renet', reg).name).to.equal('GDA');
    expect(findCorpus('Sample', reg).origin).to.equal('bundled');
    for (const n of NINE) expect(findCorpus(n, reg).origin).to.equal('download');
  });

  it('gives every downloadable file a checksum (or says why it is pending), a size and at least one source', () => {
    for (const c of reg.corpora.filter((x) => x.origin === 'download'))
      for (const f of c.files) {
        expect(f.sources.length, `${c.name}/${f.path}`).to.be.greaterThan(0);
        if (f.checksumPending) {
          expect(c.name).to.equal('GDA'); // not on this machine: no checksum to register yet (next test)
          continue;
        }
        expect(f.sha256, `${c.name}/${f.path}`).to.match(/^[0-9a-f]{64}$/);
        expect(f.bytes, `${c.name}/${f.path}`).to.be.a('number');
      }
  });

  it('records the official source of GDA and why its checksums are pending; a file cannot have both', async () => {
    const gda = findCorpus('GDA', reg);
    expect(gda.files.map((f) => f.path)).to.deep.equal(['training_data', 'testing_data'].flatMap((d) => ['abstracts.txt', 'anns.txt', 'labels.csv'].map((n) => `${d}/${n}`)));
    for (const f of gda.files) {
      expect(f.sha256).to.equal(undefined);
      expect(f.checksumPending).to.match(/prints its sha256/);
      expect(f.sources).to.deep.include({ url: 'https://bitbucket.org/alexwuhkucs/gda-extraction/get/fd4a7409365e.zip', kind: 'official', member: f.path, note: f.sources[0].note });
    }
    const raw = JSON.parse(readFileSync(reg.source, 'utf8'));
    const j = raw.corpora.findIndex((c: { name: string }) => c.name === 'DrugCombo');
    raw.corpora[j].files[0].checksumPending = 'x';
    const e2 = await expectInputError(() => parseRegistry(raw, 'r.json'));
    expect(e2.message).to.contain('corpus DrugCombo: file "final_train_set.jsonl" has a sha256 and a checksumPending note');
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

describeWithCorpora('corpora/registry against ../shared/corpora/MANIFEST.json (and drugcombo/MANIFEST.json)', () => {
  it('every registered file has the sha256 and size of the mirror copy, at the mirror layout path', () => {
    const manifest = mirrorManifest();
    const byFile = new Map(manifest.map((m) => [m.file, m]));
    const reg = loadRegistry();
    let n = 0;
    for (const c of reg.corpora.filter((x) => x.origin === 'download'))
      for (const f of c.files) {
        if (f.checksumPending) continue; // not in the mirror (GDA)
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
