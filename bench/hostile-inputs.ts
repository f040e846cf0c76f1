// Peak memory of reading the hostile inputs of issue 15 (items 8, 9): a 1.6 MB BioC XML file whose
// DTD entity expands to gigabytes, and a ~300 kB DDI zip holding a 300 MB member. Each input is read
// in a fresh child process (bench/hostile-read.ts), which reports its outcome and peak RSS.
// Usage: npx tsx bench/hostile-inputs.ts   → bench/results/hostile-inputs.json
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entityExpansionBioc, writeZipBomb } from '../test/helpers/hostile.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = resolve(repo, 'bench/work/hostile');
mkdirSync(work, { recursive: true });
mkdirSync(resolve(repo, 'bench/results'), { recursive: true });

const bioc = resolve(work, 'entity-expansion.BioC.xml');
// 550 passages × 1,000 references × 10,000 characters (fast-xml-parser's largest entity by default)
writeFileSync(bioc, entityExpansionBioc({ passages: 550, refsPerPassage: 1000, entityChars: 10_000 }));
const zip = resolve(work, 'zip-bomb.zip');
await writeZipBomb(zip, { member: 'DDICorpus/Train/DrugBank/bomb.xml', bytes: 300 * 1024 * 1024 });

// Peak RSS from GNU time when present (it also covers a child that dies of memory exhaustion).
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const run = (kind: string, file: string) => {
  const child = [process.execPath, '--import', 'tsx', resolve(repo, 'bench/hostile-read.ts'), kind, file];
  const r = TIME ? spawnSync(TIME, ['-f', 'PEAK_RSS_KB=%M', ...child], { encoding: 'utf8' }) : spawnSync(child[0], child.slice(1), { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const peak = /PEAK_RSS_KB=(\d+)/.exec(r.stderr ?? '');
  const outcome = line.startsWith('{') ? JSON.parse(line) : { ok: false, crashed: true, exit: r.status, signal: r.signal, stderrTail: (r.stderr ?? '').split('\n').filter((l) => /FATAL|Error|heap/.test(l)).slice(0, 3) };
  return { input: file.slice(repo.length + 1), bytes: statSync(file).size, ...outcome, ...(peak ? { peakRssMB: Math.round(Number(peak[1]) / 1024) } : {}) };
};
const results = [run('bioc', bioc), run('ddi', zip)];
const report = { when: new Date().toISOString(), node: process.version, results };
writeFileSync(resolve(repo, 'bench/results/hostile-inputs.json'), JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report, null, 2));
