// Instance sets on disk: one corpus (`buildCorpusSet`) or the merged BioREx / TL / MTL sets
// (`buildMergedSets`). A set is planned first (which documents of which corpus go to which file, with
// which view and prompt), then materialised: generated lazily, streamed to `<split>.jsonl` with its
// sha256, and described by `manifest.json`, written last. Same inputs → byte-identical files, and a
// set whose manifest already matches its inputs is not rebuilt.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem, InputError, ProblemSink, type InputProblem } from '../errors.ts';
import { canonicalJson, sha256, sha256File } from '../hashing.ts';
import { PACKAGE_JSON } from '../locations.ts';
import { findCorpus, isNaryCorpus, loadRegistry, trainingSplitsOf, type Document } from '../corpora/index.ts';
import {
  PAPER_CORPORA,
  labelsOf,
  loadProfile,
  negativeLabel,
  pmidOf,
  positiveLabel,
  profileHash,
  specialTokensOf,
  usableForTransfer,
  type Profile,
  type View,
} from '../harmonize/index.ts';
import { addStats, emptyStats, iterateSplitCandidates, type Candidate, type SplitStats } from './generate.ts';
import { drugComboSet } from './drugcombo.ts';
import { JsonlWriter, readManifestIfAny, writeManifest } from './io.ts';
import { canonicalCorpusName, corpusSourceHashes, readCorpus, type LoadedCorpus, type Registry } from './source.ts';
import type { DatasetManifest } from './types.ts';

/** Bump when instance generation changes in a way that changes files (instances or manifest): invalidates cached builds. */
export const INSTANCE_FORMAT_VERSION = 3;

export const PACKAGE_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'));
    return String(pkg.version);
  } catch {
    return '0.0.0';
  }
})();

/** One corpus split's documents going into one file of a set. */
interface Part {
  profile: Profile;
  /** The corpus's own split name (instance ids and the `split` field keep it). */
  split: string;
  docs: Document[];
  folds?: ReadonlyMap<string, number>;
  prompt: boolean;
}

interface SetPlan {
  name: string;
  view: View;
  prompt: boolean;
  /** Corpora whose labels and tags the set declares, in order (the target first). */
  profiles: Profile[];
  /** file split → parts, in order. */
  files: [string, Part[]][];
  sourceHashes: Record<string, string>;
  buildKey: string;
  notes: string[];
  merge?: MergeInfo;
  problems: InputProblem[];
  /** Unknown entity / relation types found while generating: skipped and counted instead of fatal. */
  lenient: boolean;
}

export interface MergeInfo {
  target: string;
  externals: string[];
  /** Corpora left out of this set, with the reason. */
  excluded: Record<string, string>;
  /** Documents of an external corpus whose PMID is in the target's test set, removed from training. */
  overlapRemoved: Record<string, { docs: number; pmids: string[] }>;
  /** Which target split the overlap was checked against. */
  overlapAgainst: string;
}

/** What `materialise` reports besides the manifest: statistics per corpus and split. */
export interface SetResult {
  manifest: DatasetManifest;
  /** corpus → its split → generation statistics. */
  stats: Record<string, Record<string, SplitStats>>;
  /** true when the set on disk already matched its inputs and was not rebuilt. */
  cached: boolean;
  problems: InputProblem[];
}

/** Lenient skips, recorded in the manifest: how many, per file, and the first ones in words. */
function skippedOf(problems: InputProblem[]): Pick<DatasetManifest, 'skipped'> {
  if (problems.length === 0) return {};
  const byFile: Record<string, number> = {};
  for (const p of problems) byFile[p.file] = (byFile[p.file] ?? 0) + 1;
  return { skipped: { total: problems.length, byFile, first: problems.slice(0, 20).map(formatProblem) } };
}

function labelSet(profiles: Profile[], view: View) {
  const labels: string[] = [];
  const negatives: string[] = [];
  const tasks: Record<string, string[]> = {};
  const specialTokens: string[] = [];
  for (const p of profiles) {
    const { negatives: n, positives: pos } = labelsOf(p, view);
    tasks[p.corpus] = [...n, ...pos];
    for (const l of [...n, ...pos]) if (!labels.includes(l)) labels.push(l);
    for (const l of n) if (!negatives.includes(l)) negatives.push(l);
    for (const t of specialTokensOf(p)) if (!specialTokens.includes(t)) specialTokens.push(t);
  }
  return { labels, negatives, tasks, specialTokens };
}

