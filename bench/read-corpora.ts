// Measures reading + splitting all nine corpora (loadCorpus) from a data root.
// Usage: npx tsx bench/read-corpora.ts [DATA_ROOT]   (default ../shared/corpora, else $BIOREX_DATA)
// Writes bench/results/read-corpora.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../src/corpora/index.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(process.argv[2] ?? (existsSync(resolve(repo, '../shared/corpora')) ? resolve(repo, '../shared/corpora') : (process.env.BIOREX_DATA ?? resolve(repo, 'data/corpora'))));
const NAMES = ['BioRED', 'BC5CDR', 'DDI', 'DrugProt', 'AIMed', 'HPRD50', 'EMU', 'PharmGKB', 'DisGeNET'];
const PASSES = 3;

interface Row {
  corpus: string;
  ms: number[];
  /** CPU time of this process (user + system): steadier than wall time when other jobs share the CPUs. */
  cpuMs: number[];
  docs: Record<string, number>;
  relations: Record<string, number>;
  mentions: number;
}

const rows: Row[] = NAMES.map((corpus) => ({ corpus, ms: [], cpuMs: [], docs: {}, relations: {}, mentions: 0 }));
const totals: number[] = [];
const cpuTotals: number[] = [];
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let pass = 0; pass < PASSES; pass++) {
  const t0 = performance.now();
  const c0 = cpuNow();
  for (const row of rows) {
    const t = performance.now();
    const c = cpuNow();
    const r = await loadCorpus(row.corpus, { root });
    row.ms.push(performance.now() - t);
    row.cpuMs.push(cpuNow() - c);
    for (const [split, docs] of Object.entries(r.splits)) {
      row.docs[split] = docs.length;
      row.relations[split] = docs.reduce((n, d) => n + d.relations.length, 0);
    }
    row.mentions = Object.values(r.splits).flat().reduce((n, d) => n + d.mentions.length, 0);
  }
  totals.push(performance.now() - t0);
  cpuTotals.push(cpuNow() - c0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  bench: 'read-corpora',
  what: 'loadCorpus() of the nine corpora (read, validate offsets, split), one process, sequential',
  root,
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  passes: PASSES,
  firstPassMs: Math.round(totals[0]),
  medianPassMs: Math.round(median(totals)),
  firstPassCpuMs: Math.round(cpuTotals[0]),
  medianPassCpuMs: Math.round(median(cpuTotals)),
  loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  corpora: rows.map((r) => ({ corpus: r.corpus, firstMs: Math.round(r.ms[0]), medianMs: Math.round(median(r.ms)), medianCpuMs: Math.round(median(r.cpuMs)), docs: r.docs, relations: r.relations, mentions: r.mentions })),
};
mkdirSync(resolve(repo, 'bench/results'), { recursive: true });
writeFileSync(resolve(repo, 'bench/results/read-corpora.json'), JSON.stringify(result, null, 2) + '\n');
for (const r of result.corpora)
  console.log(`${r.corpus.padEnd(9)} ${String(r.firstMs).padStart(5)} ms first, ${String(r.medianMs).padStart(5)} ms median (cpu ${String(r.medianCpuMs).padStart(5)} ms)  docs ${JSON.stringify(r.docs)} relations ${JSON.stringify(r.relations)}`);
console.log(
  `all nine: ${result.firstPassMs} ms first pass (cold), ${result.medianPassMs} ms median of ${PASSES}; CPU ${result.firstPassCpuMs} / ${result.medianPassCpuMs} ms; load average ${result.loadAverage.join(' ')} → bench/results/read-corpora.json`,
);
