// The instance contract (docs/architecture.md §3): one JSON object per line in `<split>.jsonl`,
// read by the trainer (text, label, task) and by the scorer (doc, ids, types, label, novel).
import type { Profile } from '../harmonize/schema.ts';

export interface Instance {
  /** `<task>/<split>/<doc>/<id1>|<id2>` (+ `#<sentence>` when one pair yields several instances). */
  id: string;
  /** Task name = corpus name (`BioRED`, `DDI`, …): selects the MTL head. */
  task: string;
  doc: string;
  split: string;
  /** Entity types of the two arguments after harmonization (e.g. `ChemicalEntity`, `DrugProt-Chem`). */
  types: [string, string];
  ids: [string, string];
  text: string;
  label: string;
  /** BioRED novelty of a positive pair (`Novel` / `No`); absent for negatives and other corpora. */
  novel?: string;
  level: 'document' | 'sentence';
  /** Cross-validation fold (0-based) for corpora evaluated with k-fold CV. */
  fold?: number;
}

/** Dataset manifest written as `manifest.json` beside the instance files. */
export interface DatasetManifest {
  name: string;
  /** `harmonized` (BioREx labels) or `native` (each corpus's own labels, for TL / MTL). */
  view: 'harmonized' | 'native';
  prompt: boolean;
  /** The full label list, negatives included; the index is the class id. */
  labels: string[];
  /** Labels that mean "no relation" (`None`, `None-DDI`, …). */
  negativeLabels: string[];
  /** Every entity tag used in any text, to add to the tokenizer as special tokens. */
  specialTokens: string[];
  /** Task name → the labels that task's head predicts (MTL). */
  tasks: Record<string, string[]>;
  /**
   * The task whose documents the set's evaluation files hold (the corpus of a one-corpus set, the
   * target of a merged BioREx / MTL set; absent for TL stage 1): what a model trained on the set
   * predicts. The trainer copies it, with `profiles`, `view` and `prompt`, into label_map.json so
   * that `biorex predict` builds new texts as training did.
   */
  target?: string;
  /** Task name → its harmonization profile as validated (entity types, pairs, tags, prompt name). */
  profiles?: Record<string, Profile>;
  /** split name → file name (relative to the manifest). */
  files: Record<string, string>;
  counts: {
    bySplit: Record<string, { docs: number; instances: number; positives: number }>;
    byLabel: Record<string, Record<string, number>>;
    byPairType: Record<string, Record<string, number>>;
  };
  /** sha256 of each instance file, by split. */
  fileHashes: Record<string, string>;
  /** sha256 of the harmonization profiles and of the source files this set was built from. */
  profileHash: string;
  sourceHashes: Record<string, string>;
  createdWith: { tool: string; version: string };
  /** Hash of everything the set was built from (format version, options, profiles, sources): a set whose key matches is not rebuilt. */
  buildKey?: string;
  /** Table 1 rule codes of each corpus in the set (`{ a: 'a1', b: 'b1', … }`). */
  rules?: Record<string, Record<'a' | 'b' | 'c' | 'd' | 'e', string>>;
  /** Merged sets: target, externals, corpora left out (with why) and documents removed for overlap with the target's test set. */
  merge?: {
    target: string;
    externals: string[];
    excluded: Record<string, string>;
    overlapRemoved: Record<string, { docs: number; pmids: string[] }>;
    overlapAgainst: string;
  };
  /** Input problems skipped in lenient mode (absent when none): how many, per file, the first 20 in words. */
  skipped?: { total: number; byFile: Record<string, number>; first: string[] };
  /** Generation statistics: corpus → its split → counts (gold relations, represented, lost by reason, …). */
  generation?: Record<string, Record<string, unknown>>;
  notes?: string[];
}
