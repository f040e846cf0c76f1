// loadCorpus: registry entry → documents per split (+ folds, problems, orphans).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, ProblemSink, type InputProblem } from '../errors.ts';
import type { Document } from './types.ts';
import { readPubTatorFile } from './pubtator.ts';
import { readBiocXmlFile } from './bioc-xml.ts';
import { readBiocJsonFile } from './bioc-json.ts';
import { readDrugProt, type OrphanCount } from './drugprot.ts';
import { readDdiZip } from './ddi.ts';
import { readRenet } from './renet.ts';
import { defaultDataRoot } from '../locations.ts';
import { readPpiXmlFile } from './ppi-xml.ts';
import { dropDuplicateDocuments } from './reader-common.ts';
import { corpusDir, findCorpus, loadRegistry, type CorpusEntry, type Registry, type SplitInput } from './registry.ts';
import { assignFolds, assignSplits } from './splits.ts';

export interface LoadOptions {
  /** Data directory holding the corpus folders. Default `$BIOREX_DATA` or `data/corpora`. */
  root?: string;
  /** Skip and count bad lines instead of failing on the first. */
  lenient?: boolean;
  /** Registry to use instead of data/corpora.json (tests). */
  registry?: Registry;
  /**
   * A document (id) in two splits of the corpus is an input error (a test document copied into train
   * leaks the test set) unless this is true; then it stays in both and `overlaps` lists it.
   */
  allowSplitOverlap?: boolean;
}

/** A document id found in two splits of one corpus (only with `allowSplitOverlap`). */
export interface SplitOverlap {
  id: string;
  splits: [string, string];
}

export interface LoadedCorpus {
  corpus: CorpusEntry;
  /** split name → documents in file order. */
  splits: Record<string, Document[]>;
  /** document id → 0-based fold, for corpora evaluated with k-fold cross-validation (AIMed, HPRD50). */
  folds?: Map<string, number>;
  /** Problems skipped in lenient mode (empty in strict mode: the first one throws). */
  problems: InputProblem[];
  /** split name → entities/relations whose document is missing (DrugProt's partial abstracts file). */
  orphans?: Record<string, OrphanCount>;
  /** Documents in two splits, kept because `allowSplitOverlap` was set. */
  overlaps?: SplitOverlap[];
}

export interface SplitRead {
  documents: Document[];
  orphans?: OrphanCount;
}

/** Reads one split input (any format) from a corpus folder. */
export async function readSplitInput(corpus: CorpusEntry, input: SplitInput, dir: string, sink: ProblemSink): Promise<SplitRead> {
  const paths = input.files.map((f) => resolve(dir, f));
  for (const p of paths)
    if (!existsSync(p))
      throw new InputError({
        file: p,
        message: `corpus ${corpus.name}: file missing`,
        fix:
          corpus.origin === 'bundled'
            ? 'restore it from the repository (git checkout)'
            : `run \`biorex data fetch ${corpus.name}\` (or \`biorex data fetch --from DIR ${corpus.name}\` with a local mirror), or pass --root / set BIOREX_DATA to the folder holding the corpora`,
      });
  const opts = { sink, separators: corpus.idSeparators, ...(corpus.entityTypes ? { knownTypes: new Set(corpus.entityTypes) } : {}) };
  switch (input.format) {
    case 'pubtator':
      return { documents: (await Promise.all(paths.map((p) => readPubTatorFile(p, opts)))).flat() };
    case 'bioc-xml':
      return { documents: (await Promise.all(paths.map((p) => readBiocXmlFile(p, opts)))).flat() };
    case 'bioc-json':
      return { documents: (await Promise.all(paths.map((p) => readBiocJsonFile(p, opts)))).flat() };
    case 'drugprot-tsv': {
      if (paths.length !== 3) throw new InputError({ file: corpus.name, message: 'a drugprot-tsv split needs 3 files', fix: 'list [abstracts, entities, relations] in the registry' });
      const r = await readDrugProt({ abstracts: paths[0], entities: paths[1], relations: paths[2] }, opts);
      return { documents: r.documents, orphans: r.orphans };
    }
    case 'ddi-xml-zip':
      return { documents: (await Promise.all(paths.map((p) => readDdiZip(p, input.members ?? [], opts)))).flat() };
    case 'ppi-xml':
      return { documents: (await Promise.all(paths.map((p) => readPpiXmlFile(p, opts)))).flat() };
    case 'renet-gda': {
      if (paths.length !== 3) throw new InputError({ file: corpus.name, message: 'a renet-gda split needs 3 files', fix: 'list [abstracts.txt, anns.txt, labels.csv] in the registry' });
      return { documents: (await readRenet({ abstracts: paths[0], anns: paths[1], labels: paths[2] }, opts)).documents };
    }
    case 'drugcombo-jsonl':
      throw new InputError({
        file: paths[0],
        message: `corpus ${corpus.name} holds n-ary drug combinations, which are not binary-relation documents`,
        fix: 'read it with loadDrugCombo (src/corpora/drugcombo.ts); `biorex data stats DrugCombo` and `data build DrugCombo` do',
      });
  }
}

