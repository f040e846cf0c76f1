// `biorex eval` through yargs, in process (the lead registers the command in src/cli/commands.ts).
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { evalCommand } from '../../src/cli/eval.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/evaluation/${name}`, import.meta.url));

async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = console.error;
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  console.error = (...a: unknown[]) => void (err += a.join(' ') + '\n');
  try {
    await yargs(args).command(evalCommand).strict().exitProcess(false).fail((msg, e) => {
      throw e ?? new Error(msg);
    }).parseAsync();
  } finally {
    process.stdout.write = origOut;
    console.error = origErr;
  }
  return { out, err };
}

describe('cli: biorex eval', () => {
  it('prints the reference-style table for a gold / prediction PubTator pair', async () => {
    const { out } = await run(['eval', '--gold', fixture('gold.pubtator'), '--pred', fixture('pred.pubtator')]);
    expect(out).to.match(/## pair\n/).and.match(/## pair\+type\n/);
    expect(out).to.match(/Overall\t6\t5\t1\t1\t83\.33\t83\.33\t83\.33/);
  });

  it('prints JSON rows with --json and honours --filter none, --criteria and --pair-subset', async () => {
    const { out } = await run(['eval', '--gold', fixture('gold.pubtator'), '--pred', fixture('pred.pubtator'), '--json', '--filter', 'none', '--criteria', 'all', '--pair-subset', '<D,V>']);
    const score = JSON.parse(out);
    expect(score.criteria).to.deep.equal(['all']);
    expect(score.pairSubset).to.equal('Disease|Variant');
    expect(score.overall.all).to.include({ tp: 1, fp: 0, fn: 0 });
  });

  it('scores instance predictions with --instances / --predictions and lists TP/FP/FN with --details', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'biorex-eval-'));
    const inst = (doc: string, a: string, b: string, label: string) =>
      JSON.stringify({ id: `BioRED/test/${doc}/${a}|${b}`, task: 'BioRED', doc, split: 'test', types: ['X', 'Y'], ids: [a, b], text: '', label, level: 'document' });
    writeFileSync(join(dir, 'test.jsonl'), [inst('9100002', 'D016190', 'D007674', 'Positive_Correlation'), inst('9100002', 'D002945', '26762', 'Positive_Correlation')].join('\n') + '\n');
    writeFileSync(
      join(dir, 'pred.jsonl'),
      [
        JSON.stringify({ id: 'BioRED/test/9100002/D016190|D007674', label: 'Positive_Correlation', probs: { Positive_Correlation: 0.8 } }),
        JSON.stringify({ id: 'BioRED/test/9100002/D002945|26762', label: 'None', probs: { None: 0.7 } }),
      ].join('\n'),
    );
    const { out } = await run(['eval', '--gold', fixture('gold.pubtator'), '--instances', join(dir, 'test.jsonl'), '--predictions', join(dir, 'pred.jsonl'), '--details', '--criteria', 'pair+type']);
    expect(out).to.contain('Chemical|Disease\tTP\t9100002\tD007674\tD016190\tPositive_Correlation');
    expect(out).to.contain('Chemical|Gene\tFN\t9100002\t26762\tD002945\tPositive_Correlation');
  });

  it('refuses --pred together with --instances, and a missing file with a message naming it', async () => {
    let error: unknown;
    try {
      await run(['eval', '--gold', fixture('gold.pubtator'), '--pred', fixture('pred.pubtator'), '--instances', 'x.jsonl']);
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/either --pred/);
    error = undefined;
    try {
      await run(['eval', '--gold', '/nonexistent/gold.pubtator', '--pred', fixture('pred.pubtator')]);
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/nonexistent\/gold\.pubtator: cannot read the gold PubTator file/);
  });
});
