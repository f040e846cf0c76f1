// `data fetch` and `data list`: get the registered files into the data root and check them.
// Every file is written under `<name>.part` and renamed only after its sha256 matches the registry,
// so a final name never holds a half-written or wrong file. HTTP downloads resume a `.part` with a
// Range request. Re-running skips files that already verify.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError, formatProblem, type InputProblem } from '../errors.ts';
import { sha256, sha256File } from '../hashing.ts';
import { defaultDataRoot } from '../locations.ts';
import { corpusDir, findCorpus, loadRegistry, type CorpusEntry, type FileEntry, type Registry, type SourceEntry } from './registry.ts';
import { pipeZipMember } from './zip.ts';

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

function selectCorpora(registry: Registry, names?: readonly string[]): CorpusEntry[] {
  if (!names || names.length === 0) return registry.corpora;
  return names.map((n) => findCorpus(n, registry));
}

// ---------------------------------------------------------------------------------------------
// list

export type FileState = 'present' | 'missing' | 'corrupt';

export interface FileStatus {
  corpus: string;
  path: string;
  absPath: string;
  role: string;
  state: FileState;
  /** Size on disk (present or corrupt). */
  bytes?: number;
  expectedBytes?: number;
  expectedSha256?: string;
  actualSha256?: string;
  /** false: the registered file is a known partial copy (see note). */
  complete: boolean;
  bundled: boolean;
  /** A `.part` file of an interrupted fetch is waiting to be resumed. */
  partial: boolean;
  note: string;
}

export interface ListOptions {
  root?: string;
  registry?: Registry;
  corpora?: readonly string[];
}

