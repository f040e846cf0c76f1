// Reading members of a zip archive in place (yauzl), without unpacking it to disk. Uncompressed sizes
// are capped (a zip bomb stops before it is inflated), members are read one at a time, and every
// failure names the archive (and the member) with a fix.
import { readFile, stat } from 'node:fs/promises';
import yauzl from 'yauzl';
import { InputError } from '../errors.ts';

export interface ZipMember {
  name: string;
  data: Buffer;
}

/**
 * Caps on what an archive may inflate to. The real corpus archives are far below them (DDI 2013:
 * 1,036 members, the largest 272 kB, 8.4 MB in all); a member or total above them is refused before
 * anything is inflated, from the sizes the archive declares, and yauzl stops a member whose data is
 * longer than declared.
 */
export const ZIP_LIMITS = {
  /** Uncompressed bytes of one member read into memory. */
  maxMemberBytes: 16 * 1024 * 1024,
  /** Uncompressed bytes of all the members read from one archive. */
  maxTotalBytes: 256 * 1024 * 1024,
};
export type ZipLimits = typeof ZIP_LIMITS;

const MB = (n: number) => (n >= 1 << 20 ? `${+(n / (1 << 20)).toFixed(1)} MB` : `${n} bytes`);

function zipError(file: string, message: string, fix = 'fetch the archive again (biorex data fetch); the file is damaged, truncated or not a zip archive'): InputError {
  return new InputError({ file, message: message.replace(/\.+$/, ''), fix }); // yauzl's messages end with "."
}

const CAP_FIX = 'fetch the archive again from its official source (biorex data fetch); a genuine archive this large needs larger ZIP_LIMITS (src/corpora/zip.ts)';

// Archives up to this size are read into memory first (a corpus archive is a few MB: twice as fast
// as reading each member from disk); larger ones are read from disk as needed.
const IN_MEMORY_ARCHIVE_BYTES = 64 * 1024 * 1024;

async function openZip(path: string): Promise<yauzl.ZipFile> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw zipError(path, `cannot open the zip archive: ${(e as Error).message}`);
  }
  const buffer = size <= IN_MEMORY_ARCHIVE_BYTES ? await readFile(path) : undefined;
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: yauzl.ZipFile) => (err || !zip ? reject(zipError(path, `cannot open the zip archive: ${err?.message ?? 'unknown error'}`)) : resolve(zip));
    if (buffer) yauzl.fromBuffer(buffer, { lazyEntries: true }, done);
    else yauzl.open(path, { lazyEntries: true, autoClose: false }, done);
  });
}

/** Every entry of the central directory (no data is inflated). */
function listEntries(zip: yauzl.ZipFile, path: string): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on('error', (e: Error) => reject(zipError(path, `cannot read the zip archive: ${e.message}`)));
    zip.on('entry', (e: yauzl.Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.readEntry();
  });
}

/** Inflates one entry, stopping as soon as it passes `cap` bytes. */
function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, path: string, cap: number): Promise<Buffer> {
  const where = `${path}!${entry.fileName}`;
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(zipError(where, `cannot read the zip member: ${err?.message ?? 'unknown error'}`));
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes > cap) {
          stream.destroy();
          reject(zipError(where, `zip member inflates to more than ${MB(cap)} (ZIP_LIMITS.maxMemberBytes): a zip bomb or a damaged archive`, CAP_FIX));
          return;
        }
        chunks.push(c);
      });
      stream.on('error', (e: Error) => reject(zipError(where, `cannot read the zip member: ${e.message}`)));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/**
 * The members whose name `accept` returns true for, sorted by name, inflated one at a time (the
 * previous one can be freed while the next is read). Sizes are checked against `limits` first.
 */
export async function* zipMembers(path: string, accept: (name: string) => boolean, limits: ZipLimits = ZIP_LIMITS): AsyncGenerator<ZipMember> {
  const zip = await openZip(path);
  try {
    const entries = (await listEntries(zip, path)).filter((e) => !e.fileName.endsWith('/') && accept(e.fileName));
    entries.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
    let total = 0;
    for (const e of entries) {
      if (e.uncompressedSize > limits.maxMemberBytes)
        throw zipError(`${path}!${e.fileName}`, `zip member declares ${MB(e.uncompressedSize)} uncompressed (from ${MB(e.compressedSize)} compressed), more than the ${MB(limits.maxMemberBytes)} allowed (ZIP_LIMITS.maxMemberBytes): a zip bomb or the wrong archive`, CAP_FIX);
      total += e.uncompressedSize;
    }
    if (total > limits.maxTotalBytes)
      throw zipError(path, `the ${entries.length} members to read declare ${MB(total)} uncompressed, more than the ${MB(limits.maxTotalBytes)} allowed (ZIP_LIMITS.maxTotalBytes): a zip bomb or the wrong archive`, CAP_FIX);
    let read = 0;
    for (const e of entries) {
      const data = await readEntry(zip, e, path, Math.min(limits.maxMemberBytes, limits.maxTotalBytes - read));
      read += data.length;
      yield { name: e.fileName, data };
    }
  } finally {
    zip.close();
  }
}

/** Every accepted member, sorted by name (see zipMembers). */
export async function readZipMembers(path: string, accept: (name: string) => boolean, limits: ZipLimits = ZIP_LIMITS): Promise<ZipMember[]> {
  const out: ZipMember[] = [];
  for await (const m of zipMembers(path, accept, limits)) out.push(m);
  return out;
}

/**
 * Streams one member (matched by `accept`) into a writable; resolves undefined when no member matches.
 * At most `maxBytes` are written (default ZIP_LIMITS.maxTotalBytes; fetch passes the registered size).
 */
export async function pipeZipMember(path: string, accept: (name: string) => boolean, sink: NodeJS.WritableStream, maxBytes = ZIP_LIMITS.maxTotalBytes): Promise<string | undefined> {
  const zip = await openZip(path);
  try {
    const entry = (await listEntries(zip, path)).find((e) => !e.fileName.endsWith('/') && accept(e.fileName));
    if (!entry) return undefined;
    const where = `${path}!${entry.fileName}`;
    if (entry.uncompressedSize > maxBytes)
      throw zipError(where, `zip member declares ${MB(entry.uncompressedSize)} uncompressed, more than the ${MB(maxBytes)} expected: a zip bomb or the wrong archive`, CAP_FIX);
    await new Promise<void>((resolve, reject) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(zipError(where, `cannot read the zip member: ${err?.message ?? 'unknown error'}`));
        let bytes = 0;
        stream.on('data', (c: Buffer) => {
          bytes += c.length;
          if (bytes > maxBytes) {
            stream.unpipe(sink);
            stream.destroy();
            sink.end();
            reject(zipError(where, `zip member inflates to more than ${MB(maxBytes)}: a zip bomb or a damaged archive`, CAP_FIX));
          }
        });
        stream.on('error', (e: Error) => reject(zipError(where, `cannot read the zip member: ${e.message}`)));
        sink.on('error', reject);
        sink.on('finish', () => resolve());
        stream.pipe(sink);
      });
    });
    return entry.fileName;
  } finally {
    zip.close();
  }
}
