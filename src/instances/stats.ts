// A Table 2-style summary of instance sets: one row per corpus and split.
import Table from 'cli-table3';
import { loadProfile, pairClass, type Profile } from '../harmonize/index.ts';
import { LOST_REASONS, type LostReason, type SplitStats } from './generate.ts';
import type { SetResult } from './build.ts';

export interface StatsRow {
  set: string;
  corpus: string;
  split: string;
  /** Table 1 rule codes, e.g. `a1 b1 c2 d1 e2`. */
  rules: string;
  docs: number;
  /** Sentences of the documents (sentence-level corpora; 0 at document level). */
  sentences: number;
  /** Gold relation lines read. */
  relations: number;
  /** Distinct gold pairs. */
  goldPairs: number;
  /** Gold pairs that became an instance. */
  represented: number;
  lost: Record<LostReason, number>;
  instances: number;
  positives: number;
  /** c3: uncurated pairs not trained on. */
  uncuratedDropped: number;
  /** Instances by BioRED pair class (`<C,D>`, `<G,G>`, …). */
  byPairType: Record<string, number>;
  byLabel: Record<string, number>;
}

function classPairs(p: Profile, byPairType: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(byPairType)) {
    const [a, b] = k.split('|');
    const c = pairClass(p, [a, b]);
    out[c] = (out[c] ?? 0) + v;
  }
  return out;
}

/** Rows for the sets' statistics, in set order, corpus order and split order. */
export function statsReport(sets: { name: string; result: SetResult }[]): StatsRow[] {
  const rows: StatsRow[] = [];
  for (const { name, result } of sets) {
    for (const [corpus, splits] of Object.entries(result.stats)) {
      const p = loadProfile(corpus);
      const r = p.rules;
      for (const [split, s] of Object.entries(splits) as [string, SplitStats][]) {
        rows.push({
          set: name,
          corpus,
          split,
          rules: `${r.a} ${r.b} ${r.c} ${r.d} ${r.e}`,
          docs: s.docs,
          sentences: s.sentences ?? 0,
          relations: s.relations,
          goldPairs: s.goldPairs,
          represented: s.represented,
          lost: s.lost,
          instances: s.instances,
          positives: s.positives,
          uncuratedDropped: s.uncuratedDropped,
          byPairType: classPairs(p, s.byPairType),
          byLabel: s.byLabel,
        });
      }
    }
  }
  return rows;
}

const SHORT: Record<LostReason, string> = { self: 'self', missingEntity: 'no mention', pairType: 'pair type', noSharedSentence: 'no sentence' };

function list(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join('\n');
}

/** The rows as a text table (cli-table3); lists inside a cell are one item per line. */
export function statsTable(rows: StatsRow[]): string {
  const t = new Table({
    head: ['corpus', 'split', 'rules', 'docs', 'sentences', 'relations', 'represented', 'lost', 'instances', 'positives', 'by pair', 'by label'],
    style: { head: [], border: [] },
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'left', 'left'],
  });
  for (const r of rows) {
    const lost = LOST_REASONS.filter((k) => r.lost[k] > 0).map((k) => `${SHORT[k]} ${r.lost[k]}`);
    t.push([
      r.corpus,
      r.split,
      r.rules,
      r.docs,
      r.sentences > 0 ? r.sentences : '–',
      r.relations === r.goldPairs ? r.relations : `${r.relations} (${r.goldPairs} pairs)`,
      r.represented,
      lost.length ? lost.join('\n') : '0',
      r.instances + (r.uncuratedDropped ? `\n(${r.uncuratedDropped} c3-dropped)` : ''),
      r.positives,
      list(r.byPairType),
      list(r.byLabel),
    ]);
  }
  return t.toString();
}

/** Totals per file of a set (`train 104755 instances, 20880 positives, 7150 docs`), one line per file. */
export function setSummary(name: string, result: SetResult): string {
  const m = result.manifest;
  const lines = [`${name}: ${m.name}${result.cached ? ' (up to date, not rebuilt)' : ''}`];
  for (const [split, c] of Object.entries(m.counts.bySplit))
    lines.push(
      `  ${split}: ${c.docs} docs, ${c.instances} instances, ${c.positives} positives (${m.labels
        .filter((l) => m.counts.byLabel[split]?.[l])
        .map((l) => `${l} ${m.counts.byLabel[split][l]}`)
        .join(', ')})`,
    );
  lines.push(`  labels (${m.labels.length}): ${m.labels.join(', ')}`);
  lines.push(`  special tokens: ${m.specialTokens.join(' ')}`);
  if (m.merge) {
    const removed = Object.entries(m.merge.overlapRemoved).filter(([, v]) => v.docs > 0);
    lines.push(
      `  overlap with ${m.merge.overlapAgainst} removed: ${removed.length ? removed.map(([k, v]) => `${k} ${v.docs} docs (${v.pmids.length} PMIDs)`).join(', ') : 'none'}`,
    );
    for (const [k, why] of Object.entries(m.merge.excluded)) lines.push(`  excluded ${k}: ${why}`);
  }
  for (const n of m.notes ?? []) lines.push(`  note: ${n}`);
  if (m.skipped)
    lines.push(`  skipped (--lenient): ${m.skipped.total} bad input item(s): ${Object.entries(m.skipped.byFile).map(([f, n]) => `${f} ${n}`).join(', ')} (manifest "skipped")`);
  return lines.join('\n');
}

/** The drug-combination set (paper Table 5) by split: sentences, gold combinations by class and size, candidates. */
export function combinationStatsTable(stats: Record<string, import('./drugcombo.ts').CombinationSplitStats>): string {
  const t = new Table({
    head: ['split', 'sentences', 'with comb.', 'drugs', 'combinations', 'by class', 'by size (drugs)', 'class × size', 'context needed', 'candidates', 'by label', 'candidates by size'],
    style: { head: [], border: [] },
    colAligns: ['left', 'right', 'right', 'right', 'right', 'left', 'left', 'left', 'right', 'right', 'left', 'left'],
  });
  const bySize = (m: Record<string, number>) =>
    Object.entries(m)
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
  for (const [split, s] of Object.entries(stats)) {
    t.push([
      split,
      s.sentences,
      s.withCombinations,
      s.drugs,
      s.gold.total,
      list(s.gold.byClass),
      bySize(s.gold.bySize),
      Object.entries(s.gold.byClassAndSize)
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([c, m]) => `${c} ${Object.entries(m).map(([k, v]) => `${k}:${v}`).join(' ')}`)
        .join('\n'),
      s.gold.contextNeeded,
      s.candidates.total,
      list(s.candidates.byLabel),
      bySize(s.candidates.bySize),
    ]);
  }
  return t.toString();
}