/** Status of every registered file: present (checksum matches), missing, or corrupt. */
export async function listCorpora(opts: ListOptions = {}): Promise<FileStatus[]> {
  const registry = opts.registry ?? loadRegistry();
  const root = opts.root ?? defaultDataRoot();
  const out: FileStatus[] = [];
  for (const c of selectCorpora(registry, opts.corpora)) {
    const dir = corpusDir(c, root);
    for (const f of c.files) {
      const absPath = resolve(dir, f.path);
      const bytes = await sizeOf(absPath);
      const base = {
        corpus: c.name,
        path: f.path,
        absPath,
        role: f.role,
        complete: f.complete,
        bundled: c.origin === 'bundled',
        partial: existsSync(`${absPath}.part`),
        note: f.note,
        ...(f.bytes !== undefined ? { expectedBytes: f.bytes } : {}),
        ...(f.sha256 ? { expectedSha256: f.sha256 } : {}),
      };
      if (bytes === undefined) {
        out.push({ ...base, state: 'missing' });
        continue;
      }
      if (!f.sha256) {
        out.push({ ...base, state: 'present', bytes });
        continue;
      }
      // A size mismatch settles it without hashing.
      const actual = f.bytes !== undefined && f.bytes !== bytes ? undefined : await sha256File(absPath);
      out.push({ ...base, state: actual === f.sha256 ? 'present' : 'corrupt', bytes, ...(actual ? { actualSha256: actual } : {}) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// fetch

/** `unverified`: present, kept as it is, but no checksum is registered to verify it against. */
export type FetchAction = 'verified' | 'unverified' | 'copied' | 'downloaded' | 'bundled' | 'failed';

export interface FetchResult {
  corpus: string;
  path: string;
  absPath: string;
  action: FetchAction;
  /** true when a corrupt file was replaced. */
  replaced?: boolean;
  /** Where the bytes came from (mirror path or URL). */
  source?: string;
  /** Why it failed (last problem), and every attempt made. */
  problem?: InputProblem;
  attempts: string[];
  /** A file without a registered checksum (`checksumPending`): its sha256, to register in data/corpora.json. */
  unverifiedSha256?: string;
}

export interface FetchOptions {
  root?: string;
  /** A local mirror laid out like the data root (`<from>/<folder>/<path>`): copy instead of download. */
  from?: string;
  corpora?: readonly string[];
  registry?: Registry;
  /** HTTP client (tests inject one); default the global fetch. */
  fetch?: typeof fetch;
  /** Where downloaded archives are kept while in use; default `<root>/.downloads`. */
  cacheDir?: string;
  /** Progress lines (the CLI prints them). */
  log?: (line: string) => void;
}

export function checksumProblem(file: string, expected: string, actual: string, what: string): InputProblem {
  return {
    file,
    message: `checksum mismatch: expected sha256 ${expected}, got ${actual} (${what})`,
    fix: 'the copy is damaged or is a different version of the file: run `biorex data fetch` again (or from another source); if the file was updated on purpose, update its sha256 and bytes in data/corpora.json',
  };
}

/**
 * Moves `part` to `final` only when its sha256 is the expected one; otherwise deletes it and throws.
 * Without an expected checksum (a `checksumPending` file) it installs the file and returns its sha256.
 */
async function verifyAndInstall(part: string, final: string, expected: string | undefined, what: string): Promise<string> {
  const actual = await sha256File(part);
  await rm(`${part}.url`, { force: true });
  if (expected !== undefined && actual !== expected) {
    await rm(part, { force: true });
    throw new InputError(checksumProblem(final, expected, actual, what));
  }
  await rename(part, final);
  return actual;
}

/**
 * Downloads `url` into `part`, resuming a previous partial download with a Range request.
 * Throws when the body ends before the announced length (the `.part` stays for the next try).
 */
export async function downloadResumable(url: string, part: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  await mkdir(dirname(part), { recursive: true });
  // A .part is resumed only from the URL it came from (`.part.url` remembers it).
  const marker = `${part}.url`;
  const previous = existsSync(marker) ? (await readFile(marker, 'utf8')).trim() : undefined;
  if (previous !== url) await rm(part, { force: true });
  await writeFile(marker, url);
  try {
    await downloadInto(url, part, fetchImpl);
  } catch (e) {
    // nothing received: leave nothing behind
    if (!((await sizeOf(part)) ?? 0)) await rm(marker, { force: true });
    throw e;
  }
}

async function downloadInto(url: string, part: string, fetchImpl: typeof fetch): Promise<void> {
  const have = (await sizeOf(part)) ?? 0;
  const res = await fetchImpl(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, redirect: 'follow' });
  if (res.status === 416 && have > 0) {
    await res.body?.cancel();
    return; // the .part already holds the whole file
  }
  let total: number | undefined;
  let flags: 'a' | 'w';
  if (res.status === 206 && have > 0) {
    flags = 'a';
    const m = /\/(\d+)\s*$/.exec(res.headers.get('content-range') ?? '');
    total = m ? Number(m[1]) : undefined;
  } else if (res.status === 200) {
    flags = 'w'; // the server ignored the range: start over
    const len = res.headers.get('content-length');
    total = len !== null ? Number(len) : undefined;
  } else {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status} ${res.statusText} from ${url}`);
  }
  if (!res.body) throw new Error(`empty response from ${url}`);
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(part, { flags }));
  const got = (await sizeOf(part)) ?? 0;
  if (total !== undefined && got !== total) throw new Error(`download of ${url} stopped at ${got} of ${total} bytes (run fetch again to resume)`);
}

function archiveName(url: string): string {
  const h = sha256(url).slice(0, 12);
  return `${h}-${basename(new URL(url).pathname) || 'archive'}`;
}

function memberMatcher(member: string): (name: string) => boolean {
  const m = member.replace(/^\/+/, '');
  // macOS archives carry `__MACOSX/…` resource-fork twins of every file: never those
  return (name) => !name.startsWith('__MACOSX/') && (name === m || name.endsWith(`/${m}`));
}

/** Fetches registered files into the data root. Never throws for one file: see each result's action. */
export async function fetchCorpora(opts: FetchOptions = {}): Promise<FetchResult[]> {
  const registry = opts.registry ?? loadRegistry();
  const root = resolve(opts.root ?? defaultDataRoot());
  const cacheDir = resolve(opts.cacheDir ?? join(root, '.downloads'));
  const fetchImpl = opts.fetch ?? fetch;
  const log = opts.log ?? (() => {});
  const archives = new Map<string, Promise<string>>(); // url → local archive path, downloaded once per run
  const results: FetchResult[] = [];

  const getArchive = (url: string): Promise<string> => {
    let p = archives.get(url);
    if (!p) {
      p = (async () => {
        const path = join(cacheDir, archiveName(url));
        if (!existsSync(path)) {
          log(`  downloading ${url}`);
          await downloadResumable(url, `${path}.part`, fetchImpl);
          await rm(`${path}.part.url`, { force: true });
          await rename(`${path}.part`, path);
        }
        return path;
      })();
      // a failed download stays failed for this run (no retry per member); fetch again to resume
      p.catch(() => {});
      archives.set(url, p);
    }
    return p;
  };

  const fromSource = async (src: SourceEntry, part: string): Promise<void> => {
    if (!src.member) return downloadResumable(src.url, part, fetchImpl);
    const archive = await getArchive(src.url);
    const found = await pipeZipMember(archive, memberMatcher(src.member), createWriteStream(part));
    if (!found) {
      await rm(part, { force: true });
      throw new Error(`${src.member} is not in ${src.url}`);
    }
  };

  for (const c of selectCorpora(registry, opts.corpora)) {
    const dir = corpusDir(c, root);
    for (const f of c.files) {
      const final = resolve(dir, f.path);
      const result: FetchResult = { corpus: c.name, path: f.path, absPath: final, action: 'failed', attempts: [] };
      results.push(result);
      if (c.origin === 'bundled' || (!f.sha256 && !f.checksumPending)) {
        result.action = 'bundled';
        continue;
      }
      const present = existsSync(final);
      const expected = f.sha256; // undefined: checksumPending, installed unverified
      if (present && expected === undefined) {
        result.action = 'unverified';
        result.unverifiedSha256 = await sha256File(final);
        continue;
      }
      if (present && (f.bytes === undefined || (await sizeOf(final)) === f.bytes) && (await sha256File(final)) === expected) {
        result.action = 'verified';
        continue;
      }
      if (present) result.replaced = true;
      await mkdir(dirname(final), { recursive: true });
      const part = `${final}.part`;
      log(`${c.name}: ${f.path}`);
      if (opts.from) {
        const src = resolve(opts.from, c.folder, f.path);
        result.source = src;
        try {
          if (!existsSync(src)) throw new InputError({ file: src, message: `not in the mirror ${opts.from}`, fix: `give a mirror laid out like the data root (<dir>/${c.folder}/${f.path}), or fetch without --from` });
          await rm(part, { force: true });
          await pipeline(createReadStream(src), createWriteStream(part));
          const sha = await verifyAndInstall(part, final, expected, `copied from ${src}`);
          result.action = 'copied';
          if (expected === undefined) result.unverifiedSha256 = sha;
        } catch (e) {
          await rm(part, { force: true });
          fail(result, e, final, src);
        }
        continue;
      }
      for (const src of f.sources) {
        const where = src.member ? `${src.url} → ${src.member}` : src.url;
        result.source = where;
        try {
          await fromSource(src, part);
          const sha = await verifyAndInstall(part, final, expected, `from ${src.kind} source ${where}`);
          result.action = 'downloaded';
          if (expected === undefined) result.unverifiedSha256 = sha;
          delete result.problem;
          break;
        } catch (e) {
          // a member extraction or a checksum failure leaves nothing; a cut download keeps .part to resume
          if (src.member) await rm(part, { force: true });
          fail(result, e, final, where);
        }
      }
      if (f.sources.length === 0)
        result.problem = { file: final, message: 'no source is registered for this file', fix: 'copy it from a mirror with --from DIR' };
    }
  }
  // Archives were only needed to extract members; interrupted ones stay as .part to resume.
  for (const p of archives.values()) {
    try {
      await rm(await p, { force: true });
    } catch {
      /* a failed download has nothing to clean */
    }
  }
  await rmdir(cacheDir).catch(() => {}); // only when empty
  return results;
}

/** Node's fetch says only "fetch failed"; the reason (DNS, refused, TLS) is in `cause`. */
function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error && !e.message.includes(cause.message) ? `${e.message} (${cause.message})` : e.message;
}

function fail(result: FetchResult, e: unknown, final: string, where: string): void {
  const problem: InputProblem =
    e instanceof InputError
      ? e.problem
      : { file: final, message: `could not get the file from ${where}: ${errorText(e)}`, fix: 'check the network (or use --from DIR with a local mirror) and run fetch again; a partial download resumes' };
  result.problem = problem;
  result.attempts.push(formatProblem(problem));
}

export type { FileEntry };
