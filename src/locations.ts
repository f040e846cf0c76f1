// Every default location, in one place for every command and stage: the repository's own files
// (registry, profiles, experiment catalog, paper values, schema) and the user's data root, work dir
// and tracking store, each overridable by an environment variable and by the command's options.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: the folder holding package.json, data/ and experiments/. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const PACKAGE_JSON = join(REPO_ROOT, 'package.json');
/** The corpus registry (sources, checksums, splits). */
export const DEFAULT_REGISTRY_PATH = join(REPO_ROOT, 'data', 'corpora.json');
/** The harmonization profiles (paper Table 2 as data). */
export const PROFILES_DIR = join(REPO_ROOT, 'data', 'profiles');
/** The experiment catalog shipped with the repository (`biorex reproduce NAME`). */
export const CATALOG_DIR = join(REPO_ROOT, 'experiments');
/** Paper values shown beside ours in reports. */
export const PAPER_DIR = join(CATALOG_DIR, 'paper');
/** The JSON Schema of experiment specs, generated from the zod schema. */
export const SCHEMA_FILE = join(CATALOG_DIR, 'schema.json');

/** Where the corpus folders live: `$BIOREX_DATA`, else `data/corpora` in the repository. */
export function defaultDataRoot(): string {
  const env = process.env.BIOREX_DATA;
  return env && env.trim() !== '' ? resolve(env) : resolve(REPO_ROOT, 'data/corpora');
}

/** Work dir: instance-set cache and run dirs (`$BIOREX_WORK`, else ./work). */
export function defaultWorkDir(): string {
  return resolve(process.env.BIOREX_WORK ?? 'work');
}

/** The tracking store: `$BIOREX_DB`, else `<work>/biorex.sqlite`. */
export function defaultStorePath(work: string = defaultWorkDir()): string {
  return resolve(process.env.BIOREX_DB ?? join(work, 'biorex.sqlite'));
}

/** The work dir and store a command uses: its --work / --db when given, else the defaults above. */
export function workAndStore(opts: { work?: string; db?: string }): { work: string; db: string } {
  const work = opts.work ? resolve(opts.work) : defaultWorkDir();
  return { work, db: opts.db ? resolve(opts.db) : defaultStorePath(work) };
}
