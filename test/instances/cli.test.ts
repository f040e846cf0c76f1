// `biorex data build` / `biorex data stats` end to end on the bundled Sample corpus (no downloads).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest } from '../../src/instances/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const biorex = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin/biorex.js'), ...args], { encoding: 'utf8', cwd: REPO_ROOT });

describe('cli: biorex data build / stats (Sample corpus)', function () {
  this.timeout(60_000);
  const out = mkdtempSync(join(tmpdir(), 'biorex-cli-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('build writes OUT/<corpus> with a manifest and reports the counts', async () => {
    const r = biorex('data', 'build', 'Sample', '--out', out);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/test: 12 docs, \d+ instances, \d+ positives/);
    const m = await readManifest(join(out, 'Sample'));
    expect(Object.keys(m.files)).to.deep.equal(['train', 'dev', 'test']);
    for (const f of Object.values(m.files)) expect(existsSync(join(out, 'Sample', f))).to.equal(true);
    const again = biorex('data', 'build', 'Sample', '--out', out);
    expect(again.stdout).to.include('(up to date, not rebuilt)');
  });

  it('stats --json gives one row per split with rule codes and counts', () => {
    const r = biorex('data', 'stats', 'Sample', '--json');
    expect(r.status, r.stderr).to.equal(0);
    const rows = JSON.parse(r.stdout).rows as { corpus: string; split: string; rules: string; instances: number; positives: number; relations: number }[];
    expect(rows.map((x) => x.split)).to.deep.equal(['train', 'dev', 'test']);
    for (const x of rows) {
      expect(x.rules).to.equal('a1 b1 c2 d1 e2');
      expect(x.positives).to.be.at.most(x.relations);
      expect(x.instances).to.be.greaterThan(x.positives);
    }
  });

  it('bad usage exits 1 with a message that says what to do', () => {
    const none = biorex('data', 'build', '--out', out);
    expect(none.status).to.equal(1);
    expect(none.stderr).to.match(/no corpus and no --merge given\. Fix: name corpora/);
    const unknown = biorex('data', 'stats', 'NoSuchCorpus');
    expect(unknown.status).to.equal(1);
    expect(unknown.stderr).to.match(/unknown corpus "NoSuchCorpus"/);
    const merge = biorex('data', 'stats', '--merge', 'Sample');
    expect(merge.status).to.equal(1);
    expect(merge.stderr).to.match(/names no external corpus/);
  });
});
