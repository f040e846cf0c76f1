import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fetchCorpora, listCorpora, parseRegistry, type Registry } from '../../src/corpora/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const A = Buffer.from('alpha beta gamma\n'.repeat(4000)); // 68 KB
const B = Buffer.from('second file\n'.repeat(50));
const ZIP = readFileSync(resolve(REPO_ROOT, 'test/fixtures/corpora/ddi-mini.zip'));
const MEMBER = 'DDICorpus/Train/MedLine/d2.xml';

/** A tiny HTTP server with Range support; `cutNext` makes the next response stop half-way. */
class TestServer {
  server!: Server;
  base = '';
  requests: { path: string; range?: string }[] = [];
  cutNext = new Set<string>();
  files = new Map<string, Buffer>([
    ['/a.txt', A],
    ['/b.txt', B],
    ['/mini.zip', ZIP],
  ]);
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      this.requests.push({ path, range: req.headers.range });
      const body = this.files.get(path);
      if (!body) {
        res.writeHead(404).end('not found');
        return;
      }
      const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const from = m ? Number(m[1]) : 0;
      if (from >= body.length && m) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      const chunk = body.subarray(from);
      res.writeHead(m ? 206 : 200, {
        'content-length': String(chunk.length),
        ...(m ? { 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}),
      });
      if (this.cutNext.delete(path)) {
        // send half, give the client time to write it, then drop the connection
        res.write(chunk.subarray(0, Math.floor(chunk.length / 2)), () => setTimeout(() => res.destroy(), 150));
        return;
      }
      res.end(chunk);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

function fakeRegistry(base: string, overrides: Partial<Record<'a' | 'b' | 'm', object>> = {}): Registry {
  return parseRegistry({
    version: 1,
    corpora: [
      {
        name: 'Fake',
        folder: 'fake',
        origin: 'download',
        title: 'fake',
        homepage: '',
        licence: '',
        idSeparators: [','],
        splits: { kind: 'official', sets: { train: { format: 'pubtator', files: ['a.txt'] } } },
        files: [
          { path: 'a.txt', role: 'train', sha256: sha(A), bytes: A.length, complete: true, note: 'file a', sources: [{ url: `${base}/a.txt`, kind: 'official' }], ...overrides.a },
          { path: 'sub/b.txt', role: 'doc', sha256: sha(B), bytes: B.length, complete: false, note: 'file b', sources: [{ url: `${base}/b.txt`, kind: 'mirror' }], ...overrides.b },
        ],
      },
      {
        name: 'Zipped',
        folder: 'zipped',
        origin: 'download',
        title: 'zip member',
        homepage: '',
        licence: '',
        idSeparators: [','],
        splits: { kind: 'official', sets: {} },
        files: [{ path: 'd2.xml', role: 'train', sha256: '0'.repeat(64), complete: true, note: '', sources: [{ url: `${base}/mini.zip`, kind: 'official', member: MEMBER }], ...overrides.m }],
      },
    ],
  });
}

describe('corpora/fetch and list', () => {
  const server = new TestServer();
  let tmp: string;
  let mirror: string;
  before(async () => {
    await server.start();
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'biorex-fetch-'));
    mirror = join(tmp, 'mirror');
    mkdirSync(join(mirror, 'fake', 'sub'), { recursive: true });
    writeFileSync(join(mirror, 'fake', 'a.txt'), A);
    writeFileSync(join(mirror, 'fake', 'sub', 'b.txt'), B);
    server.requests = [];
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const root = () => join(tmp, 'data');

  it('copies from a local mirror, verifies, and a re-run is a no-op', async () => {
    const registry = fakeRegistry(server.base);
    const first = await fetchCorpora({ root: root(), from: mirror, corpora: ['Fake'], registry });
    expect(first.map((r) => r.action)).to.deep.equal(['copied', 'copied']);
    expect(readFileSync(join(root(), 'fake/sub/b.txt'))).to.deep.equal(B);
    const list = await listCorpora({ root: root(), registry, corpora: ['Fake'] });
    expect(list.map((s) => [s.path, s.state, s.bytes])).to.deep.equal([
      ['a.txt', 'present', A.length],
      ['sub/b.txt', 'present', B.length],
    ]);
    expect(list[1].complete).to.equal(false);
    const mtime = statSync(join(root(), 'fake/a.txt')).mtimeMs;
    const second = await fetchCorpora({ root: root(), from: mirror, corpora: ['Fake'], registry });
    expect(second.map((r) => r.action)).to.deep.equal(['verified', 'verified']);
    expect(statSync(join(root(), 'fake/a.txt')).mtimeMs).to.equal(mtime);
  });

  it('lists missing and corrupt files, and fetch replaces a corrupt one', async () => {
    const registry = fakeRegistry(server.base);
    expect((await listCorpora({ root: root(), registry, corpora: ['Fake'] })).map((s) => s.state)).to.deep.equal(['missing', 'missing']);
    await fetchCorpora({ root: root(), from: mirror, corpora: ['Fake'], registry });
    const damaged = Buffer.from(A);
    damaged[10] = 0x21; // same size, different bytes
    writeFileSync(join(root(), 'fake/a.txt'), damaged);
    const [a] = await listCorpora({ root: root(), registry, corpora: ['Fake'] });
    expect(a.state).to.equal('corrupt');
    expect(a.actualSha256).to.equal(sha(damaged));
    const again = await fetchCorpora({ root: root(), from: mirror, corpora: ['Fake'], registry });
    expect(again[0]).to.include({ action: 'copied', replaced: true });
    expect(readFileSync(join(root(), 'fake/a.txt'))).to.deep.equal(A);
  });

  it('a checksum mismatch is an error naming the file, both hashes and the fix, and leaves no file behind', async () => {
    writeFileSync(join(mirror, 'fake', 'a.txt'), Buffer.concat([A, Buffer.from('extra')]));
    const registry = fakeRegistry(server.base);
    const [a] = await fetchCorpora({ root: root(), from: mirror, corpora: ['Fake'], registry });
    expect(a.action).to.equal('failed');
    const msg = a.attempts.join('\n');
    expect(msg).to.contain(join(root(), 'fake/a.txt'));
    expect(msg).to.contain(`expected sha256 ${sha(A)}`);
    expect(msg).to.contain(`got ${sha(Buffer.concat([A, Buffer.from('extra')]))}`);
    expect(msg).to.contain('Fix:');
    expect(existsSync(join(root(), 'fake/a.txt'))).to.equal(false);
    expect(existsSync(join(root(), 'fake/a.txt.part'))).to.equal(false);
  });

  it('a file absent from the mirror fails with the expected mirror path', async () => {
    rmSync(join(mirror, 'fake', 'sub', 'b.txt'));
    const r = await fetchCorpora({ root: root(), from: mirror, corpora: ['Fake'], registry: fakeRegistry(server.base) });
    expect(r[1].action).to.equal('failed');
    expect(r[1].attempts[0]).to.contain('not in the mirror');
  });

  it('downloads over HTTP and verifies', async () => {
    const r = await fetchCorpora({ root: root(), corpora: ['Fake'], registry: fakeRegistry(server.base) });
    expect(r.map((x) => x.action)).to.deep.equal(['downloaded', 'downloaded']);
    expect(readFileSync(join(root(), 'fake/a.txt'))).to.deep.equal(A);
  });

  it('an interrupted download leaves only a .part, and the next run resumes it with a Range request', async () => {
    const registry = fakeRegistry(server.base);
    server.cutNext.add('/a.txt');
    const first = await fetchCorpora({ root: root(), corpora: ['Fake'], registry });
    expect(first[0].action).to.equal('failed');
    expect(existsSync(join(root(), 'fake/a.txt'))).to.equal(false);
    const partSize = statSync(join(root(), 'fake/a.txt.part')).size;
    expect(partSize).to.be.greaterThan(0).and.lessThan(A.length);
    const listed = await listCorpora({ root: root(), registry, corpora: ['Fake'] });
    expect(listed[0]).to.include({ state: 'missing', partial: true });

    server.requests = [];
    const second = await fetchCorpora({ root: root(), corpora: ['Fake'], registry });
    expect(second[0].action).to.equal('downloaded');
    expect(server.requests.find((q) => q.path === '/a.txt')?.range).to.equal(`bytes=${partSize}-`);
    expect(readFileSync(join(root(), 'fake/a.txt'))).to.deep.equal(A);
    expect(existsSync(join(root(), 'fake/a.txt.part'))).to.equal(false);
  });

  it('falls back to the next source when one fails', async () => {
    const registry = fakeRegistry(server.base, {
      a: { sources: [{ url: `${server.base}/gone.txt`, kind: 'official' }, { url: `${server.base}/a.txt`, kind: 'mirror' }] },
    });
    const [a] = await fetchCorpora({ root: root(), corpora: ['Fake'], registry });
    expect(a.action).to.equal('downloaded');
    expect(a.source).to.equal(`${server.base}/a.txt`);
    expect(a.attempts[0]).to.contain('HTTP 404');
  });

  it('extracts a member from a downloaded zip archive and removes the archive afterwards', async () => {
    const { readZipMembers } = await import('../../src/corpora/zip.ts');
    const [member] = await readZipMembers(resolve(REPO_ROOT, 'test/fixtures/corpora/ddi-mini.zip'), (n) => n === MEMBER);
    const registry = fakeRegistry(server.base, { m: { sha256: sha(member.data), bytes: member.data.length } });
    const [r] = await fetchCorpora({ root: root(), corpora: ['Zipped'], registry });
    expect(r.action).to.equal('downloaded');
    expect(readFileSync(join(root(), 'zipped/d2.xml'))).to.deep.equal(member.data);
    expect(existsSync(join(root(), '.downloads')) ? readdirSync(join(root(), '.downloads')) : []).to.deep.equal([]);
    const missing = fakeRegistry(server.base, { m: { sha256: sha(member.data), sources: [{ url: `${server.base}/mini.zip`, kind: 'official', member: 'no/such.xml' }] } });
    const [r2] = await fetchCorpora({ root: join(tmp, 'other'), corpora: ['Zipped'], registry: missing });
    expect(r2.action).to.equal('failed');
    expect(r2.attempts[0]).to.contain('no/such.xml is not in');
  });

  it('a file whose checksum is pending (GDA) is extracted from its official archive unverified, its sha256 reported; present, it is kept', async () => {
    const { readZipMembers } = await import('../../src/corpora/zip.ts');
    const [member] = await readZipMembers(resolve(REPO_ROOT, 'test/fixtures/corpora/ddi-mini.zip'), (n) => n === MEMBER);
    const pending = { sha256: undefined, checksumPending: 'not checked yet' };
    const registry = fakeRegistry(server.base, { m: pending });
    const [r] = await fetchCorpora({ root: root(), corpora: ['Zipped'], registry });
    expect(r.action).to.equal('downloaded');
    expect(r.unverifiedSha256).to.equal(sha(member.data));
    expect(readFileSync(join(root(), 'zipped/d2.xml'))).to.deep.equal(member.data);
    const [again] = await fetchCorpora({ root: root(), corpora: ['Zipped'], registry });
    expect(again).to.include({ action: 'unverified', unverifiedSha256: sha(member.data) });
    expect(server.requests.filter((q) => q.path === '/mini.zip')).to.have.length(1);
    const [listed] = await listCorpora({ root: root(), registry, corpora: ['Zipped'] });
    expect(listed.state).to.equal('present');
    // without a sha256 and without checksumPending, a file is left alone (as bundled files are)
    const [skipped] = await fetchCorpora({ root: join(tmp, 'other'), corpora: ['Zipped'], registry: fakeRegistry(server.base, { m: { sha256: undefined } }) });
    expect(skipped.action).to.equal('bundled');
  });
});
