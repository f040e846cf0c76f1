// The text layouts of `biorex runs list | show | compare`: tables and lines for the terminal, from
// the records of query.ts (the JSON outputs are those records as they are).
import Table from 'cli-table3';
import type { RunComparison, RunDetail } from './query.ts';
import type { RunRecord } from './store.ts';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '' : (x * 100).toFixed(1));
const plain = { style: { head: [] as string[], border: [] as string[] } };

/** One line per run: id, hash, status, label, attempts, time, headline F1, error. */
export function formatRunList(runs: readonly { run: RunRecord; f1: number | null | undefined }[]): string {
  if (runs.length === 0) return 'no runs';
  const t = new Table({ head: ['id', 'hash', 'status', 'run', 'attempts', 'time', 'F1', 'error'], ...plain });
  for (const { run: r, f1 } of runs) {
    t.push([
      String(r.id),
      r.hash.slice(0, 10),
      r.status,
      r.label,
      String(r.attempts),
      r.durationS === null ? '' : `${r.durationS.toFixed(0)}s`,
      pct(f1),
      r.status === 'failed' ? `${r.errorKind ?? ''}: ${(r.error ?? '').slice(0, 60)}` : '',
    ]);
  }
  return t.toString();
}

/** A run's configuration, attempts, results, environment and artifacts. */
export function formatRunDetail(d: RunDetail): string {
  const out: string[] = [];
  out.push(`run ${d.id} ${d.hash}`);
  out.push(`  ${d.label} — ${d.status}${d.attempts ? ` after ${d.attempts} attempt(s)` : ''}`);
  out.push(`  configuration ${d.configuration} (mode ${d.mode}), target ${d.target}, externals ${d.externals.join(', ') || '—'}`);
  out.push(`  plm ${d.plm}, seed ${d.seed}, size ${d.size}${d.fold !== null ? `, fold ${d.fold}` : ''}`);
  if (d.plmChain.length > 1) {
    // the encoder this run started from, that run's own PLM, and so on
    out.push('  plm chain (this run ← the run whose encoder it fine-tuned ← …):');
    for (const [i, l] of d.plmChain.entries())
      out.push(`    ${i === 0 ? '  ' : '← '}run ${l.id} ${l.hash}  ${l.label}${i === d.plmChain.length - 1 ? `  (plm ${l.plm})` : ''}`);
  }
  if (d.runDir) out.push(`  run dir ${d.runDir}`);
  if (d.durationS !== null) out.push(`  time ${d.durationS.toFixed(1)} s`);
  if (d.error) out.push(`  error (${d.errorKind}): ${d.error}`);
  for (const at of d.attemptsDetail) {
    out.push(`  attempt ${at.attempt}${at.resumed ? ' (resumed)' : ''}: ${at.outcome ?? 'running'} pid ${at.trainerPid ?? '?'} ${at.startedAt}${at.exitCode !== null ? ` exit ${at.exitCode}` : ''}${at.signal ? ` ${at.signal}` : ''}`);
  }
  if (d.results.length) {
    const t = new Table({ head: ['eval set', 'criterion', 'pair type', 'tp', 'fp', 'fn', 'P', 'R', 'F1'], ...plain });
    for (const x of d.results) t.push([x.evalSet, x.criterion, x.pairType, String(x.tp ?? ''), String(x.fp ?? ''), String(x.fn ?? ''), pct(x.precision), pct(x.recall), pct(x.f1)]);
    out.push(t.toString());
  }
  if (d.environment) {
    const e = d.environment;
    out.push(`  environment: git ${String(e.gitCommit ?? '?').slice(0, 10)}${e.gitDirty ? ' (dirty)' : ''}, node ${e.node}, python ${e.python}, torch ${e.torch}, transformers ${e.transformers}, cuda ${e.cuda ?? '—'}, device ${String(e.device ?? e.gpu ?? '?')}, host ${e.host}`);
  }
  if (d.artifacts.length) out.push(`  artifacts: ${d.artifacts.length} files (${d.artifacts.map((x) => x.kind).filter((k, i, l) => l.indexOf(k) === i).join(', ')})`);
  if (d.stderrTail && d.status !== 'done') out.push('  stderr tail:', ...d.stderrTail.split('\n').map((l) => `    ${l}`));
  return out.join('\n');
}

/** What differs between two runs' identities, and their scores side by side. */
export function formatComparison(c: RunComparison): string {
  const out = [`A = run ${c.a.id} ${c.a.hash.slice(0, 10)} ${c.a.label} (${c.a.status})`, `B = run ${c.b.id} ${c.b.hash.slice(0, 10)} ${c.b.label} (${c.b.status})`];
  if (c.differences.length === 0) out.push('identical identity (same run)');
  for (const d of c.differences) out.push(`  ${d.path}: ${JSON.stringify(d.a)} → ${JSON.stringify(d.b)}`);
  if (c.results.length) {
    const t = new Table({ head: ['eval set', 'criterion', 'pair type', 'F1 A', 'F1 B', 'Δ'], ...plain });
    for (const r of c.results) t.push([r.evalSet, r.criterion, r.pairType, pct(r.a?.f1), pct(r.b?.f1), r.deltaF1 === null ? '' : (r.deltaF1 * 100).toFixed(1)]);
    out.push(t.toString());
  }
  return out.join('\n');
}
