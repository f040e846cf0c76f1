// The corpus registry (data/corpora.json): where each corpus comes from, its files with checksums,
// and how it is split. Validated on load so a bad edit names the path and the fix.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { DEFAULT_REGISTRY_PATH, REPO_ROOT } from '../locations.ts';

// drugcombo-jsonl: n-ary drug combinations (read by drugcombo.ts, not as Documents); renet-gda:
// [abstracts.txt, anns.txt, labels.csv] of one RENET/GDA split.
const Format = z.enum(['pubtator', 'bioc-xml', 'bioc-json', 'drugprot-tsv', 'ddi-xml-zip', 'ppi-xml', 'drugcombo-jsonl', 'renet-gda']);
export type CorpusFormat = z.infer<typeof Format>;

const Source = z.object({
  url: z.string().url(),
  /** `official`: the corpus's own release; `mirror`: a third-party copy whose bytes match the registered checksum. */
  kind: z.enum(['official', 'mirror']),
  /** Path of the file inside a zip archive at `url` (matched exactly or as a path suffix). */
  member: z.string().optional(),
  note: z.string().optional(),
});
export type SourceEntry = z.infer<typeof Source>;

const FileEntrySchema = z.object({
  path: z.string().min(1),
  role: z.string(),
  format: Format.optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  bytes: z.number().int().nonnegative().optional(),
  /** false: a known partial copy (see note). */
  complete: z.boolean(),
  note: z.string(),
  /**
   * Why a downloadable file has no registered sha256 yet (a corpus not on the development machine):
   * `data fetch` then installs it unverified and prints its sha256 so that it can be registered.
   */
  checksumPending: z.string().min(1).optional(),
  sources: z.array(Source),
});
export type FileEntry = z.infer<typeof FileEntrySchema>;

const SplitInputSchema = z.object({
  format: Format,
  /** drugprot-tsv: [abstracts, entities, relations]; ddi-xml-zip: [zip] with `members` folders. */
  files: z.array(z.string()).min(1),
  members: z.array(z.string()).optional(),
});
export type SplitInput = z.infer<typeof SplitInputSchema>;

const GroupPattern = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const RandomSplitSchema = z.object({
  kind: z.literal('random'),
  note: z.string().optional(),
  input: SplitInputSchema,
  seed: z.union([z.number(), z.string()]),
  /** split name → fraction of document groups; the first split takes what the others leave. */
  fractions: z.record(z.string(), z.number().positive().max(1)),
  /** Document-group regex: capture group 1 is the group key (a doc id that does not match is its own group). */
  group: GroupPattern.optional(),
  folds: z.object({ k: z.number().int().min(2), seed: z.union([z.number(), z.string()]) }).optional(),
});
export type RandomSplitDef = z.infer<typeof RandomSplitSchema>;

const OfficialSplitSchema = z.object({
  kind: z.literal('official'),
  note: z.string().optional(),
  sets: z.record(z.string(), SplitInputSchema),
});
export type OfficialSplitDef = z.infer<typeof OfficialSplitSchema>;

const CorpusSchema = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  /** Folder under the data root (`origin: download`) or under the repository (`origin: bundled`). */
  folder: z.string().min(1),
  origin: z.enum(['download', 'bundled']),
  title: z.string(),
  homepage: z.string(),
  licence: z.string(),
  idSeparators: z.array(z.string()),
  /** Known entity types: a mention of another type is an input error. Absent: any type. */
  entityTypes: z.array(z.string()).optional(),
  groupPattern: GroupPattern.optional(),
  groupNote: z.string().optional(),
  splits: z.discriminatedUnion('kind', [OfficialSplitSchema, RandomSplitSchema]),
  /**
   * The splits the corpus contributes as an EXTERNAL corpus of a merged training set: its training
   * data only (the authors' build: BC5CDR train + dev, DDI and DrugProt train, the 80 % part of the
   * corpora without an official split). Absent: `["train"]` (see trainingSplitsOf).
   */
  trainingSplits: z.array(z.string().min(1)).min(1).optional(),
  /** Document ids known to occur in two files of one split (kept as two documents; see the split note). */
  knownDuplicateIds: z.array(z.string()).default([]),
  /** Other copies of a split in other formats (for equivalence checks), by split name. */
  alternates: z.record(z.string(), z.array(SplitInputSchema)).optional(),
  files: z.array(FileEntrySchema),
});
export type CorpusEntry = z.infer<typeof CorpusSchema>;

