// `biorex data build` and `biorex data stats`: thin adapters over src/instances.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { join } from 'node:path';
import { formatProblem, InputError } from '../errors.ts';
import { PAPER_CORPORA } from '../harmonize/index.ts';
import type { DrugComboSetResult, SetResult } from '../instances/index.ts';
import { dataRootOption } from './options.ts';

interface CommonArgs {
  corpus?: string[];
  merge?: string;
  root?: string;
  view: 'harmonized' | 'native';
  prompt: boolean;
  lenient: boolean;
  allowSplitOverlap: boolean;
  externalSplits: 'training' | 'all';
}
interface BuildArgs extends CommonArgs {
  out: string;
  force: boolean;
}
interface StatsArgs extends CommonArgs {
  json: boolean;
}

function common(y: Argv): Argv {
  return y
    .positional('corpus', { type: 'string', array: true, describe: `corpora (${PAPER_CORPORA.join(', ')}, Sample) or "all"` })
    .option('merge', { type: 'string', describe: 'merged BioREx / TL / MTL sets: TARGET+all or TARGET+CORPUS[+CORPUS…], e.g. BioRED+all' })
    .option('root', dataRootOption)
    .option('view', { choices: ['harmonized', 'native'] as const, default: 'harmonized' as const, describe: 'labels: harmonized (BioREx) or each corpus’s own (TL / MTL); single corpora only' })
    .option('prompt', { type: 'boolean', default: true, describe: 'prefix the question naming the corpus and the entities (--no-prompt: tagged text only, as MTL); single corpora only' })
    .option('lenient', { type: 'boolean', default: false, describe: 'skip and count bad input lines instead of stopping at the first (recorded in the manifest)' })
    .option('allow-split-overlap', { type: 'boolean', default: false, describe: 'accept a document that occurs in two splits of one corpus (an error otherwise)' })
    .option('external-splits', {
      choices: ['training', 'all'] as const,
      default: 'training' as const,
      describe: 'merged sets: the external corpora’s training data only (as the authors’ build: BC5CDR train+dev, the others train) or every split',
    });
}

