// Plain-text renderings of a BioRED score (the authors' result-file layout, for `biorex eval`).
import type { BioREDScore } from './biored.ts';
import type { Criterion } from '../vocabulary.ts';
import type { ScoreRow } from './types.ts';

const pct = (x: number) => (100 * x).toFixed(2);

function line(label: string, r: ScoreRow): string {
  return [label, r.tp + r.fn, r.tp, r.fp, r.fn, pct(r.p), pct(r.r), pct(r.f)].join('\t');
}

/**
 * One block per criterion: `Overall gold TP FP FN P R F`, then by pair type × relation type, by
 * pair type, and by relation type (P/R/F in percent).
 */
export function formatScoreText(score: BioREDScore): string {
  const out: string[] = [];
  out.push(`# ${score.evalSet}  filter=${score.filter}${score.pairSubset ? `  subset=${score.pairSubset}` : ''}`);
  for (const c of score.criteria) {
    const rows = score.rows.filter((r) => r.criterion === c);
    out.push('', `## ${c}`, ['', 'gold', 'TP', 'FP', 'FN', 'P', 'R', 'F'].join('\t'));
    const overall = rows.find((r) => r.pairType === 'all' && r.relType === undefined);
    if (overall) out.push(line('Overall', overall));
    const byPair = rows.filter((r) => r.pairType !== 'all' && r.relType === undefined);
    if (byPair.length) out.push('', ...byPair.map((r) => line(r.pairType, r)));
    const byRel = rows.filter((r) => r.pairType === 'all' && r.relType !== undefined);
    if (byRel.length) out.push('', ...byRel.map((r) => line(r.relType!, r)));
    const byPairRel = rows.filter((r) => r.pairType !== 'all' && r.relType !== undefined);
    if (byPairRel.length) out.push('', ...byPairRel.map((r) => line(`${r.pairType}|${r.relType}`, r)));
  }
  return out.join('\n') + '\n';
}

/** `<pairType>\t<TP|FP|FN>\t<doc>\t<id1>\t<id2>\t<relType>` lines for error analysis. */
export function formatDetails(score: BioREDScore, criterion: Criterion): string {
  const docs = score.documents?.[criterion] ?? [];
  const out: string[] = [];
  for (const d of docs) {
    for (const [kind, list] of [['TP', d.tps], ['FP', d.fps], ['FN', d.fns]] as const) {
      for (const o of list) out.push([o.pairType, kind, d.doc, o.id1, o.id2, o.relType ?? '', o.novelty ?? ''].join('\t'));
    }
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
