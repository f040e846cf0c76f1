// Generated hostile inputs (never stored in the repository): XML entity expansion, zip bombs, and a
// minimal zip writer to build them. Used by the corpora tests (small sizes) and by
// bench/hostile-inputs.ts (the sizes of issue 15, for peak-memory measurements).
import { createWriteStream } from 'node:fs';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/**
 * A BioC XML file whose internal DTD declares one entity of `entityChars` characters and whose
 * passages reference it `refsPerPassage` times each: a few bytes per reference, `entityChars` per
 * expansion ("billion laughs" without nesting, which fast-xml-parser does not resolve).
 */
export function entityExpansionBioc(opts: { passages: number; refsPerPassage: number; entityChars: number }): string {
  const refs = '&e;'.repeat(opts.refsPerPassage);
  const passages: string[] = [];
  for (let i = 0; i < opts.passages; i++) passages.push(`<passage><infon key="type">abstract</infon><offset>${i}</offset><text>${refs}</text></passage>`);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE collection [<!ENTITY e "${'A'.repeat(opts.entityChars)}">]>\n` +
    `<collection><source>x</source><date>x</date><key>x</key><document><id>1</id>${passages.join('\n')}</document></collection>\n`
  );
}

export interface ZipEntrySpec {
  name: string;
  data: Buffer;
}

function dosTime(): { time: number; date: number } {
  return { time: 0, date: (2020 - 1980) << 9 | (1 << 5) | 1 };
}

/** A zip archive (deflate) of the given entries, built in memory. */
export function makeZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const comp = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const local = localHeader(name, crc, comp.length, e.data.length);
    locals.push(local, name, comp);
    centrals.push(centralHeader(name, crc, comp.length, e.data.length, offset));
    offset += local.length + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  return Buffer.concat([...locals, cd, endRecord(entries.length, cd.length, offset)]);
}

function localHeader(name: Buffer, crc: number, compSize: number, size: number): Buffer {
  const { time, date } = dosTime();
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0x0800, 6); // utf-8 names
  h.writeUInt16LE(8, 8); // deflate
  h.writeUInt16LE(time, 10);
  h.writeUInt16LE(date, 12);
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(compSize, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(name.length, 26);
  return h;
}

function centralHeader(name: Buffer, crc: number, compSize: number, size: number, offset: number): Buffer {
  const { time, date } = dosTime();
  const c = Buffer.alloc(46);
  c.writeUInt32LE(0x02014b50, 0);
  c.writeUInt16LE(20, 4);
  c.writeUInt16LE(20, 6);
  c.writeUInt16LE(0x0800, 8);
  c.writeUInt16LE(8, 10);
  c.writeUInt16LE(time, 12);
  c.writeUInt16LE(date, 14);
  c.writeUInt32LE(crc, 16);
  c.writeUInt32LE(compSize, 20);
  c.writeUInt32LE(size, 24);
  c.writeUInt16LE(name.length, 28);
  c.writeUInt32LE(offset, 42);
  return Buffer.concat([c, name]);
}

function endRecord(count: number, cdSize: number, cdOffset: number): Buffer {
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(count, 8);
  e.writeUInt16LE(count, 10);
  e.writeUInt32LE(cdSize, 12);
  e.writeUInt32LE(cdOffset, 16);
  return e;
}

/**
 * Writes a zip with one DDI-looking member of `bytes` uncompressed bytes (a document element padded
 * with spaces: deflate shrinks it ~1000×), streamed so the generator itself stays small.
 */
export async function writeZipBomb(path: string, opts: { member: string; bytes: number }): Promise<void> {
  const head = Buffer.from('<?xml version="1.0"?><document id="bomb">');
  const tail = Buffer.from('</document>\n');
  const pad = opts.bytes - head.length - tail.length;
  const block = Buffer.alloc(1 << 20, 0x20);
  const name = Buffer.from(opts.member, 'utf8');
  // crc over the whole content, computed incrementally
  let crc = crc32(head);
  let compressed: Buffer[] = [];
  const deflate = createDeflateRaw({ level: 9 });
  deflate.on('data', (c: Buffer) => compressed.push(c));
  const done = new Promise<void>((res, rej) => {
    deflate.on('end', res);
    deflate.on('error', rej);
  });
  const write = (b: Buffer) => new Promise<void>((res) => (deflate.write(b) ? res() : deflate.once('drain', res)));
  await write(head);
  for (let left = pad; left > 0; left -= block.length) {
    const b = left >= block.length ? block : block.subarray(0, left);
    crc = crc32(b, crc);
    await write(b);
  }
  crc = crc32(tail, crc);
  await write(tail);
  deflate.end();
  await done;
  const comp = Buffer.concat(compressed);
  compressed = [];
  const local = localHeader(name, crc >>> 0, comp.length, opts.bytes);
  const central = centralHeader(name, crc >>> 0, comp.length, opts.bytes, 0);
  const out = createWriteStream(path);
  const body = Buffer.concat([local, name, comp, central, endRecord(1, central.length, local.length + name.length + comp.length)]);
  await new Promise<void>((res, rej) => out.end(body, () => res()).on('error', rej));
}
