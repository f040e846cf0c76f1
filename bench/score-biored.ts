// Bench: scoring the full BioRED test set (100 documents, 1,163 relations).
//   npx tsx bench/score-biored.ts [--repeats N]
// Measures (median of N runs, ms): reading the gold PubTator; scoring a PubTator prediction file
// (all four criteria, per-document details); folding instance predictions for every candidate pair
// of the test set and scoring them; a 10,000-resample paired bootstrap over the documents.
// Writes bench/results/score-biored.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import type { Document } from '../src/corpora/types.ts';
import {
  documentCounts,
  foldInstancePredictions,
  parsePredictedRelations,
  readGoldPubTator,
  scoreBioRED,
  type InstancePrediction,
} from '../src/evaluation/index.ts';
import type { Instance } from '../src/instances/types.ts';
import { pairedBootstrap } from '../src/stats/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPORA = process.env.BIOREX_SHARED_CORPORA ?? resolve(ROOT, '../shared/corpora');
const GOLD = join(CORPORA, 'biored/Test.PubTator');
const repeatsArg = process.argv.indexOf('--repeats');
const REPEATS = repeatsArg > 0 ? Number(process.argv[repeatsArg + 1]) : 20;

const LABELS = ['Association', 'Positive_Correlation', 'Negative_Correlation', 'Bind', 'Cotreatment', 'Comparison', 'Drug_Interaction', 'Conversion'];
const HARMONIZED: Record<string, string> = { SequenceVariant: 'GeneOrGeneProduct' };
const PAIRABLE = new Set(['ChemicalEntity', 'DiseaseOrPhenotypicFeature', 'GeneOrGeneProduct']);

async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number[]; value: T }> {
  const ms: number[] = [];
  let value!: T;
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    value = await fn();
    ms.push(performance.now() - t0);
  }
  return { ms, value };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 100) / 100;

/** A noisy system: keeps 80 % of gold relations (a tenth with a wrong type) and adds spurious pairs. */
function noisyPrediction(gold: Document[], rng: () => number): string {
  const lines: string[] = [];
  for (const d of gold) {
    for (const r of d.relations) {
      if (rng() < 0.2) continue;
      const type = rng() < 0.1 ? LABELS[Math.floor(rng() * LABELS.length)] : r.type;
      lines.push([d.id, type, r.arg1, r.arg2, rng().toFixed(4)].join('\t'));
    }
    const ids = [...new Set(d.mentions.flatMap((m) => m.ids))];
    for (let k = 0; k < 3 && ids.length > 1; k++) {
      lines.push([d.id, 'Association', ids[Math.floor(rng() * ids.length)], ids[Math.floor(rng() * ids.length)], '0.5'].join('\t'));
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Every candidate pair of pairable entity ids (variants as genes, as the instances stage does). */
function candidates(gold: Document[]): Instance[] {
  const out: Instance[] = [];
  for (const d of gold) {
    const label = new Map(d.relations.map((r) => [[r.arg1, r.arg2].sort().join('|'), r.type]));
    const types = new Map<string, string>();
    for (const m of d.mentions) for (const id of m.ids) types.set(id, HARMONIZED[m.type] ?? m.type);
    const ids = [...types.keys()].filter((id) => id !== '-' && PAIRABLE.has(types.get(id)!)).sort();
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const key = `${ids[i]}|${ids[j]}`;
        out.push({
          id: `BioRED/test/${d.id}/${key}`, task: 'BioRED', doc: d.id, split: 'test',
          types: [types.get(ids[i])!, types.get(ids[j])!], ids: [ids[i], ids[j]], text: '',
          label: label.get(key) ?? 'None', level: 'document',
        });
      }
  }
  return out;
}

const rng = seedrandom('bench-score-biored');
const goldText = readFileSync(GOLD, 'utf8');
const read = await timed(() => readGoldPubTator(GOLD));
const gold = read.value;
const predText = noisyPrediction(gold, rng);
const parsePred = await timed(() => parsePredictedRelations(predText));
const pred = parsePred.value;
const scorePubTator = await timed(() => scoreBioRED(gold, pred));

const instances = candidates(gold);
const predictions: InstancePrediction[] = instances.map((i) => {
  const positive = i.label !== 'None' ? rng() < 0.8 : rng() < 0.03;
  const label = positive ? (i.label !== 'None' && rng() < 0.9 ? i.label : LABELS[Math.floor(rng() * LABELS.length)]) : 'None';
  return { id: i.id, label, probs: { [label]: 0.5 + rng() / 2 } };
});
const fold = await timed(() => foldInstancePredictions(instances, predictions));
const scoreFolded = await timed(() => scoreBioRED(gold, fold.value));

const a = documentCounts(scorePubTator.value, 'pair+type');
const b = documentCounts(scoreFolded.value, 'pair+type');
const boot = await timed(() => pairedBootstrap(a, b, { resamples: 10_000 }));

const result = {
  bench: 'score-biored',
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  loadAverage1mAtEnd: round(loadavg()[0]),
  repeats: REPEATS,
  input: {
    gold: GOLD,
    goldBytes: Buffer.byteLength(goldText),
    documents: gold.length,
    goldRelations: gold.reduce((n, d) => n + d.relations.length, 0),
    goldPairsFiveFilter: scorePubTator.value.overall.pair!.tp + scorePubTator.value.overall.pair!.fn,
    predictedRelations: pred.length,
    instances: instances.length,
    positiveInstancePredictions: predictions.filter((p) => p.label !== 'None').length,
  },
  medianMs: {
    readGoldPubTator: round(median(read.ms)),
    parsePredictedPubTator: round(median(parsePred.ms)),
    scorePubTatorPrediction4Criteria: round(median(scorePubTator.ms)),
    foldInstancePredictions: round(median(fold.ms)),
    scoreFoldedPrediction4Criteria: round(median(scoreFolded.ms)),
    endToEndPubTator: round(median(read.ms) + median(parsePred.ms) + median(scorePubTator.ms)),
    endToEndInstances: round(median(read.ms) + median(fold.ms) + median(scoreFolded.ms)),
    pairedBootstrap10k: round(median(boot.ms)),
  },
  scores: {
    pubTatorPrediction: scorePubTator.value.overall,
    foldedPrediction: scoreFolded.value.overall,
    bootstrapDeltaF: { delta: boot.value.delta, ci: boot.value.ciDelta, p: boot.value.p },
  },
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/score-biored.json'), JSON.stringify(result, null, 2) + '\n');
console.log(`score-biored (${gold.length} docs, ${result.input.goldRelations} relations, ${instances.length} instances; median of ${REPEATS}):`);
for (const [k, v] of Object.entries(result.medianMs)) console.log(`  ${k.padEnd(36)} ${v.toFixed(2)} ms`);
console.log('  → bench/results/score-biored.json');
