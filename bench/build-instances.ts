// Benchmark: build every corpus's instance set plus the merged BioRED+all sets (BioREx, TL, MTL) from
// the shared corpora, cold (nothing cached on disk), in one process — what `biorex data build all
// --merge BioRED+all` does. Target: under 20 s on the 2-core development machine.
// Run: npx tsx bench/build-instances.ts [--root DIR] [--keep DIR]
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAPER_CORPORA } from '../src/harmonize/index.ts';
import { corpusSet, mergedSets } from '../src/instances/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const root = resolve(arg('--root') ?? process.env.BIOREX_SHARED_CORPORA ?? resolve(here, '../../shared/corpora'));
const keep = arg('--keep');
const out = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'biorex-bench-'));

function dirBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) n += f.isDirectory() ? dirBytes(join(dir, f.name)) : statSync(join(dir, f.name)).size;
  return n;
}

const steps: { step: string; seconds: number; cpuSeconds: number; instances: number; bytes: number }[] = [];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const cpu0 = cpu();
const load0 = loadavg()[0];
const t0 = performance.now();
for (const corpus of PAPER_CORPORA) {
  const t = performance.now();
  const c = cpu();
  const r = await corpusSet({ corpus, root, out: join(out, corpus), force: true });
  const instances = Object.values(r.manifest.counts.bySplit).reduce((a, c) => a + c.instances, 0);
  steps.push({ step: corpus, seconds: (performance.now() - t) / 1000, cpuSeconds: cpu() - c, instances, bytes: dirBytes(join(out, corpus)) });
}
{
  const t = performance.now();
  const c = cpu();
  const r = await mergedSets({ target: 'BioRED', externals: 'all', root, out: join(out, 'merged'), force: true });
  const instances = (['biorex', 'tl', 'mtl'] as const).reduce((a, k) => a + Object.values(r[k].manifest.counts.bySplit).reduce((x, c) => x + c.instances, 0), 0);
  steps.push({ step: 'merged BioRED+all (biorex, tl, mtl)', seconds: (performance.now() - t) / 1000, cpuSeconds: cpu() - c, instances, bytes: dirBytes(join(out, 'merged')) });
}
const total = (performance.now() - t0) / 1000;
const totalCpu = cpu() - cpu0;
if (!keep) rmSync(out, { recursive: true, force: true });

const result = {
  benchmark: 'build-instances',
  what: 'every corpus (harmonized, prompt) + merged BioRED+all (BioREx, TL, MTL), cold, one process, files written',
  root,
  totalSeconds: Number(total.toFixed(2)),
  /** CPU time of this process (user + system): what the wall time would be on an otherwise idle machine, give or take I/O. */
  totalCpuSeconds: Number(totalCpu.toFixed(2)),
  targetSeconds: 20,
  withinTarget: total < 20,
  instances: steps.reduce((a, s) => a + s.instances, 0),
  megabytesWritten: Number((steps.reduce((a, s) => a + s.bytes, 0) / 1e6).toFixed(1)),
  steps: steps.map((s) => ({ ...s, seconds: Number(s.seconds.toFixed(2)), cpuSeconds: Number(s.cpuSeconds.toFixed(2)) })),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAverageAtStart: Number(load0.toFixed(2)), node: process.version },
  date: new Date().toISOString(),
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'build-instances.json'), JSON.stringify(result, null, 2) + '\n');
for (const s of result.steps) console.log(`${s.step.padEnd(40)} ${s.seconds.toFixed(2).padStart(7)} s (cpu ${s.cpuSeconds.toFixed(2).padStart(6)} s)  ${String(s.instances).padStart(7)} instances  ${(s.bytes / 1e6).toFixed(1).padStart(6)} MB`);
console.log(`total ${result.totalSeconds} s wall, ${result.totalCpuSeconds} s cpu for ${result.instances} instances (${result.megabytesWritten} MB); target < 20 s: ${result.withinTarget ? 'met' : 'NOT met'} (load average at start ${result.machine.loadAverageAtStart})`);
