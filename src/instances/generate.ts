// Candidate pairs → instances for one corpus, applying its harmonization profile. Pure: documents in,
// instances and statistics out (no I/O), so the rules can be tested on hand-built documents.
import { ProblemSink } from '../errors.ts';
import { documentText, type Document, type Mention } from '../corpora/index.ts';
import {
  canonicalType,
  isMissingId,
  keepCuratedRelation,
  levelOf,
  negativeLabel,
  orientPair,
  positiveLabel,
  tagsOf,
  widensBodyForKeptRelation,
  type Profile,
  type View,
} from '../harmonize/index.ts';
import { sentenceIndexAt, sentencesOf, type Sentence } from './sentences.ts';
import { promptText, tagWindow, type TagSpan } from './tagging.ts';
import type { Instance } from './types.ts';

export interface GenerateOptions {
  view: View;
  /** Prefix each text with the question naming the corpus and the two entities (MTL: false). */
  prompt: boolean;
  /** Cross-validation folds by document id (AIMed, HPRD50). */
  folds?: ReadonlyMap<string, number>;
  /** Receives unknown entity / relation types: strict throws, lenient skips and counts. */
  sink?: ProblemSink;
}

/** Why a gold relation has no instance. */
export const LOST_REASONS = ['self', 'missingEntity', 'pairType', 'noSharedSentence'] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export interface SplitStats {
  docs: number;
  /** Sentences of the documents, at sentence level (b2) or for a3; 0 for document-level corpora. */
  sentences: number;
  /** Gold relation lines as read. */
  relations: number;
  /** Distinct unordered gold pairs (after duplicates and multi-label pairs collapse). */
  goldPairs: number;
  /** Gold pairs that became an instance. */
  represented: number;
  /**
   * Gold pairs without an instance: `self` (id1 = id2), `missingEntity` (an id never mentioned with a
   * paired type — for a2 corpora this is the a-rule "both entities in the abstract"), `pairType`
   * (types are not an allowed pair), `noSharedSentence` (b2 / a3: no sentence holds both).
   */
  lost: Record<LostReason, number>;
  /** Pairs annotated with several different types (the last one in file order is kept, as the reference). */
  multiLabelPairs: number;
  instances: number;
  positives: number;
  /** c3: uncurated candidate pairs not trained on. */
  uncuratedDropped: number;
  /** Mentions of types missing from the profile (lenient mode only; strict mode throws). */
  unknownTypeMentions: number;
  /** Relations of types missing from the profile (lenient mode only). */
  unknownRelationTypes: number;
  /** Ids mentioned with two different canonical types (the first mention's type is used). */
  idTypeConflicts: number;
  byLabel: Record<string, number>;
  byPairType: Record<string, number>;
}

export function emptyStats(): SplitStats {
  return {
    docs: 0,
    sentences: 0,
    relations: 0,
    goldPairs: 0,
    represented: 0,
    lost: { self: 0, missingEntity: 0, pairType: 0, noSharedSentence: 0 },
    multiLabelPairs: 0,
    instances: 0,
    positives: 0,
    uncuratedDropped: 0,
    unknownTypeMentions: 0,
    unknownRelationTypes: 0,
    idTypeConflicts: 0,
    byLabel: {},
    byPairType: {},
  };
}

export function addStats(into: SplitStats, s: SplitStats): SplitStats {
  for (const k of ['docs', 'sentences', 'relations', 'goldPairs', 'represented', 'multiLabelPairs', 'instances', 'positives', 'uncuratedDropped', 'unknownTypeMentions', 'unknownRelationTypes', 'idTypeConflicts'] as const)
    into[k] += s[k];
  for (const r of LOST_REASONS) into.lost[r] += s.lost[r];
  for (const [k, v] of Object.entries(s.byLabel)) into.byLabel[k] = (into.byLabel[k] ?? 0) + v;
  for (const [k, v] of Object.entries(s.byPairType)) into.byPairType[k] = (into.byPairType[k] ?? 0) + v;
  return into;
}

interface Entity {
  id: string;
  type: string;
  firstStart: number;
  /** Text of the first mention (document order): the name the prompt uses. */
  name: string;
  mentions: number[];
  sentences: number[];
}

interface Gold {
  type: string;
  novelty?: string;
  arg1: string;
  arg2: string;
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out;
}

