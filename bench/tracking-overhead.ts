// Tracking overhead: log 100,000 step metrics through the store, batched in transactions (as the
// runner does with MetricsBuffer), and report the time. Target: under 1 s.
// Run: npx tsx bench/tracking-overhead.ts  → bench/results/tracking-overhead.json
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/tracking/index.ts';

const N = 100_000;
const KEYS = ['train/loss', 'train/lr', 'train/instances_per_s', 'train/grad_norm'];
const OUT = join(dirname(fileURLToPath(import.meta.url)), 'results', 'tracking-overhead.json');

function measure(batch: number): { seconds: number; perSecond: number; rows: number; dbBytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'biorex-bench-'));
  try {
    const store = openStore(join(dir, 'bench.sqlite'));
    const runId = store.registerRun({
      hash: 'f'.repeat(64), label: 'bench', configuration: 'biorex', mode: 'single', target: 'BioRED',
      externals: [], plm: 'tiny', seed: 1, size: 1, identity: {},
    });
    const buffer = store.metricsBuffer(runId, { maxPoints: batch, maxAgeMs: 60_000 });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      buffer.add({ key: KEYS[i % KEYS.length], step: Math.floor(i / KEYS.length), value: Math.random(), epoch: 1 });
    }
    buffer.flush();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const rows = (store.db.prepare('SELECT COUNT(*) AS n FROM metrics').get() as { n: number }).n;
    store.close();
    return { seconds, perSecond: Math.round(N / seconds), rows, dbBytes: statSync(join(dir, 'bench.sqlite')).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

measure(1000); // warm-up (JIT, page cache)
const batches = [100, 1000, 10_000];
const results = batches.map((batch) => {
  const runs = [1, 2, 3].map(() => measure(batch));
  const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
  return { batch, transactions: Math.ceil(N / batch), ...best, allSeconds: runs.map((r) => +r.seconds.toFixed(4)) };
});
const runner = results.find((r) => r.batch === 1000)!; // MetricsBuffer's default batch
const report = {
  bench: 'tracking-overhead',
  metrics: N,
  target_seconds: 1,
  default_batch: 1000,
  seconds: +runner.seconds.toFixed(4),
  meets_target: runner.seconds < 1,
  by_batch: results,
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version },
  date: new Date().toISOString(),
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(report, null, 2) + '\n');
for (const r of results) {
  console.log(`batch ${String(r.batch).padStart(6)}: ${N} metrics in ${r.seconds.toFixed(3)} s (${r.perSecond.toLocaleString('en')} /s, ${r.transactions} transactions)`);
}
console.log(`default batch (1000): ${runner.seconds.toFixed(3)} s — target < 1 s: ${report.meets_target ? 'met' : 'NOT met'}; wrote ${OUT}`);
