// The one place this stage talks to the corpora stage (through its index.ts): which files a corpus
// is read from (hashed for the manifest and the build cache), and loading its documents.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { corpusDir, findCorpus, loadCorpus, loadRegistry, type LoadedCorpus, type Registry } from '../corpora/index.ts';
import { sha256File } from '../hashing.ts';
import { defaultDataRoot } from '../locations.ts';

/** sha256 of every file the corpus's splits are read from, keyed `<corpus>/<path>` (missing files are left out). */
export async function corpusSourceHashes(corpus: string, root?: string, registry?: Registry): Promise<Record<string, string>> {
  const entry = findCorpus(corpus, registry ?? loadRegistry());
  const dir = corpusDir(entry, root ?? defaultDataRoot());
  const inputs = entry.splits.kind === 'official' ? Object.values(entry.splits.sets) : [entry.splits.input];
  const files = [...new Set(inputs.flatMap((i) => i.files))].sort();
  const out: Record<string, string> = {};
  for (const f of files) {
    const path = resolve(dir, f);
    if (existsSync(path)) out[`${entry.name}/${f}`] = await sha256File(path);
  }
  return out;
}

/** The canonical spelling of a corpus name (aliases resolved by the registry). */
export function canonicalCorpusName(corpus: string, registry?: Registry): string {
  return findCorpus(corpus, registry ?? loadRegistry()).name;
}

// Loaded corpora are kept for the life of the process, keyed by what they were read from (name, root,
// mode and the files' hashes), so building every corpus and then the merged sets reads each corpus once.
// Documents are never modified after loading.
const loadedCache = new Map<string, Promise<LoadedCorpus>>();

/** Loads a corpus (memoised by name, root, lenient, source hashes and whether split overlap is allowed). */
export function readCorpus(
  corpus: string,
  root: string | undefined,
  lenient: boolean,
  sourceHashes: Record<string, string>,
  registry?: Registry,
  allowSplitOverlap = false,
): Promise<LoadedCorpus> {
  const key = JSON.stringify([corpus, root ?? defaultDataRoot(), lenient, sourceHashes, registry?.source ?? '', allowSplitOverlap]);
  let p = loadedCache.get(key);
  if (!p) {
    p = loadCorpus(corpus, { ...(root !== undefined ? { root } : {}), lenient, allowSplitOverlap, ...(registry ? { registry } : {}) });
    loadedCache.set(key, p);
    p.catch(() => loadedCache.delete(key));
  }
  return p;
}

/** Forgets loaded corpora (a long-running process that builds many sets can free the memory). */
export function clearCorpusCache(): void {
  loadedCache.clear();
}

export type { LoadedCorpus, Registry };