function unionSorted(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

function where(doc: Document, item?: { ref?: { file: string; line?: number } }): { file: string; line?: number } {
  const ref = item?.ref ?? doc.ref;
  return { file: ref?.file ?? `document ${doc.id}`, line: ref?.line };
}

// Splitting is the costly step and a merged build visits a document up to three times (BioREx, TL, MTL).
const sentenceCache = new WeakMap<Document, Map<string, Sentence[]>>();
function cachedSentences(doc: Document, p: Profile, mentions: Mention[]): Sentence[] {
  let byProfile = sentenceCache.get(doc);
  if (!byProfile) sentenceCache.set(doc, (byProfile = new Map()));
  const key = `${p.corpus}\u0000${p.sentences}\u0000${mentions.length}`;
  let s = byProfile.get(key);
  if (!s) byProfile.set(key, (s = sentencesOf(doc, p.sentences!, mentions)));
  return s;
}

/**
 * A candidate pair before a view is chosen: everything of the instance except the label and the final
 * text. Texts and labels of every view derive from it (`toInstance`), so a merged build generates each
 * pair once for the BioREx, TL and MTL sets.
 */
export interface Candidate extends Omit<Instance, 'text' | 'label' | 'novel'> {
  /** The question (ends with `[SEP] `). */
  prompt: string;
  /** The tagged document or co-occurring sentence(s). */
  body: string;
  /** Native type of the curated relation; absent for an uncurated pair (a negative). */
  gold?: string;
  novelty?: string;
}

/** The instance of a candidate in a view; `prompt: false` leaves the question out (MTL). */
export function toInstance(c: Candidate, p: Profile, view: View, prompt: boolean): Instance {
  const label = c.gold !== undefined ? positiveLabel(p, view, c.gold) : negativeLabel(p, view);
  if (label === null) throw new Error(`profile ${p.corpus}: an uncurated candidate under ${p.rules.c}`);
  return {
    id: c.id,
    task: c.task,
    doc: c.doc,
    split: c.split,
    types: c.types,
    ids: c.ids,
    text: prompt ? c.prompt + c.body : c.body,
    label,
    ...(c.novelty !== undefined ? { novel: c.novelty } : {}),
    level: c.level,
    ...(c.fold !== undefined ? { fold: c.fold } : {}),
  };
}

/** Instances of one document in the options' view. `stats` is updated in place. */
export function documentInstances(doc: Document, split: string, p: Profile, opts: GenerateOptions, stats: SplitStats): Instance[] {
  return documentCandidates(doc, split, p, opts, stats).map((c) => {
    const inst = toInstance(c, p, opts.view, opts.prompt);
    stats.byLabel[inst.label] = (stats.byLabel[inst.label] ?? 0) + 1;
    return inst;
  });
}

/** Candidate pairs of one document. `stats` is updated in place (all but `byLabel`, which depends on the view). */
export function documentCandidates(doc: Document, split: string, p: Profile, opts: Pick<GenerateOptions, 'folds' | 'sink'>, stats: SplitStats): Candidate[] {
  const sink = opts.sink ?? new ProblemSink(false);
  const level = levelOf(p);
  const pairedTypes = new Set(p.pairs.flat());
  stats.docs++;

  // 1. mentions of paired types, in document order
  const kept: { m: Mention; type: string; keys: string[] }[] = [];
  for (const m of doc.mentions) {
    const t = canonicalType(p, m.type);
    if (t === undefined) {
      stats.unknownTypeMentions++;
      sink.report({
        ...where(doc, m),
        message: `document ${doc.id}: entity type "${m.type}" (mention "${m.text}") is not in the ${p.corpus} harmonization profile`,
        fix: `add "${m.type}" to entityTypes (to pair it) or ignoredEntityTypes (to skip it) in data/profiles/${p.corpus.toLowerCase()}.json`,
      });
      continue;
    }
    if (t === null || !pairedTypes.has(t)) continue;
    const raw = p.entityIds === 'mention' && m.annotationId !== undefined ? [m.annotationId] : m.ids;
    const keys = [...new Set(raw.filter((id) => !isMissingId(id)))];
    if (keys.length > 0) kept.push({ m, type: t, keys });
  }
  kept.sort((a, b) => a.m.start - b.m.start || a.m.end - b.m.end);

  // 2. sentences (b2, a3)
  const needSentences = p.sentences !== undefined;
  const sentences: Sentence[] = needSentences ? cachedSentences(doc, p, kept.map((k) => k.m)) : [];
  stats.sentences += sentences.length;

  // 3. entities: one per id
  const entities = new Map<string, Entity>();
  kept.forEach((k, idx) => {
    const s = needSentences ? sentenceIndexAt(sentences, k.m.start) : -1;
    for (const id of k.keys) {
      let e = entities.get(id);
      if (!e) {
        e = { id, type: k.type, firstStart: k.m.start, name: k.m.text, mentions: [], sentences: [] };
        entities.set(id, e);
      } else if (e.type !== k.type) stats.idTypeConflicts++;
      e.mentions.push(idx);
      if (s >= 0 && e.sentences[e.sentences.length - 1] !== s) e.sentences.push(s);
    }
  });
  const order = [...entities.values()].sort((a, b) => a.firstStart - b.firstStart || cmp(a.id, b.id));

  // 4. gold relations, keyed by unordered pair
  const gold = new Map<string, Gold>();
  for (const r of doc.relations) {
    stats.relations++;
    if (!p.nativeLabels.includes(r.type)) {
      stats.unknownRelationTypes++;
      sink.report({
        ...where(doc, r),
        message: `document ${doc.id}: relation type "${r.type}" is not a ${p.corpus} label (${p.nativeLabels.join(', ')})`,
        fix: `correct the relation type, or add it to nativeLabels${p.rules.d === 'd1' ? ' and relationMap' : ''} in data/profiles/${p.corpus.toLowerCase()}.json`,
      });
      continue;
    }
    const key = pairKey(r.arg1, r.arg2);
    const prev = gold.get(key);
    if (prev && prev.type !== r.type) stats.multiLabelPairs++;
    gold.set(key, { type: r.type, novelty: r.novelty, arg1: r.arg1, arg2: r.arg2 });
  }
  stats.goldPairs += gold.size;
  for (const g of gold.values()) {
    if (g.arg1 === g.arg2) stats.lost.self++;
    else {
      const a = entities.get(g.arg1);
      const b = entities.get(g.arg2);
      if (!a || !b) stats.lost.missingEntity++;
      else if (orientPair(p, a.type, b.type) === null) stats.lost.pairType++;
    }
  }

  // 5. candidate pairs
  const text = documentText(doc);
  const out: Candidate[] = [];
  const fold = opts.folds?.get(doc.id);
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      const orient = orientPair(p, order[i].type, order[j].type);
      if (orient === null) continue;
      const [e1, e2] = orient === 'forward' ? [order[i], order[j]] : [order[j], order[i]];
      const g = gold.get(pairKey(e1.id, e2.id));
      const shared = needSentences ? intersectSorted(e1.sentences, e2.sentences) : [];
      let bodySentences: number[] = shared;
      if (level === 'sentence' && shared.length === 0) {
        if (!(g && widensBodyForKeptRelation(p))) {
          if (g) stats.lost.noSharedSentence++;
          continue;
        }
        bodySentences = unionSorted(e1.sentences, e2.sentences);
      }
      if (g) {
        if (!keepCuratedRelation(p, { bothInDocument: true, shareSentence: shared.length > 0 })) {
          stats.lost.noSharedSentence++;
          continue;
        }
        stats.represented++;
        stats.positives++;
      } else if (negativeLabel(p, 'harmonized') === null) {
        stats.uncuratedDropped++; // c3: not trained on, in any view
        continue;
      }

      // tags around every mention of the two entities; a mention carrying both ids takes e1's tag
      const t1 = tagsOf(p, e1.type);
      const t2 = tagsOf(p, e2.type);
      const spans: TagSpan[] = [];
      const own = new Set(e1.mentions);
      for (const idx of e1.mentions) spans.push({ start: kept[idx].m.start, end: kept[idx].m.end, open: t1.open, close: t1.close });
      for (const idx of e2.mentions) if (!own.has(idx)) spans.push({ start: kept[idx].m.start, end: kept[idx].m.end, open: t2.open, close: t2.close });
      const body =
        level === 'document'
          ? tagWindow(text, 0, text.length, spans)
          : bodySentences.map((s) => tagWindow(text, sentences[s].start, sentences[s].end, spans)).join(' ');
      const c: Candidate = {
        id: `${p.corpus}/${split}/${doc.id}/${e1.id}|${e2.id}`,
        task: p.corpus,
        doc: doc.id,
        split,
        types: [e1.type, e2.type],
        ids: [e1.id, e2.id],
        prompt: promptText(p.promptName, { name: e1.name, ...t1 }, { name: e2.name, ...t2 }),
        body,
        level,
      };
      if (g) {
        c.gold = g.type;
        if (g.novelty !== undefined) c.novelty = g.novelty;
      }
      if (fold !== undefined) c.fold = fold;
      out.push(c);
      stats.instances++;
      const pt = `${e1.type}|${e2.type}`;
      stats.byPairType[pt] = (stats.byPairType[pt] ?? 0) + 1;
    }
  }
  return out;
}