function setProfileHash(profiles: Profile[]): string {
  if (profiles.length === 1) return profileHash(profiles[0]);
  return sha256(canonicalJson(Object.fromEntries(profiles.map((p) => [p.corpus, profileHash(p)]))));
}

const J = JSON.stringify;

/**
 * The JSONL line of a candidate in one view: byte-identical to `JSON.stringify(toInstance(…))`, but
 * the (long) body is escaped once per candidate and shared by every set it goes to. Escaping the
 * prompt and the body separately and joining them is exact: the prompt ends in "[SEP] ", never in a
 * lone surrogate.
 */
class CandidateLines {
  private head?: string;
  private bodyJson?: string;
  private withPrompt?: string;
  constructor(private readonly c: Candidate) {}
  line(p: Profile, view: View, prompt: boolean): { line: string; label: string } {
    const c = this.c;
    const label = c.gold !== undefined ? positiveLabel(p, view, c.gold) : negativeLabel(p, view);
    if (label === null) throw new Error(`profile ${p.corpus}: an uncurated candidate under ${p.rules.c}`);
    this.head ??= `{"id":${J(c.id)},"task":${J(c.task)},"doc":${J(c.doc)},"split":${J(c.split)},"types":${J(c.types)},"ids":${J(c.ids)},"text":`;
    this.bodyJson ??= J(c.body);
    let text = this.bodyJson;
    if (prompt) text = this.withPrompt ??= J(c.prompt).slice(0, -1) + this.bodyJson.slice(1);
    const tail = `,"label":${J(label)}${c.novelty !== undefined ? `,"novel":${J(c.novelty)}` : ''},"level":${J(c.level)}${c.fold !== undefined ? `,"fold":${J(c.fold)}` : ''}}`;
    return { line: this.head + text + tail, label };
  }
}

interface FileState {
  writer: JsonlWriter;
  counts: { docs: number; instances: number; positives: number };
  byLabel: Record<string, number>;
  byPairType: Record<string, number>;
}

/** A corpus split generated once, and the set files its candidates go to. */
interface OrderedPart {
  key: string;
  part: Part;
  routes: { set: number; file: string; prompt: boolean }[];
}

/**
 * The global generation order: every part of the plans once, in order of first appearance. Every
 * file's parts must keep their relative order in it (true for the merged sets: the TL and MTL files
 * are subsequences of the BioREx ones).
 */
function generationOrder(plans: SetPlan[]): OrderedPart[] {
  const partKey = (pt: Part) => `${pt.profile.corpus}\u0000${pt.split}`;
  const order: OrderedPart[] = [];
  const byKey = new Map<string, OrderedPart>();
  plans.forEach((plan, set) => {
    for (const [file, parts] of plan.files)
      for (const part of parts) {
        let e = byKey.get(partKey(part));
        if (!e) byKey.set(partKey(part), (e = { key: partKey(part), part, routes: [] }));
        if (!order.includes(e)) order.push(e);
        e.routes.push({ set, file, prompt: part.prompt });
      }
  });
  plans.forEach((plan) => {
    for (const [file, parts] of plan.files) {
      const idx = parts.map((pt) => order.findIndex((e) => e.key === partKey(pt)));
      if (idx.some((v, i) => i > 0 && v < idx[i - 1])) throw new Error(`internal: parts of ${plan.name}/${file} are not in generation order`);
    }
  });
  return order;
}

/** The open files of one set (`out` absent: counting writers, nothing is written). */
async function openFiles(plan: SetPlan, out: string | undefined): Promise<Map<string, FileState>> {
  const m = new Map<string, FileState>();
  for (const [file] of plan.files)
    m.set(file, { writer: await JsonlWriter.open(out ? join(out, `${file}.jsonl`) : undefined), counts: { docs: 0, instances: 0, positives: 0 }, byLabel: {}, byPairType: {} });
  return m;
}

