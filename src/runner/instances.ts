// Instance sets a run needs, built through the instances stage into a cache under the work dir.
// The instances stage itself skips a set whose manifest already matches its inputs; a directory
// lock keeps two orchestrators from building the same set at the same time.
import { join, resolve } from 'node:path';
import type { InstanceRequest } from '../experiments/index.ts';
import { withDirLock } from '../files.ts';
import { sha256 } from '../hashing.ts';
import { buildCorpusSet, buildMergedSets, type DatasetManifest } from '../instances/index.ts';

export interface InstanceSet {
  /** Cache-relative name, e.g. `corpus/BioRED.native.prompt`. */
  name: string;
  dir: string;
  manifestPath: string;
  manifest: DatasetManifest;
}

/** The sets one run reads: `main` (trained + evaluated), `stage1` (TL's external corpora). */
export interface RunSets {
  main: InstanceSet;
  stage1?: InstanceSet;
}

export interface InstanceProvider {
  resolve(req: InstanceRequest, opts: { root?: string }): Promise<RunSets>;
}

export interface DefaultProviderOptions {
  /** Cache directory (default `<work>/instances`). */
  cacheDir: string;
  /** Called before a set is built or checked (progress display). */
  onBuild?: (what: string) => void;
}

/** Builds sets with buildCorpusSet / buildMergedSets into `cacheDir`, one build per set at a time. */
export function defaultInstanceProvider(opts: DefaultProviderOptions): InstanceProvider {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      memo.set(key, p);
      p.catch(() => memo.delete(key));
    }
    return p;
  };
  // Different data roots get different caches (their sets differ).
  const baseOf = (root: string | undefined) =>
    join(opts.cacheDir, root ? sha256(resolve(root)).slice(0, 8) : 'default');

  // A set built with split overlap allowed is another set (its own folder): `.overlap` in the name.
  const corpus = (c: string, view: 'harmonized' | 'native', prompt: boolean, root: string | undefined, allowSplitOverlap = false): Promise<InstanceSet> => {
    const name = `corpus/${c}.${view}${prompt ? '.prompt' : ''}${allowSplitOverlap ? '.overlap' : ''}`;
    return once(JSON.stringify(['corpus', name, root ?? null]), () => {
      const dir = join(baseOf(root), name);
      return withDirLock(dir, async () => {
        opts.onBuild?.(`instance set ${name}`);
        const manifest = await buildCorpusSet({ corpus: c, root, out: dir, view, prompt, allowSplitOverlap });
        return { name, dir, manifestPath: join(dir, 'manifest.json'), manifest };
      });
    });
  };
  const merged = (target: string, externals: string[], root: string | undefined, allowSplitOverlap = false) => {
    const name = `merged/${[target, ...externals].join('+')}${allowSplitOverlap ? '.overlap' : ''}`;
    return once(JSON.stringify(['merged', name, root ?? null]), async () => {
      const dir = join(baseOf(root), name);
      const sets = await withDirLock(dir, async () => {
        opts.onBuild?.(`instance sets ${name}`);
        return buildMergedSets({ target, externals, root, out: dir, allowSplitOverlap });
      });
      const part = (k: 'biorex' | 'tl' | 'mtl'): InstanceSet => ({
        name: `${name}/${k}`,
        dir: join(dir, k),
        manifestPath: join(dir, k, 'manifest.json'),
        manifest: sets[k],
      });
      return { biorex: part('biorex'), tl: part('tl'), mtl: part('mtl') };
    });
  };
  return {
    async resolve(req, { root }) {
      const overlap = req.allowSplitOverlap ?? false;
      if (req.kind === 'corpus') return { main: await corpus(req.corpus, req.view, req.prompt, root, overlap) };
      const sets = await merged(req.target, req.externals, root, overlap);
      // TL: stage 1 on the externals (their own labels), stage 2 on the target's own set.
      if (req.part === 'tl') return { main: await corpus(req.target, 'native', true, root, overlap), stage1: sets.tl };
      return { main: sets[req.part] };
    },
  };
}

/** The hashes that identify a set's content: every instance file + the label/tag/task lists. */
export function setHashes(set: InstanceSet): Record<string, string> {
  const m = set.manifest;
  const labels = sha256(JSON.stringify([m.labels, m.negativeLabels, m.specialTokens, m.tasks]));
  return { ...m.fileHashes, _labels: labels };
}
