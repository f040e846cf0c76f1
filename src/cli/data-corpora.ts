// `biorex data fetch` and `biorex data list`: thin adapters over src/corpora.
import Table from 'cli-table3';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { FetchResult, FileStatus } from '../corpora/index.ts';
import { formatProblem } from '../errors.ts';
import { defaultDataRoot } from '../locations.ts';
import { dataRootOption } from './options.ts';

interface FetchArgs {
  corpus?: string[];
  from?: string;
  root?: string;
}

interface ListArgs {
  corpus?: string[];
  root?: string;
  json?: boolean;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export const dataFetchCommand: CommandModule<object, FetchArgs> = {
  command: 'fetch [corpus..]',
  describe: 'Download the corpora from their official sources (or copy them from a local mirror) and verify checksums',
  builder: (y: Argv) =>
    y
      .positional('corpus', { type: 'string', array: true, describe: 'corpora to fetch (default: all)' })
      .option('from', { type: 'string', describe: 'copy from a local mirror laid out like the data root (e.g. ../shared/corpora) instead of downloading' })
      .option('root', dataRootOption) as unknown as Argv<FetchArgs>,
  handler: async (argv: ArgumentsCamelCase<FetchArgs>) => {
    const { fetchCorpora } = await import('../corpora/index.ts');
    const root = argv.root ?? defaultDataRoot();
    const results = await fetchCorpora({ root, from: argv.from, corpora: argv.corpus, log: (l) => console.error(l) });
    printFetch(results, root);
    if (results.some((r) => r.action === 'failed')) process.exitCode = 1;
  },
};

function printFetch(results: FetchResult[], root: string): void {
  const count = (a: string) => results.filter((r) => r.action === a).length;
  for (const r of results.filter((x) => x.action === 'failed')) {
    console.error(`failed: ${r.corpus} ${r.path}`);
    for (const a of r.attempts) console.error(`  ${a}`);
    if (r.attempts.length === 0 && r.problem) console.error(`  ${formatProblem(r.problem)}`);
  }
  for (const r of results.filter((x) => x.unverifiedSha256))
    console.error(`unverified: ${r.corpus} ${r.path} has no registered checksum; its sha256 is ${r.unverifiedSha256} (register it in data/corpora.json)`);
  const replaced = results.filter((r) => r.replaced && r.action !== 'failed').length;
  console.log(
    `${root}: ${count('verified')} already verified${count('unverified') ? `, ${count('unverified')} present without a registered checksum` : ''}, ${count('copied')} copied, ${count('downloaded')} downloaded` +
      `${replaced ? ` (${replaced} corrupt replaced)` : ''}, ${count('failed')} failed, ${count('bundled')} bundled with the repository`,
  );
}

export const dataListCommand: CommandModule<object, ListArgs> = {
  command: 'list [corpus..]',
  describe: 'Show each corpus file: present, missing or corrupt (checksum mismatch)',
  builder: (y: Argv) =>
    y
      .positional('corpus', { type: 'string', array: true, describe: 'corpora to list (default: all)' })
      .option('root', dataRootOption)
      .option('json', { type: 'boolean', default: false, describe: 'print JSON instead of a table' }) as unknown as Argv<ListArgs>,
  handler: async (argv: ArgumentsCamelCase<ListArgs>) => {
    const { listCorpora } = await import('../corpora/index.ts');
    const root = argv.root ?? defaultDataRoot();
    const statuses = await listCorpora({ root, corpora: argv.corpus });
    if (argv.json) {
      console.log(JSON.stringify({ root, files: statuses }, null, 2));
      return;
    }
    printList(statuses, root);
  },
};

function stateText(s: FileStatus): string {
  let t = s.state as string;
  if (s.state === 'present' && !s.complete) t += ' (partial copy)';
  if (s.bundled) t += ' (bundled)';
  if (s.partial) t += ', .part waiting';
  return t;
}

function printList(statuses: FileStatus[], root: string): void {
  const width = Math.max(120, Math.min(process.stdout.columns ?? 160, 200));
  const pathWidth = Math.min(80, Math.max(...statuses.map((s) => s.path.length), 4) + 2);
  const fixed = 10 + pathWidth + 24 + 12;
  const blank = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ' };
  const table = new Table({
    head: ['corpus', 'file', 'state', 'size', 'note'],
    colWidths: [10, pathWidth, 24, 12, Math.max(30, width - fixed)],
    wordWrap: true,
    chars: blank,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1 },
  });
  for (const s of statuses) {
    const size = s.bytes !== undefined ? formatBytes(s.bytes) : s.expectedBytes !== undefined ? `(${formatBytes(s.expectedBytes)})` : '';
    let note = s.note;
    if (s.state === 'corrupt')
      note = `sha256 ${s.actualSha256 ?? '(size differs)'} ≠ registered ${s.expectedSha256}; run \`biorex data fetch ${s.corpus}\` to replace it. ${note}`;
    table.push([s.corpus, s.path, stateText(s), size, note]);
  }
  console.log(`data root: ${root}`);
  console.log(table.toString());
  const by = (st: string) => statuses.filter((s) => s.state === st).length;
  console.log(`${by('present')} present, ${by('missing')} missing, ${by('corrupt')} corrupt`);
  if (by('missing') + by('corrupt') > 0) console.log('Get them with `biorex data fetch [corpus…]` (add --from DIR to copy from a local mirror).');
}