const RegistrySchema = z.object({
  $comment: z.string().optional(),
  version: z.literal(1),
  corpora: z.array(CorpusSchema),
});

export interface Registry {
  /** Where the registry was read from (messages), or `<memory>`. */
  source: string;
  corpora: CorpusEntry[];
}

/** Validates a registry object (e.g. a test registry built in memory). */
export function parseRegistry(data: unknown, source = '<memory>'): Registry {
  const r = RegistrySchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError({
      file: source,
      message: `invalid corpus registry at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      fix: 'correct that entry (see docs/corpora.md, "The registry")',
    });
  }
  const reg: Registry = { source, corpora: r.data.corpora };
  for (const c of reg.corpora) checkEntry(c, source);
  const names = new Map<string, string>();
  for (const c of reg.corpora)
    for (const n of [c.name, ...c.aliases]) {
      const k = n.toLowerCase();
      if (names.has(k) && names.get(k) !== c.name)
        throw new InputError({ file: source, message: `corpus name or alias "${n}" is used by ${names.get(k)} and ${c.name}`, fix: 'make names and aliases unique' });
      names.set(k, c.name);
    }
  return reg;
}

/** Every file a split reads must be listed in `files` (so fetch and list know about it). */
function checkEntry(c: CorpusEntry, source: string): void {
  const listed = new Set(c.files.map((f) => f.path));
  const inputs = c.splits.kind === 'official' ? Object.values(c.splits.sets) : [c.splits.input];
  for (const input of [...inputs, ...Object.values(c.alternates ?? {}).flat()])
    for (const f of input.files)
      if (!listed.has(f))
        throw new InputError({ file: source, message: `corpus ${c.name}: split file "${f}" is not in its files list`, fix: `add {"path": "${f}", …} to ${c.name}.files` });
  const splitNames = c.splits.kind === 'official' ? Object.keys(c.splits.sets) : Object.keys(c.splits.fractions);
  for (const t of c.trainingSplits ?? [])
    if (!splitNames.includes(t))
      throw new InputError({ file: source, message: `corpus ${c.name}: trainingSplits names "${t}", which is not one of its splits (${splitNames.join(', ')})`, fix: 'list split names of this corpus' });
  for (const f of c.files) {
    if (f.sha256 && f.checksumPending)
      throw new InputError({ file: source, message: `corpus ${c.name}: file "${f.path}" has a sha256 and a checksumPending note`, fix: 'remove "checksumPending" now that the checksum is registered' });
  }
  if (c.splits.kind === 'random') {
    const total = Object.values(c.splits.fractions).reduce((a, b) => a + b, 0);
    if (Math.abs(total - 1) > 1e-9)
      throw new InputError({ file: source, message: `corpus ${c.name}: split fractions sum to ${total}`, fix: 'make the fractions sum to 1' });
  }
}

/** The splits a corpus contributes as an external training corpus (registry `trainingSplits`, default train). */
export function trainingSplitsOf(c: CorpusEntry): string[] {
  return c.trainingSplits ?? ['train'];
}

const cache = new Map<string, Registry>();

/** Reads (and caches) the registry file; default data/corpora.json. */
export function loadRegistry(path: string = DEFAULT_REGISTRY_PATH): Registry {
  const abs = isAbsolute(path) ? path : resolve(path);
  const hit = cache.get(abs);
  if (hit) return hit;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(abs, 'utf8'));
  } catch (e) {
    throw new InputError({ file: abs, message: `cannot read the corpus registry: ${e instanceof Error ? e.message : String(e)}`, fix: 'restore data/corpora.json from the repository' });
  }
  const reg = parseRegistry(data, abs);
  cache.set(abs, reg);
  return reg;
}

/** Finds a corpus by name or alias (case-insensitive); an unknown name lists the known ones. */
export function findCorpus(name: string, registry: Registry = loadRegistry()): CorpusEntry {
  const k = name.toLowerCase();
  const c = registry.corpora.find((e) => e.name.toLowerCase() === k || e.aliases.some((a) => a.toLowerCase() === k));
  if (!c)
    throw new InputError({
      file: registry.source,
      message: `unknown corpus "${name}"`,
      fix: `use one of: ${registry.corpora.map((e) => e.name).join(', ')}`,
    });
  return c;
}

/** The folder holding a corpus's files. */
export function corpusDir(entry: CorpusEntry, root: string): string {
  return entry.origin === 'bundled' ? resolve(REPO_ROOT, entry.folder) : resolve(root, entry.folder);
}
