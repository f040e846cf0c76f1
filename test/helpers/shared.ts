// Tests that read the real corpora find them in ../shared/corpora (or $BIOREX_SHARED_CORPORA).
// When they are absent, those suites skip with a message instead of failing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_CORPORA =
  process.env.BIOREX_SHARED_CORPORA ?? resolve(REPO_ROOT, '../shared/corpora');
export const HAVE_SHARED_CORPORA = existsSync(resolve(SHARED_CORPORA, 'MANIFEST.json'));

let warned = false;
/** `describe` when the shared corpora are present, otherwise a skipped suite with a clear reason. */
export function describeWithCorpora(title: string, fn: (this: Mocha.Suite) => void): void {
  if (HAVE_SHARED_CORPORA) {
    describe(title, fn);
    return;
  }
  if (!warned) {
    console.warn(`[skip] ${SHARED_CORPORA} not found: tests on the real corpora are skipped.`);
    warned = true;
  }
  describe.skip(`${title} (skipped: ../shared/corpora absent)`, fn);
}

export interface MirrorManifestEntry {
  corpus: string;
  file: string;
  sha256: string;
  bytes: number;
  docs: number | null;
  relations: number | null;
  complete: boolean;
}

/**
 * Every file of the mirror: `MANIFEST.json` plus the manifests of folders that keep their own
 * (`drugcombo/MANIFEST.json`; its `file` paths are relative to the mirror root, like the main one's).
 */
export function mirrorManifest(): MirrorManifestEntry[] {
  const read = (f: string): MirrorManifestEntry[] => JSON.parse(readFileSync(resolve(SHARED_CORPORA, f), 'utf8'));
  const own = ['drugcombo/MANIFEST.json'].filter((f) => existsSync(resolve(SHARED_CORPORA, f)));
  return [...read('MANIFEST.json'), ...own.flatMap(read)];
}