function corporaOf(list: string[] | undefined): string[] {
  const names = (list ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
  return names.some((n) => n.toLowerCase() === 'all') ? [...PAPER_CORPORA] : names;
}

function needSomething(corpora: string[], merge: string | undefined): void {
  if (corpora.length === 0 && !merge)
    throw new InputError({ file: 'biorex data', message: 'no corpus and no --merge given', fix: 'name corpora (e.g. BioRED DDI, or all) and/or --merge BioRED+all' });
}

/** Lenient skips of a set: from this build, or (a set served from disk) from its manifest. */
function reportProblems(name: string, r: SetResult): void {
  const lines = r.problems.length ? r.problems.map(formatProblem) : (r.manifest.skipped?.first ?? []);
  const total = r.problems.length || (r.manifest.skipped?.total ?? 0);
  if (total === 0) return;
  console.error(`${name}: ${total} bad input item(s) skipped (--lenient; listed in the manifest, "skipped"):`);
  for (const l of lines.slice(0, 10)) console.error(`  ${l}`);
  if (total > 10) console.error(`  … and ${total - 10} more`);
}

export const dataBuildCommand: CommandModule<object, BuildArgs> = {
  command: 'build [corpus..]',
  describe: 'Build instance sets (JSONL + manifest): one per corpus in OUT/<corpus>, merged sets in OUT/{biorex,tl,mtl}',
  builder: (y: Argv) =>
    common(y)
      .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
      .option('force', { type: 'boolean', default: false, describe: 'rebuild even when a set on disk matches its inputs' }) as unknown as Argv<BuildArgs>,
  handler: async (argv: ArgumentsCamelCase<BuildArgs>) => {
    const { corpusSet, mergedSets, parseMergeSpec, setSummary } = await import('../instances/index.ts');
    const corpora = corporaOf(argv.corpus);
    needSomething(corpora, argv.merge);
    for (const corpus of corpora) {
      const r = await corpusSet({ corpus, root: argv.root, out: join(argv.out, corpus), view: argv.view, prompt: argv.prompt, lenient: argv.lenient, force: argv.force, allowSplitOverlap: argv.allowSplitOverlap });
      reportProblems(corpus, r);
      console.log(setSummary(join(argv.out, corpus), r));
    }
    if (argv.merge) {
      const spec = parseMergeSpec(argv.merge);
      const r = await mergedSets({ ...spec, root: argv.root, out: argv.out, lenient: argv.lenient, force: argv.force, allowSplitOverlap: argv.allowSplitOverlap, externalSplits: argv.externalSplits });
      reportProblems(argv.merge, r.biorex);
      for (const k of ['biorex', 'tl', 'mtl'] as const) console.log(setSummary(join(argv.out, k), r[k]));
    }
  },
};

export const dataStatsCommand: CommandModule<object, StatsArgs> = {
  command: 'stats [corpus..]',
  describe: 'Table 2-style statistics of the instance sets (docs, relations, instances, positives by pair type and label, rules a–e), without writing',
  builder: (y: Argv) => common(y).option('json', { type: 'boolean', default: false, describe: 'print JSON rows instead of a table' }) as unknown as Argv<StatsArgs>,
  handler: async (argv: ArgumentsCamelCase<StatsArgs>) => {
    const { combinationStatsTable, corpusSet, mergedSets, parseMergeSpec, setSummary, statsReport, statsTable } = await import('../instances/index.ts');
    const corpora = corporaOf(argv.corpus);
    needSomething(corpora, argv.merge);
    const sets: { name: string; result: SetResult }[] = [];
    for (const corpus of corpora) {
      const result = await corpusSet({ corpus, root: argv.root, view: argv.view, prompt: argv.prompt, lenient: argv.lenient, allowSplitOverlap: argv.allowSplitOverlap });
      reportProblems(corpus, result);
      sets.push({ name: corpus, result });
    }
    const merged = argv.merge
      ? await mergedSets({ ...parseMergeSpec(argv.merge), root: argv.root, lenient: argv.lenient, allowSplitOverlap: argv.allowSplitOverlap, externalSplits: argv.externalSplits })
      : undefined;
    if (merged) reportProblems(argv.merge!, merged.biorex);
    // n-ary drug combinations (DrugCombo) have their own statistics
    const nary = sets.filter((s): s is { name: string; result: DrugComboSetResult } => 'combinationStats' in s.result);
    if (argv.json) {
      const out: Record<string, unknown> = { rows: statsReport(sets), skipped: Object.fromEntries(sets.filter((x) => x.result.manifest.skipped).map((x) => [x.name, x.result.manifest.skipped])) };
      if (nary.length) out.combinations = Object.fromEntries(nary.map((s) => [s.name, s.result.combinationStats]));
      if (merged)
        out.merged = Object.fromEntries(
          (['biorex', 'tl', 'mtl'] as const).map((k) => [
            k,
            { counts: merged[k].manifest.counts, merge: merged[k].manifest.merge, labels: merged[k].manifest.labels, notes: merged[k].manifest.notes, skipped: merged[k].manifest.skipped, rows: statsReport([{ name: k, result: merged[k] }]) },
          ]),
        );
      console.log(JSON.stringify(out, null, 2));
      return;
    }
    const binary = sets.filter((s) => !nary.includes(s as (typeof nary)[number]));
    if (binary.length) console.log(statsTable(statsReport(binary)));
    for (const s of nary) {
      console.log(`${s.name}: n-ary drug combinations (candidates = drug subsets of a sentence; train: gold + subsets outside every gold combination; test: every subset)`);
      console.log(combinationStatsTable(s.result.combinationStats));
    }
    if (merged) {
      console.log(`\nMerged ${argv.merge}: BioREx training set, by corpus and source split`);
      console.log(statsTable(statsReport([{ name: 'biorex', result: merged.biorex }])));
      for (const k of ['biorex', 'tl', 'mtl'] as const) console.log(setSummary(k, merged[k]));
    }
  },
};
