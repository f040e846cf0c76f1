// Interrupted instance builds leave no temporary files (issue 15 item 13; src/files.ts): removed on exit, on
// SIGINT / SIGTERM, and — after kill -9 — by the next build in the same folder.
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCorpusSet, clearCorpusCache } from '../../src/instances/index.ts';
import { tempFilesIn, tempPathFor } from '../../src/files.ts';
import { fixtureCorpora } from '../fixtures/instances/corpora.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const IO = pathToFileURL(join(REPO_ROOT, 'src/instances/io.ts')).href;

/** A child that opens a JSONL writer in `dir`, writes a line, says "ready", then does `then`. */
function writerChild(dir: string, then: string) {
  const script = join(dir, 'child.mts'); // .mts: an ES module outside the package
  writeFileSync(
    script,
    `import { JsonlWriter } from ${JSON.stringify(IO)};
const w = await JsonlWriter.open(${JSON.stringify(join(dir, 'out', 'train.jsonl'))});
await w.add('{"id":1}');
console.log('ready');
${then}`,
  );
  return spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(child: ReturnType<typeof spawn>): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
}

function ready(child: ReturnType<typeof spawn>): Promise<void> {
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && res());
    child.on('exit', () => rej(new Error(`child exited before it was ready: ${err}`)));
  });
}

describe('instances: temporary files of interrupted builds', function () {
  this.timeout(60_000);
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'biorex-tmp-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('are removed when the process exits early (process.exit)', async () => {
    const c = writerChild(tmp, 'process.exit(3);');
    await ready(c);
    expect(await exited(c)).to.deep.equal({ code: 3, signal: null });
    expect(tempFilesIn(join(tmp, 'out'))).to.deep.equal([]);
  });

  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    it(`are removed on ${sig}, and the process still dies of the signal`, async () => {
      const c = writerChild(tmp, 'setInterval(() => {}, 1000);');
      await ready(c);
      expect(tempFilesIn(join(tmp, 'out'))).to.have.length(1);
      c.kill(sig);
      expect(await exited(c)).to.deep.equal({ code: null, signal: sig });
      expect(tempFilesIn(join(tmp, 'out'))).to.deep.equal([]);
    });

  it('after kill -9, the next build removes the stale ones of this host and keeps the others', async () => {
    const c = writerChild(tmp, 'setInterval(() => {}, 1000);');
    await ready(c);
    c.kill('SIGKILL');
    await exited(c);
    const out = join(tmp, 'out');
    const [killed] = tempFilesIn(out);
    expect(killed).to.match(/^train\.jsonl\.tmp-.+-\d+-[a-z0-9]+$/);
    // a file of an earlier version (no host) of a dead process, one of a live process, one of another host
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const mine = basename(tempPathFor(join(out, 'x')));
    const legacy = `dev.jsonl.tmp-${dead}-abcd1234`;
    const alive = mine.replace(/^x/, 'test.jsonl').replace(/-\d+-([a-z0-9]+)$/, `-${process.ppid}-$1`); // a live process other than this one
    const otherHost = `test.jsonl.tmp-some-other-host-${dead}-abcd1234`;
    for (const n of [legacy, alive, otherHost]) writeFileSync(join(out, n), 'x');
    const { root, registry } = fixtureCorpora();
    try {
      // the stale files are swept when the build opens its first file in the folder
      mkdirSync(out, { recursive: true });
      await buildCorpusSet({ corpus: 'BioRED', root, out, registry, force: true });
      expect(tempFilesIn(out).sort()).to.deep.equal([alive, otherHost].sort());
    } finally {
      rmSync(root, { recursive: true, force: true });
      clearCorpusCache();
    }
  });
});
