// Child of bench/hostile-inputs.ts: reads one hostile input with the corpus readers and prints one
// JSON line (outcome, message, peak RSS of this process). Usage: npx tsx bench/hostile-read.ts bioc|ddi FILE
import { readBiocXmlFile, readDdiZip } from '../src/corpora/index.ts';

const [kind, file] = process.argv.slice(2);
const t0 = performance.now();
let outcome: Record<string, unknown>;
try {
  const docs = kind === 'bioc' ? await readBiocXmlFile(file) : await readDdiZip(file, ['DDICorpus/Train/DrugBank']);
  outcome = { ok: true, documents: docs.length };
} catch (e) {
  const err = e as Error;
  outcome = { ok: false, error: err.name, message: String(err.message).slice(0, 400), stack: err.name !== 'InputError' };
}
console.log(JSON.stringify({ kind, ...outcome, seconds: (performance.now() - t0) / 1000, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
