import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeWithCorpora, REPO_ROOT, SHARED_CORPORA } from '../helpers/shared.ts';

function biorex(...args: string[]) {
  const r = spawnSync(process.execPath, [resolve(REPO_ROOT, 'bin/biorex.js'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, BIOREX_DATA: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cli: biorex data list / fetch', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'biorex-cli-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('data list --json reports every registered file, missing in an empty root', () => {
    const r = biorex('data', 'list', '--json', '--root', root);
    expect(r.code, r.err).to.equal(0);
    const parsed = JSON.parse(r.out) as { root: string; files: { corpus: string; state: string; bundled: boolean; note: string }[] };
    expect(parsed.root).to.equal(root);
    const downloadable = parsed.files.filter((f) => !f.bundled);
    expect(new Set(downloadable.map((f) => f.corpus)).size).to.equal(11); // the nine of the study, DrugCombo and GDA
    expect(downloadable.every((f) => f.state === 'missing')).to.equal(true);
    const sample = parsed.files.filter((f) => f.bundled);
    for (const f of sample) expect(f.state).to.equal(existsSync(resolve(REPO_ROOT, 'data/sample/train.pubtator')) ? 'present' : 'missing');
  });

  it('an unknown corpus is an error that lists the known ones (exit 1)', () => {
    const r = biorex('data', 'fetch', '--root', root, 'NoSuchCorpus');
    expect(r.code).to.equal(1);
    expect(r.err).to.contain('unknown corpus "NoSuchCorpus"');
    expect(r.err).to.contain('BioRED');
  });
});

describeWithCorpora('cli: biorex data fetch --from ../shared/corpora', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'biorex-cli-fetch-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('copies a corpus, then data list shows it present', () => {
    const f = biorex('data', 'fetch', '--from', SHARED_CORPORA, '--root', root, 'HPRD50');
    expect(f.code, f.err).to.equal(0);
    expect(f.out).to.contain('3 copied');
    const l = biorex('data', 'list', '--root', root, 'HPRD50');
    expect(l.code).to.equal(0);
    expect(l.out).to.match(/HPRD50\s+hprd50_bioc\.PubTator\s+present/);
    expect(l.out).to.contain('3 present, 0 missing, 0 corrupt');
  });
});
