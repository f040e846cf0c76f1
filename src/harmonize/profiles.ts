// Loading, validating and hashing the harmonization profiles in data/profiles/.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { canonicalJson, sha256 } from '../hashing.ts';
import { PROFILES_DIR } from '../locations.ts';
import { ProfileSchema, type Profile } from './schema.ts';

/** The corpora in the paper's Table 2 order (the order `all` expands to), then the bundled sample. */
export const PAPER_CORPORA = ['BioRED', 'AIMed', 'DrugProt', 'DDI', 'HPRD50', 'BC5CDR', 'EMU', 'PharmGKB', 'DisGeNET'] as const;

/** Validates a parsed profile object; `file` names the source in error messages. */
export function parseProfile(raw: unknown, file: string): Profile {
  const r = ProfileSchema.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    const path = first.path.length ? first.path.join('.') : '(top level)';
    throw new InputError({
      file,
      message: `invalid harmonization profile at ${path}: ${first.message}` +
        (r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more problem(s))` : ''),
      fix: 'correct the profile so it matches src/harmonize/schema.ts (see docs/harmonization.md)',
    });
  }
  return r.data;
}

function readProfileFile(file: string): Profile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError({ file, message: `cannot read profile: ${(err as Error).message}`, fix: 'write valid JSON' });
  }
  return parseProfile(raw, file);
}

const cache = new Map<string, Profile>();

/** Every profile in `dir`, keyed by corpus name. */
export function loadProfiles(dir = PROFILES_DIR): Map<string, Profile> {
  const out = new Map<string, Profile>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = join(dir, f);
    const p = cache.get(file) ?? readProfileFile(file);
    cache.set(file, p);
    if (out.has(p.corpus)) throw new InputError({ file, message: `a second profile for corpus "${p.corpus}"`, fix: 'keep one profile per corpus' });
    out.set(p.corpus, p);
  }
  return out;
}

/** The profile of one corpus (name matched case-insensitively; the returned profile has the canonical spelling). */
export function loadProfile(corpus: string, dir = PROFILES_DIR): Profile {
  const all = loadProfiles(dir);
  for (const [name, p] of all) if (name.toLowerCase() === corpus.toLowerCase()) return p;
  throw new InputError({
    file: dir,
    message: `no harmonization profile for corpus "${corpus}"`,
    fix: `use one of ${[...all.keys()].join(', ')}, or add data/profiles/${corpus.toLowerCase()}.json`,
  });
}

/** sha256 of the canonical JSON of the validated profile (defaults filled in, key order irrelevant). */
export function profileHash(p: Profile): string {
  return sha256(canonicalJson(p));
}