/**
 * Candidates of every document of one split, in input order, generated lazily (large sets are written
 * as they are generated). Ids are made unique with `#n` when a split repeats a document id.
 */
export function* iterateSplitCandidates(
  docs: readonly Document[],
  split: string,
  p: Profile,
  opts: Pick<GenerateOptions, 'folds' | 'sink'>,
  stats: SplitStats,
  seen: Map<string, number> = new Map(),
): Generator<Candidate> {
  for (const doc of docs) {
    for (const c of documentCandidates(doc, split, p, opts, stats)) {
      const n = seen.get(c.id) ?? 0;
      seen.set(c.id, n + 1);
      if (n > 0) c.id = `${c.id}#${n + 1}`;
      yield c;
    }
  }
}

/** Instances of every document of one split in the options' view, lazily; `stats.byLabel` follows the view. */
export function* iterateSplitInstances(
  docs: readonly Document[],
  split: string,
  p: Profile,
  opts: GenerateOptions,
  stats: SplitStats,
  seen: Map<string, number> = new Map(),
): Generator<Instance> {
  for (const c of iterateSplitCandidates(docs, split, p, opts, stats, seen)) {
    const inst = toInstance(c, p, opts.view, opts.prompt);
    stats.byLabel[inst.label] = (stats.byLabel[inst.label] ?? 0) + 1;
    yield inst;
  }
}

/** All instances of one split, with their statistics. */
export function splitInstances(docs: readonly Document[], split: string, p: Profile, opts: GenerateOptions): { instances: Instance[]; stats: SplitStats } {
  const stats = emptyStats();
  const instances = [...iterateSplitInstances(docs, split, p, opts, stats)];
  return { instances, stats };
}
