// File writes that never leave a half-written file under its final name (a temporary file in the same
// folder, then a rename), a directory lock between processes, and whether two paths are one file. No fsync: the rename protects
// against a killed process, not against power loss, and syncing hundreds of MB would dominate.
// Temporary files of an interrupted process do not stay behind (they were up to 59 MB, never
// removed): the live ones are removed when the process exits — normally, by process.exit, or by
// SIGINT / SIGTERM / SIGHUP when nothing else handles the signal — and removeStaleTemps removes those
// of processes of this host that no longer run (kill -9).
import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

const HOST = hostname().replace(/[^A-Za-z0-9.]/g, '_');
/** `<file>.tmp-<host>-<pid>-<random>`; `<file>.tmp-<pid>-<random>` is the name earlier versions wrote. */
const TEMP = /\.tmp-(?:(.+)-)?(\d+)-[a-z0-9]+$/;

/** The temporary name `file` is written under before its rename: unique per host, process and call. */
export function tempPathFor(file: string): string {
  return `${file}.tmp-${HOST}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

const liveTemps = new Set<string>();
let exitCleanupInstalled = false;

function removeLiveTempsSync(): void {
  for (const f of liveTemps) rmSync(f, { force: true });
  liveTemps.clear();
}

function installExitCleanup(): void {
  if (exitCleanupInstalled) return;
  exitCleanupInstalled = true;
  process.on('exit', removeLiveTempsSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // Another listener (the run orchestrator) decides what the signal means; 'exit' cleans up then.
      if (process.listenerCount(sig) > 1) return;
      removeLiveTempsSync();
      process.off(sig, onSignal);
      process.kill(process.pid, sig); // the default action: die of the signal, as without us
    };
    process.on(sig, onSignal);
  }
}

/** Registers a temporary file being written: it is removed if the process ends first. */
export function trackTemp(path: string): void {
  installExitCleanup();
  liveTemps.add(path);
}

/** The temporary file was renamed or removed. */
export function untrackTemp(path: string): void {
  liveTemps.delete(path);
}

const sweptDirs = new Set<string>();

/**
 * Removes the temporary files in `dir` left by processes of this host that no longer run (and by
 * earlier versions, whose names have no host). Other hosts' files are left alone: their writer may
 * still run. Once per folder and process. Returns the files removed.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  if (sweptDirs.has(dir)) return [];
  sweptDirs.add(dir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const m = TEMP.exec(n);
    if (!m) continue;
    const path = join(dir, n);
    const [host, pid] = [m[1], Number(m[2])];
    if ((host !== undefined && host !== HOST) || liveTemps.has(path) || (pid !== process.pid && pidAlive(pid))) continue;
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}

/** The names of the temporary files in `dir` (tests, diagnostics). */
export function tempFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => TEMP.test(n));
  } catch {
    return [];
  }
}

/** Writes `text` to `file` atomically, creating its folder. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempPathFor(file);
  trackTemp(tmp);
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(text, 'utf8');
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    untrackTemp(tmp);
  }
}

/** writeFileAtomic for synchronous callers. */
export function writeFileAtomicSync(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempPathFor(file);
  trackTemp(tmp);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    untrackTemp(tmp);
  }
}

/** The path `file` will have once written: its folder's symbolic links resolved (the file itself need not exist). */
function realTarget(file: string): string {
  if (existsSync(file)) return realpathSync(file);
  const dir = dirname(resolve(file));
  return join(existsSync(dir) ? realpathSync(dir) : dir, basename(file));
}

/**
 * True when writing `output` would write over `input`: the same path, a symbolic link to it (or
 * through a linked folder), or a hard link (same device and inode).
 */
export function sameFile(input: string, output: string): boolean {
  if (realTarget(input) === realTarget(output)) return true;
  if (!existsSync(input) || !existsSync(output)) return false;
  const a = statSync(input);
  const b = statSync(output);
  return a.dev === b.dev && a.ino === b.ino;
}

/** True when a process with this pid exists on this host. */
export function pidAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` while holding `<dir>.lock` (an atomic mkdir). A lock whose holder is a dead process on
 * this host is broken; otherwise the caller waits.
 */
export async function withDirLock<T>(dir: string, fn: () => Promise<T>, pollMs = 200): Promise<T> {
  const lock = `${dir}.lock`;
  await mkdir(resolve(dir, '..'), { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'owner'), `${hostname()} ${process.pid}\n`);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = await readFile(join(lock, 'owner'), 'utf8').catch(() => '');
      const [host, pid] = owner.trim().split(' ');
      if (owner && host === hostname() && !pidAlive(Number(pid))) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
