// File writes that never leave a half-written file under its final name (a temporary file in the same
// folder, then a rename), and a directory lock between processes. No fsync: the rename protects
// against a killed process, not against power loss, and syncing hundreds of MB would dominate.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The temporary name `file` is written under before its rename: unique per process and call. */
export function tempPathFor(file: string): string {
  return `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Writes `text` to `file` atomically, creating its folder. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempPathFor(file);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text, 'utf8');
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}

/** writeFileAtomic for synchronous callers. */
export function writeFileAtomicSync(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempPathFor(file);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
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