/** Generates one part and writes each candidate, in each route's view, to the files it is routed to. */
async function writePart(
  { part, routes }: OrderedPart,
  plans: SetPlan[],
  files: Map<string, FileState>[],
  negatives: Set<string>[],
  sink: ProblemSink,
  stats: Record<string, Record<string, SplitStats>>[],
): Promise<void> {
  const s = emptyStats();
  const routeLabels = routes.map(() => ({}) as Record<string, number>);
  for (const c of iterateSplitCandidates(part.docs, part.split, part.profile, { folds: part.folds, sink }, s)) {
    const lines = new CandidateLines(c);
    const pt = `${c.types[0]}|${c.types[1]}`;
    for (let r = 0; r < routes.length; r++) {
      const { set, file, prompt } = routes[r];
      const { line, label } = lines.line(part.profile, plans[set].view, prompt);
      const st = files[set].get(file)!;
      await st.writer.add(line);
      st.counts.instances++;
      if (!negatives[set].has(label)) st.counts.positives++;
      st.byLabel[label] = (st.byLabel[label] ?? 0) + 1;
      st.byPairType[pt] = (st.byPairType[pt] ?? 0) + 1;
      routeLabels[r][label] = (routeLabels[r][label] ?? 0) + 1;
    }
  }
  routes.forEach(({ set, file }, r) => {
    files[set].get(file)!.counts.docs += s.docs;
    const byCorpus = (stats[set][part.profile.corpus] ??= {});
    const own: SplitStats = { ...s, lost: { ...s.lost }, byPairType: { ...s.byPairType }, byLabel: routeLabels[r] };
    byCorpus[part.split] = byCorpus[part.split] ? addStats(byCorpus[part.split], own) : own;
  });
}

/** Closes a set's files and writes its manifest (last: a set without one is incomplete). */
async function finishSet(
  plan: SetPlan,
  files: Map<string, FileState>,
  stats: Record<string, Record<string, SplitStats>>,
  out: string | undefined,
  problems: InputProblem[],
): Promise<SetResult> {
  const { labels, negatives, tasks, specialTokens } = labelSet(plan.profiles, plan.view);
  // the set's target, when its profile is in the set (a TL stage-1 set holds only the externals)
  const target = plan.merge?.target ?? plan.profiles[0].corpus;
  const manifest: DatasetManifest = {
    name: plan.name,
    view: plan.view,
    prompt: plan.prompt,
    labels,
    negativeLabels: negatives,
    specialTokens,
    tasks,
    ...(plan.profiles.some((p) => p.corpus === target) ? { target } : {}),
    profiles: Object.fromEntries(plan.profiles.map((p) => [p.corpus, p])),
    files: {},
    counts: { bySplit: {}, byLabel: {}, byPairType: {} },
    fileHashes: {},
    profileHash: setProfileHash(plan.profiles),
    sourceHashes: plan.sourceHashes,
    createdWith: { tool: 'biorex-workbench', version: PACKAGE_VERSION },
    buildKey: plan.buildKey,
    rules: Object.fromEntries(plan.profiles.map((p) => [p.corpus, p.rules])),
    ...(plan.merge ? { merge: plan.merge } : {}),
    ...(plan.notes.length ? { notes: plan.notes } : {}),
    ...skippedOf(problems),
    generation: stats,
  };
  for (const [file] of plan.files) {
    const st = files.get(file)!;
    const hash = await st.writer.close();
    manifest.files[file] = `${file}.jsonl`;
    if (out) manifest.fileHashes[file] = hash;
    manifest.counts.bySplit[file] = st.counts;
    manifest.counts.byLabel[file] = st.byLabel;
    manifest.counts.byPairType[file] = st.byPairType;
  }
  if (out) await writeManifest(out, manifest);
  return { manifest, stats, cached: false, problems };
}

/**
 * Generates (and, with an output folder, writes) several planned sets in one pass: each corpus split
 * is generated once and its candidates go to every set file that lists it, in that set's view.
 */
async function materialiseAll(plans: SetPlan[], outs: (string | undefined)[]): Promise<SetResult[]> {
  const order = generationOrder(plans);
  const files: Map<string, FileState>[] = [];
  const stats: Record<string, Record<string, SplitStats>>[] = plans.map(() => ({}));
  const negatives = plans.map((plan) => new Set(labelSet(plan.profiles, plan.view).negatives));
  const sink = new ProblemSink(plans.every((p) => p.lenient));
  try {
    for (let i = 0; i < plans.length; i++) files.push(await openFiles(plans[i], outs[i]));
    for (const part of order) await writePart(part, plans, files, negatives, sink, stats);
  } catch (err) {
    for (const m of files) for (const st of m.values()) await st.writer.abort();
    throw err;
  }
  const results: SetResult[] = [];
  for (let i = 0; i < plans.length; i++) results.push(await finishSet(plans[i], files[i], stats[i], outs[i], [...plans[i].problems, ...sink.skipped]));
  return results;
}

