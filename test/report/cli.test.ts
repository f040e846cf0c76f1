// `biorex report`: store + experiment name (or spec path) → the four files.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { reportCommand } from '../../src/cli/report.ts';
import { fillExperiment, tempStore, TABLE3_SPEC } from '../fixtures/report/synthetic-store.ts';

describe('report: CLI', () => {
  const { store, file, dir } = tempStore();
  const out = mkdtempSync(join(tmpdir(), 'report-cli-'));
  before(() => {
    fillExperiment(store, TABLE3_SPEC);
    store.close();
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  const run = (args: string[]) =>
    yargs(args)
      .command(reportCommand)
      .strict()
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .parseAsync();

  it('writes index.html, tables.md, tables.csv and tables.tex', async () => {
    const logs: string[] = [];
    const log = console.log;
    console.log = (s: string) => logs.push(s);
    try {
      await run(['report', 't3-fixture', '--out', out, '--db', file]);
    } finally {
      console.log = log;
    }
    for (const f of ['index.html', 'tables.md', 'tables.csv', 'tables.tex']) expect(existsSync(join(out, f)), f).to.equal(true);
    expect(logs.join('\n')).to.match(/2 tables, 2 charts, \d+\/\d+ runs done/);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).to.include('Fixture &lt;script&gt;');
  });

  it('accepts a spec path for the experiment', async () => {
    const spec = join(out, 'fixture.yaml');
    writeFileSync(spec, TABLE3_SPEC);
    const logs: string[] = [];
    const log = console.log;
    console.log = (s: string) => logs.push(s);
    try {
      await run(['report', spec, '--out', join(out, 'by-spec'), '--db', file]);
    } finally {
      console.log = log;
    }
    expect(readFileSync(join(out, 'by-spec', 'index.html'), 'utf8')).to.include('Fixture &lt;script&gt;');
  });

  it('an unknown experiment fails with the names the store has', async () => {
    let err: Error | undefined;
    try {
      await run(['report', 'missing', '--out', out, '--db', file]);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.match(/no experiment named "missing".*t3-fixture/);
  });
});