function whereOf(d: Document): string {
  return d.ref ? (d.ref.line !== undefined ? `${d.ref.file}:${d.ref.line}` : d.ref.file) : `document ${d.id}`;
}

/**
 * A document id in two splits (splits in registry order: train, dev, test): strict throws naming both
 * places; lenient keeps it in the later split only (a test document stays a test document) and records
 * the problem; `allow` keeps both and returns the overlaps.
 */
function checkSplitOverlap(splits: Record<string, Document[]>, sink: ProblemSink, allow: boolean): SplitOverlap[] {
  const names = Object.keys(splits);
  const overlaps: SplitOverlap[] = [];
  const drop = new Map<string, Set<string>>(); // split → ids to drop (lenient)
  for (let j = 1; j < names.length; j++) {
    const later = new Map(splits[names[j]].map((d) => [d.id, d]));
    for (let i = 0; i < j; i++)
      for (const d of splits[names[i]]) {
        const copy = later.get(d.id);
        if (!copy) continue;
        if (allow) {
          overlaps.push({ id: d.id, splits: [names[i], names[j]] });
          continue;
        }
        sink.report({
          file: copy.ref?.file ?? names[j],
          line: copy.ref?.line,
          message: `document ${d.id} is in both ${names[i]} (${whereOf(d)}) and ${names[j]}: the ${names[j]} set leaks into ${names[i]}`,
          fix: `remove the copy from the ${names[i]} file; if the overlap is intended, allow it (spec data.allow_split_overlap: true, or --allow-split-overlap)`,
        });
        if (!drop.has(names[i])) drop.set(names[i], new Set());
        drop.get(names[i])!.add(d.id);
      }
  }
  for (const [n, ids] of drop) splits[n] = splits[n].filter((d) => !ids.has(d.id));
  return overlaps;
}

/**
 * Reads a corpus from the data root and splits it: official splits as listed in the registry, or
 * the seeded split (and folds) by document group for corpora without one.
 */
export async function loadCorpus(name: string, opts: LoadOptions = {}): Promise<LoadedCorpus> {
  const registry = opts.registry ?? loadRegistry();
  const corpus = findCorpus(name, registry);
  const dir = corpusDir(corpus, opts.root ?? defaultDataRoot());
  const sink = new ProblemSink(opts.lenient ?? false);
  const splits: Record<string, Document[]> = {};
  const orphans: Record<string, OrphanCount> = {};
  let folds: Map<string, number> | undefined;
  let overlaps: SplitOverlap[] = [];
  const known = new Set(corpus.knownDuplicateIds);
  // one split read from several files: a document repeated across them (the readers check each file)
  const once = (docs: Document[]) => dropDuplicateDocuments(docs, sink, new Map(), known);

  if (corpus.splits.kind === 'official') {
    const names = Object.keys(corpus.splits.sets);
    const reads = await Promise.all(names.map((n) => readSplitInput(corpus, (corpus.splits as { sets: Record<string, SplitInput> }).sets[n], dir, sink)));
    names.forEach((n, i) => {
      splits[n] = once(reads[i].documents);
      const o = reads[i].orphans;
      if (o && (o.mentions > 0 || o.relations > 0)) orphans[n] = o;
    });
    overlaps = checkSplitOverlap(splits, sink, opts.allowSplitOverlap ?? false);
  } else {
    const def = corpus.splits;
    const documents = once((await readSplitInput(corpus, def.input, dir, sink)).documents);
    const ids = documents.map((d) => d.id);
    const assignment = assignSplits(ids, { seed: def.seed, fractions: def.fractions, group: def.group });
    for (const n of Object.keys(def.fractions)) splits[n] = [];
    for (const d of documents) splits[assignment.get(d.id)!].push(d);
    if (def.folds) folds = assignFolds(ids, def.folds.k, def.folds.seed, def.group);
  }
  return {
    corpus,
    splits,
    ...(folds ? { folds } : {}),
    problems: sink.skipped,
    ...(Object.keys(orphans).length > 0 ? { orphans } : {}),
    ...(overlaps.length > 0 ? { overlaps } : {}),
  };
}
