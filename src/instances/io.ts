// Instance files and manifests on disk: streaming JSONL writes with their sha256, atomic renames
// (a reader never sees a half-written file under its final name, even if the build is killed, see
// src/files.ts), and the one reader of the instance contract (types.ts), used by every stage that
// reads instance files (the runner, the scorer, `biorex eval`).
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.ts';
import { removeStaleTemps, tempPathFor, trackTemp, untrackTemp, writeFileAtomic } from '../files.ts';
import { jsonLines, type JsonLine } from '../jsonl.ts';
import type { DatasetManifest, Instance } from './types.ts';

/**
 * A JSONL file written atomically: lines are buffered and written in 4 MB chunks while the next ones
 * are generated, hashed on the way, and the file appears under its name only on `close()`. Without a
 * path the writer only counts (statistics without output).
 */
export class JsonlWriter {
  private chunk = '';
  private readonly hash = createHash('sha256');
  private readonly pending: Promise<unknown>[] = [];
  private constructor(
    private readonly file: string | undefined,
    private readonly tmp: string | undefined,
    private readonly fh: FileHandle | undefined,
  ) {}

  static async open(file: string | undefined): Promise<JsonlWriter> {
    if (file === undefined) return new JsonlWriter(undefined, undefined, undefined);
    await mkdir(dirname(file), { recursive: true });
    await removeStaleTemps(dirname(file)); // left by an earlier build that was killed
    const tmp = tempPathFor(file);
    trackTemp(tmp);
    return new JsonlWriter(file, tmp, await open(tmp, 'w'));
  }

  /** Adds one line (without its newline). */
  async add(line: string): Promise<void> {
    if (!this.fh) return;
    this.chunk += line + '\n';
    if (this.chunk.length > 1 << 22) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.fh || this.chunk === '') return;
    const buf = Buffer.from(this.chunk, 'utf8');
    this.chunk = '';
    this.hash.update(buf);
    this.pending.push(this.fh.write(buf));
    if (this.pending.length > 1) await this.pending.shift(); // at most two writes in flight
  }

  /** Finishes the file and returns its sha256 (empty string for a counting writer). */
  async close(): Promise<string> {
    if (!this.fh) return '';
    try {
      await this.flush();
      await Promise.all(this.pending);
    } finally {
      await this.fh.close();
    }
    await rename(this.tmp!, this.file!);
    untrackTemp(this.tmp!);
    return this.hash.digest('hex');
  }

  /** Gives up: closes and removes the temporary file. */
  async abort(): Promise<void> {
    if (!this.fh) return;
    await Promise.allSettled(this.pending);
    await this.fh.close().catch(() => {});
    await rm(this.tmp!, { force: true });
    untrackTemp(this.tmp!);
  }
}

export async function writeManifest(dir: string, manifest: DatasetManifest): Promise<void> {
  await writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

/** Reads `<dir>/manifest.json`; `null` when there is none. */
export async function readManifestIfAny(dir: string): Promise<DatasetManifest | null> {
  let text: string;
  try {
    text = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as DatasetManifest;
  } catch {
    return null;
  }
}

/** Reads `<dir>/manifest.json`. */
export async function readManifest(dir: string): Promise<DatasetManifest> {
  const file = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError({ file, message: 'no dataset manifest here', fix: 'build the set first: biorex data build … --out <dir>' });
  }
  try {
    return JSON.parse(text) as DatasetManifest;
  } catch (err) {
    throw new InputError({ file, message: `manifest is not valid JSON (${(err as Error).message})`, fix: 'rebuild the set (biorex data build)' });
  }
}

/**
 * The instances of JSONL text, each with its line as written. Every line must be a JSON object with
 * the fields the readers rely on (id, doc, ids, label); anything else is an InputError at file:line.
 * Two ids for a relation pair; more for a drug combination (n-ary, src/instances/drugcombo.ts).
 */
export function instanceLines(text: string, file = 'instances.jsonl'): Generator<JsonLine<Instance>> {
  return jsonLines<Instance>(
    text,
    file,
    (o) => typeof o.id === 'string' && typeof o.doc === 'string' && Array.isArray(o.ids) && o.ids.length >= 2 && typeof o.label === 'string',
    {
      message: 'an instance needs "id", "doc", "ids" (two ids, or more for a drug combination) and "label"',
      fix: 'pass an instance file written by `biorex data build`',
    },
  );
}

/** The instances of JSONL text (see instanceLines). */
export function parseInstances(text: string, file = 'instances.jsonl'): Instance[] {
  return Array.from(instanceLines(text, file), (l) => l.value);
}

/** Reads a JSONL instance file. */
export async function readInstances(file: string): Promise<Instance[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError({ file, message: `cannot read the instance file (${code ?? String(err)})`, fix: 'check the path, or build the set first (biorex data build)' });
  }
  return parseInstances(text, file);
}