async function materialise(plan: SetPlan, out: string | undefined): Promise<SetResult> {
  return (await materialiseAll([plan], [out]))[0];
}

/** A set on disk is current when its manifest has the same build key and every file still has its hash. */
export async function upToDate(out: string, buildKey: string): Promise<DatasetManifest | null> {
  const m = await readManifestIfAny(out);
  if (!m || m.buildKey !== buildKey) return null;
  for (const [split, file] of Object.entries(m.files)) {
    const path = join(out, file);
    if (!existsSync(path) || (await sha256File(path)) !== m.fileHashes[split]) return null;
  }
  return m;
}

export function buildKeyOf(what: unknown): string {
  return sha256(canonicalJson({ format: INSTANCE_FORMAT_VERSION, version: PACKAGE_VERSION, ...(what as object) }));
}

function statsFromManifest(m: DatasetManifest): Record<string, Record<string, SplitStats>> {
  return (m.generation as Record<string, Record<string, SplitStats>> | undefined) ?? {};
}

// ---------------------------------------------------------------------------------------------
// One corpus

export interface CorpusSetOptions {
  corpus: string;
  /** Data root holding the corpus folders (default: the corpora stage's default). */
  root?: string;
  /** Output directory of the set (`<split>.jsonl` + `manifest.json`). Absent: generate only (stats). */
  out?: string;
  view?: View;
  prompt?: boolean;
  lenient?: boolean;
  /** Rebuild even when the set on disk matches its inputs. */
  force?: boolean;
  /** Corpus registry to use instead of data/corpora.json (tests). */
  registry?: Registry;
  /** Accept a document that occurs in two splits of the corpus (an input error otherwise). */
  allowSplitOverlap?: boolean;
}

async function planCorpusSet(o: CorpusSetOptions): Promise<{ plan: () => Promise<SetPlan>; buildKey: string }> {
  const name = canonicalCorpusName(o.corpus, o.registry);
  const profile = loadProfile(name);
  const view = o.view ?? 'harmonized';
  const prompt = o.prompt ?? true;
  const lenient = o.lenient ?? false;
  const allowSplitOverlap = o.allowSplitOverlap ?? false;
  const sourceHashes = await corpusSourceHashes(name, o.root, o.registry);
  const buildKey = buildKeyOf({ kind: 'corpus', corpus: name, view, prompt, lenient, allowSplitOverlap, profile: profileHash(profile), sourceHashes });
  const plan = async (): Promise<SetPlan> => {
    const c = await readCorpus(name, o.root, lenient, sourceHashes, o.registry, allowSplitOverlap);
    return {
      name,
      view,
      prompt,
      profiles: [profile],
      files: Object.entries(c.splits).map(([split, docs]) => [split, [{ profile, split, docs, folds: c.folds, prompt }]]),
      sourceHashes,
      buildKey,
      notes: corpusNotes(name, c),
      problems: c.problems,
      lenient,
    };
  };
  return { plan, buildKey };
}

/** Notes on a loaded corpus: orphan annotations of the splits used, documents allowed in two splits. */
function corpusNotes(name: string, c: LoadedCorpus, used: string[] = Object.keys(c.splits)): string[] {
  const notes = Object.entries(c.orphans ?? {}).filter(([split]) => used.includes(split)).map(
    ([split, o]) => `${name} ${split}: ${o.documents} documents have annotations but no text in ${o.file} (${o.mentions} mentions, ${o.relations} relations not used)`,
  );
  if (c.overlaps?.length)
    notes.push(`${name}: ${c.overlaps.length} documents are in two splits (allowed): ${c.overlaps.slice(0, 10).map((o) => `${o.id} (${o.splits.join(', ')})`).join('; ')}${c.overlaps.length > 10 ? ' …' : ''}`);
  return notes;
}

/** Builds one corpus's instance set in `out` (skipped when already current). */
export async function buildCorpusSet(o: CorpusSetOptions & { out: string }): Promise<DatasetManifest> {
  return (await corpusSet(o)).manifest;
}

