// Peak memory of reading the hostile inputs of issue 15 (items 8, 9), and what the real corpora need
// from the XML and zip limits. Hostile inputs: BioC XML files of 1.6 MB whose DTD entity expands to
// gigabytes (one with a 10,000-character entity, fast-xml-parser's default maximum, one with a
// 4,000-character entity, under XML_LIMITS.maxEntitySize), and a 306 kB DDI zip holding a 300 MB
// member. Each is read in a fresh child process (bench/hostile-read.ts), which reports its outcome;
// peak RSS comes from GNU time when present (it also covers a child killed by memory exhaustion).
// Usage: npx tsx bench/hostile-inputs.ts [DATA_ROOT]   → bench/results/hostile-inputs.json
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { entityExpansionBioc, writeZipBomb } from '../test/helpers/hostile.ts';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(process.argv[2] ?? resolve(repo, '../shared/corpora'));
const work = resolve(repo, 'bench/work/hostile');
mkdirSync(work, { recursive: true });
mkdirSync(resolve(repo, 'bench/results'), { recursive: true });

const inputs: { kind: string; file: string; what: string }[] = [];
const bioc = (name: string, entityChars: number) => {
  const file = resolve(work, name);
  // 550 passages × 1,000 references: 1.6 MB on disk, 550,000 × entityChars characters expanded
  writeFileSync(file, entityExpansionBioc({ passages: 550, refsPerPassage: 1000, entityChars }));
  inputs.push({ kind: 'bioc', file, what: `BioC XML, one ${entityChars}-character DTD entity referenced 550,000 times` });
};
bioc('entity-expansion-10k.BioC.xml', 10_000);
bioc('entity-expansion-4k.BioC.xml', 4_000);
const zip = resolve(work, 'zip-bomb.zip');
await writeZipBomb(zip, { member: 'DDICorpus/Train/DrugBank/bomb.xml', bytes: 300 * 1024 * 1024 });
inputs.push({ kind: 'ddi', file: zip, what: 'DDI zip, one 300 MB member (spaces inside a <document>)' });

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const run = ({ kind, file, what }: (typeof inputs)[number]) => {
  const child = [process.execPath, '--import', 'tsx', resolve(repo, 'bench/hostile-read.ts'), kind, file];
  const r = TIME ? spawnSync(TIME, ['-f', 'PEAK_RSS_KB=%M', ...child], { encoding: 'utf8' }) : spawnSync(child[0], child.slice(1), { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const peak = /PEAK_RSS_KB=(\d+)/.exec(r.stderr ?? '');
  const outcome = line.startsWith('{')
    ? JSON.parse(line)
    : { ok: false, crashed: true, exit: r.status, signal: r.signal, stderrTail: (r.stderr ?? '').split('\n').filter((l) => /FATAL|Error|heap/.test(l)).slice(0, 3) };
  return { input: file.slice(repo.length + 1), what, bytes: statSync(file).size, ...outcome, ...(peak ? { peakRssMB: Math.round(Number(peak[1]) / 1024) } : {}) };
};
const results = inputs.map(run);

// What the real corpora need: entity references per XML file (every one counts towards
// maxTotalExpansions), DTD entity declarations, nesting depth, zip member and total sizes.
const ENTITY_REF = /&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);/g;
const depth = (xml: string) => {
  let d = 0;
  let max = 0;
  for (const m of xml.matchAll(/<(\/?)[A-Za-z][^>]*?(\/?)>/g)) {
    if (m[1]) d--;
    else if (!m[2]) max = Math.max(max, ++d);
  }
  return max;
};
const xmlStats = (name: string, text: string) => ({ file: name, entityRefs: (text.match(ENTITY_REF) ?? []).length, entityDeclarations: (text.match(/<!ENTITY/g) ?? []).length, depth: depth(text) });
const real: ReturnType<typeof xmlStats>[] = [];
const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
const zips: { file: string; members: number; largestMember: number; total: number }[] = [];
if (existsSync(root)) {
  for (const f of walk(root)) {
    if (/\.xml$/i.test(f)) real.push(xmlStats(f.slice(root.length + 1), readFileSync(f, 'utf8')));
    if (/\.zip$/i.test(f)) {
      const entries = await new Promise<yauzl.Entry[]>((res, rej) =>
        yauzl.open(f, { lazyEntries: true }, (err, z) => {
          if (err || !z) return rej(err);
          const out: yauzl.Entry[] = [];
          z.on('entry', (e: yauzl.Entry) => (out.push(e), z.readEntry()));
          z.on('end', () => res(out));
          z.readEntry();
        }),
      );
      zips.push({ file: f.slice(root.length + 1), members: entries.length, largestMember: Math.max(...entries.map((e) => e.uncompressedSize)), total: entries.reduce((n, e) => n + e.uncompressedSize, 0) });
    }
  }
}
const need = real.length
  ? { xmlFiles: real.length, maxEntityRefsPerFile: Math.max(...real.map((r) => r.entityRefs)), maxEntityDeclarations: Math.max(...real.map((r) => r.entityDeclarations)), maxDepth: Math.max(...real.map((r) => r.depth)), busiest: real.sort((a, b) => b.entityRefs - a.entityRefs)[0]?.file, zips }
  : { note: `no corpora at ${root}` };

const report = { when: new Date().toISOString(), node: process.version, results, realCorporaNeed: need };
writeFileSync(resolve(repo, 'bench/results/hostile-inputs.json'), JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report, null, 2));