/** Like buildCorpusSet, with statistics; without `out` nothing is written (for `biorex data stats`). */
export async function corpusSet(o: CorpusSetOptions): Promise<SetResult> {
  // n-ary drug combinations have their own builder (no harmonization profile, no view or prompt)
  if (isNaryCorpus(findCorpus(o.corpus, o.registry ?? loadRegistry())))
    return drugComboSet({ corpus: o.corpus, root: o.root, out: o.out, lenient: o.lenient, force: o.force });
  const { plan, buildKey } = await planCorpusSet(o);
  if (o.out && !o.force) {
    const m = await upToDate(o.out, buildKey);
    if (m) return { manifest: m, stats: statsFromManifest(m), cached: true, problems: [] };
  }
  return materialise(await plan(), o.out);
}

// ---------------------------------------------------------------------------------------------
// Merged sets: BioREx (harmonized, prompt), TL stage 1 (externals, native, prompt), MTL (native, no prompt)

export interface MergedSetsOptions {
  target: string;
  /** External corpora, or `all` = every paper corpus except the target. */
  externals: string[] | 'all';
  root?: string;
  /** Parent directory: the sets go to `<out>/biorex`, `<out>/tl`, `<out>/mtl`. Absent: generate only. */
  out?: string;
  lenient?: boolean;
  force?: boolean;
  /** Corpus registry to use instead of data/corpora.json (tests). */
  registry?: Registry;
  /** Accept a document that occurs in two splits of one corpus (an input error otherwise). */
  allowSplitOverlap?: boolean;
  /**
   * Which splits of each external corpus go into the training sets: `training` (default) = its
   * training data as the authors' build used it (registry `trainingSplits`: BC5CDR train + dev, the
   * others train); `all` = every split, the held-out ones included.
   */
  externalSplits?: 'training' | 'all';
}

export interface MergedSets<T> {
  biorex: T;
  tl: T;
  mtl: T;
}

/** Parses `BioRED+all` / `BioRED+DDI+BC5CDR` into target and externals. */
export function parseMergeSpec(spec: string): { target: string; externals: string[] | 'all' } {
  const parts = spec.split('+').map((s) => s.trim()).filter(Boolean);
  if (parts.length < 2)
    throw new InputError({ file: '--merge', message: `"${spec}" names no external corpus`, fix: 'write TARGET+EXTERNAL[+EXTERNAL…] or TARGET+all, e.g. BioRED+all or BioRED+DDI+BC5CDR' });
  const [target, ...rest] = parts;
  if (rest.some((r) => r.toLowerCase() === 'all')) {
    if (rest.length > 1) throw new InputError({ file: '--merge', message: `"${spec}" mixes "all" with corpus names`, fix: 'write TARGET+all or list the corpora' });
    return { target, externals: 'all' };
  }
  return { target, externals: rest };
}

function resolveExternals(target: string, externals: string[] | 'all', registry?: Registry): string[] {
  const names = externals === 'all' ? PAPER_CORPORA.filter((c) => c !== target) : externals.map((e) => canonicalCorpusName(e, registry));
  const out: string[] = [];
  for (const n of names) {
    if (n === target) throw new InputError({ file: '--merge', message: `the target ${target} is also listed as an external corpus`, fix: 'list it once, first' });
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** Documents of external corpora whose PMID is in the target's test set, removed from training. */
function withoutTestOverlap(
  target: LoadedCorpus,
  targetProfile: Profile,
  externals: { name: string; profile: Profile; corpus: LoadedCorpus; splits: string[] }[],
): { docs: Map<string, [string, Document[]][]>; removed: MergeInfo['overlapRemoved']; against: 'test' | 'all' } {
  // Overlap is checked against the target's test set; a corpus without one (k-fold CV) uses all its documents.
  const against = target.splits.test ? 'test' : 'all';
  const testDocs = target.splits.test ?? Object.values(target.splits).flat();
  const testPmids = new Set(testDocs.map((d) => pmidOf(targetProfile, d.id)).filter((x): x is string => x !== null));
  const removed: MergeInfo['overlapRemoved'] = {};
  const docs = new Map<string, [string, Document[]][]>();
  for (const { name, profile, corpus, splits } of externals) {
    const pmids = new Set<string>();
    let n = 0;
    const kept: [string, Document[]][] = Object.entries(corpus.splits).filter(([split]) => splits.includes(split)).map(([split, ds]) => [
      split,
      ds.filter((d) => {
        const pmid = pmidOf(profile, d.id);
        if (pmid !== null && testPmids.has(pmid)) {
          pmids.add(pmid);
          n++;
          return false;
        }
        return true;
      }),
    ]);
    docs.set(name, kept);
    removed[name] = { docs: n, pmids: [...pmids].sort() };
  }
  return { docs, removed, against };
}

/** What the merged sets are built from: names, profiles, source hashes, and each set's build key. */
async function mergedInputs(o: MergedSetsOptions) {
  const target = canonicalCorpusName(o.target, o.registry);
  const externals = resolveExternals(target, o.externals, o.registry);
  const lenient = o.lenient ?? false;
  const allowSplitOverlap = o.allowSplitOverlap ?? false;
  const externalSplits = o.externalSplits ?? 'training';
  const profiles = new Map([target, ...externals].map((n) => [n, loadProfile(n)]));
  const sourceHashes: Record<string, string> = {};
  const hashesOf: Record<string, Record<string, string>> = {};
  for (const n of [target, ...externals]) Object.assign(sourceHashes, (hashesOf[n] = await corpusSourceHashes(n, o.root, o.registry)));
  const base = { target, externals, lenient, allowSplitOverlap, externalSplits, profiles: Object.fromEntries([...profiles].map(([n, p]) => [n, profileHash(p)])), sourceHashes };
  const keys: MergedSets<string> = {
    biorex: buildKeyOf({ kind: 'merged-biorex', ...base }),
    tl: buildKeyOf({ kind: 'merged-tl', ...base }),
    mtl: buildKeyOf({ kind: 'merged-mtl', ...base }),
  };
  return { target, externals, lenient, allowSplitOverlap, externalSplits, profiles, sourceHashes, hashesOf, keys };
}

/** The merged sets' build keys, and their plans (reading the corpora) for when a set must be built. */
async function planMerged(o: MergedSetsOptions): Promise<{ plan: () => Promise<MergedSets<SetPlan>>; keys: MergedSets<string> }> {
  const inputs = await mergedInputs(o);
  const plan = async (): Promise<MergedSets<SetPlan>> => {
    const loaded = new Map<string, LoadedCorpus>();
    for (const n of [inputs.target, ...inputs.externals]) loaded.set(n, await readCorpus(n, o.root, inputs.lenient, inputs.hashesOf[n], o.registry, inputs.allowSplitOverlap));
    return mergedPlans(inputs, loaded);
  };
  return { plan, keys: inputs.keys };
}

/**
 * The three merged sets: BioREx (every corpus harmonized, with the prompt: the target's train + the
 * externals' training splits, other files the target's own splits), TL stage 1 (the externals with spans,
 * native labels) and MTL (target + externals with spans, native labels, no prompt).
 */
function mergedPlans(inputs: Awaited<ReturnType<typeof mergedInputs>>, loaded: ReadonlyMap<string, LoadedCorpus>): MergedSets<SetPlan> {
  const { target, externals, lenient, externalSplits, profiles, sourceHashes, keys } = inputs;
  const T = loaded.get(target)!;
  const tp = profiles.get(target)!;
  // the splits of each external that train: its training data (registry `trainingSplits`), or all of them
  const usedSplits: Record<string, string[]> = Object.fromEntries(
    externals.map((n) => {
      const c = loaded.get(n)!;
      return [n, externalSplits === 'all' ? Object.keys(c.splits) : trainingSplitsOf(c.corpus).filter((s) => s in c.splits)];
    }),
  );
  const overlap = withoutTestOverlap(T, tp, externals.map((n) => ({ name: n, profile: profiles.get(n)!, corpus: loaded.get(n)!, splits: usedSplits[n] })));
  const problems = [...loaded.values()].flatMap((c) => c.problems);
  const notes = [...loaded.entries()].flatMap(([n, c]) => corpusNotes(n, c, n === target ? undefined : usedSplits[n]));
  const splitList = (names: string[]) => names.map((n) => `${n} ${usedSplits[n].join('+')}`).join(', ');
  const transfer = externals.filter((n) => usableForTransfer(profiles.get(n)!));
  const excluded = Object.fromEntries(
    externals
      .filter((n) => !transfer.includes(n))
      .map((n) => [n, `rule ${profiles.get(n)!.rules.a}: no gold entity spans, so TL and MTL cannot use it (paper Table 3: "–")`]),
  );
  const targetFile = (split: string, prompt: boolean): Part[] => [{ profile: tp, split, docs: T.splits[split], folds: T.folds, prompt }];
  const externalParts = (names: string[], prompt: boolean): Part[] =>
    names.flatMap((n) => overlap.docs.get(n)!.map(([split, docs]) => ({ profile: profiles.get(n)!, split, docs, folds: loaded.get(n)!.folds, prompt })));
  const evalSplits = Object.keys(T.splits).filter((s) => s !== 'train');
  // `train` = the target's train + the externals' parts; the target's other splits as they are
  const withTarget = (names: string[], prompt: boolean): [string, Part[]][] => [
    ['train', [...(T.splits.train ? targetFile('train', prompt) : []), ...externalParts(names, prompt)]],
    ...evalSplits.map((s): [string, Part[]] => [s, targetFile(s, prompt)]),
  ];
  const merge = (ex: Record<string, string>): MergeInfo => ({
    target,
    externals,
    excluded: ex,
    overlapRemoved: overlap.removed,
    overlapAgainst: `${target}/${overlap.against}`,
  });
  const common = { sourceHashes, problems, lenient };
  const name = `${target}+${externals.join('+')}`;

  const biorex: SetPlan = {
    name: `${name} (BioREx)`,
    view: 'harmonized',
    prompt: true,
    profiles: [tp, ...externals.map((n) => profiles.get(n)!)],
    files: withTarget(externals, true),
    buildKey: keys.biorex,
    notes: [
      `train = ${target} train + ${externalSplits === 'all' ? 'every split' : 'the training data'} of the external corpora (harmonized): ${splitList(externals)}; other files = ${target}'s own splits.`,
      ...notes,
    ],
    merge: merge({}),
    ...common,
  };
  const tl: SetPlan = {
    name: `${name} (TL stage 1)`,
    view: 'native',
    prompt: true,
    profiles: transfer.map((n) => profiles.get(n)!),
    files: [['train', externalParts(transfer, true)]],
    buildKey: keys.tl,
    notes: [`stage 1 of transfer learning: the external corpora with their own labels (${splitList(transfer)}); stage 2 uses ${target}'s own set.`, ...notes],
    merge: merge(excluded),
    ...common,
  };
  const mtl: SetPlan = {
    name: `${name} (MTL)`,
    view: 'native',
    prompt: false,
    profiles: [tp, ...transfer.map((n) => profiles.get(n)!)],
    files: withTarget(transfer, false),
    buildKey: keys.mtl,
    notes: ['multi-task learning: one head per task (= corpus, see `tasks`), no prompt.', ...notes],
    merge: merge(excluded),
    ...common,
  };
  return { biorex, tl, mtl };
}

/** Builds `<out>/biorex`, `<out>/tl` and `<out>/mtl` (each skipped when already current). */
export async function buildMergedSets(o: MergedSetsOptions & { out: string }): Promise<MergedSets<DatasetManifest>> {
  const r = await mergedSets(o);
  return { biorex: r.biorex.manifest, tl: r.tl.manifest, mtl: r.mtl.manifest };
}

/** Like buildMergedSets, with statistics; without `out` nothing is written. */
export async function mergedSets(o: MergedSetsOptions): Promise<MergedSets<SetResult>> {
  const { plan, keys } = await planMerged(o);
  const dirs: MergedSets<string | undefined> = o.out
    ? { biorex: join(o.out, 'biorex'), tl: join(o.out, 'tl'), mtl: join(o.out, 'mtl') }
    : { biorex: undefined, tl: undefined, mtl: undefined };
  const cached: Partial<MergedSets<DatasetManifest>> = {};
  if (o.out && !o.force)
    for (const k of ['biorex', 'tl', 'mtl'] as const) {
      const m = await upToDate(dirs[k]!, keys[k]);
      if (m) cached[k] = m;
    }
  if (cached.biorex && cached.tl && cached.mtl) {
    const wrap = (m: DatasetManifest): SetResult => ({ manifest: m, stats: statsFromManifest(m), cached: true, problems: [] });
    return { biorex: wrap(cached.biorex), tl: wrap(cached.tl), mtl: wrap(cached.mtl) };
  }
  const plans = await plan();
  const todo = (['biorex', 'tl', 'mtl'] as const).filter((k) => !cached[k]);
  const built = await materialiseAll(todo.map((k) => plans[k]), todo.map((k) => dirs[k]));
  const result = {} as MergedSets<SetResult>;
  for (const k of ['biorex', 'tl', 'mtl'] as const) {
    const m = cached[k];
    result[k] = m ? { manifest: m, stats: statsFromManifest(m), cached: true, problems: [] } : built[todo.indexOf(k)];
  }
  return result;
}
