// `biorex reproduce` end to end with the real trainer on a scaled-down quickstart (1 seed, 1 epoch,
// 3 documents per split, the tiny PLM): report files written, results stored for every
// configuration; a second invocation trains nothing and renders the report again.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/tracking/index.ts';
import { HAVE_PYTHON, startCli } from '../fixtures/experiments/harness.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const SPEC = join(REPO_ROOT, 'test/fixtures/reproduce/mini-quickstart.yaml');
const describeWithTrainer = HAVE_PYTHON ? describe : describe.skip;

async function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const r = startCli(args);
  const { code } = await r.exited;
  return { code, out: r.output() };
}

describeWithTrainer('reproduce: end to end on a mini quickstart', function () {
  this.timeout(600_000);
  let dir: string;
  let work: string;
  let out: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-reproduce-'));
    work = join(dir, 'work');
    out = join(dir, 'report');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every configuration, scores it, and writes the report with its summary table', async () => {
    const r = await cli(['reproduce', SPEC, '--work', work, '--out', out, '--progress', 'lines']);
    expect(r.code, r.out).to.equal(0);
    for (const f of ['index.html', 'tables.md', 'tables.csv', 'tables.tex']) expect(existsSync(join(out, f)), f).to.equal(true);
    expect(r.out).to.contain(`Report: ${join(out, 'index.html')}`);
    expect(r.out).to.match(/mini-quickstart: 4\/4 runs done \(4 trained now\)/);
    // the summary is the report's main table: one line per row with a number under each configuration
    const line = r.out.split('\n').find((l) => l.includes('Sample+SampleDDI+SampleGDA') && l.includes('All'));
    expect(line, r.out).to.be.a('string');
    expect(line!.match(/\d+\.\d/g)).to.have.length(4);

    const store = openStore(join(work, 'biorex.sqlite'), { readonly: true });
    try {
      const runs = store.listRuns({ experiment: 'mini-quickstart' });
      expect(runs.map((x) => x.configuration).sort()).to.deep.equal(['biorex', 'mtl', 'original', 'tl']);
      expect(runs.every((x) => x.status === 'done')).to.equal(true);
      for (const run of runs) {
        const rows = store.getResults({ runId: run.id });
        const crit = (c: string, pt = 'all') => rows.find((x) => x.criterion === c && x.pairType === pt && x.evalSet === 'Sample/test');
        expect(crit('pair'), run.label).to.not.equal(undefined);
        expect(crit('pair+type')!.scorer).to.equal('evaluation/biored-v1');
        expect(crit('pair+type', 'Chemical|Disease'), run.label).to.not.equal(undefined);
        // gold relations of the three test documents are all counted (tp + fn = gold pairs)
        expect(crit('pair')!.tp! + crit('pair')!.fn!).to.be.greaterThan(0);
        // the spec's defaults reach the trainer: no clipping, the argmax over every label (the reference)
        const config = JSON.parse(readFileSync(join(run.runDir!, 'run.json'), 'utf8'));
        expect([config.max_grad_norm, config.task_labels_only], run.label).to.deep.equal([0, false]);
        // every configuration's model records what `biorex predict` needs: the target, its profile, view, prompt
        const labelMap = JSON.parse(readFileSync(join(run.runDir!, 'model/label_map.json'), 'utf8'));
        expect([labelMap.task, labelMap.profiles.Sample.promptName, labelMap.view, labelMap.prompt], run.label).to.deep.equal([
          'Sample',
          'Sample',
          run.configuration === 'biorex' ? 'harmonized' : 'native',
          run.configuration !== 'mtl',
        ]);
      }
    } finally {
      store.close();
    }
  });

  it('a second invocation trains nothing and renders the report again', async () => {
    const html = join(out, 'index.html');
    const before = statSync(html).mtimeMs;
    const stamp = readFileSync(html, 'utf8').match(/\d{4}-\d\d-\d\dT[\d:.]+Z/)?.[0];
    await new Promise((r) => setTimeout(r, 20));
    const r = await cli(['reproduce', SPEC, '--work', work, '--out', out, '--progress', 'lines']);
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.match(/mini-quickstart: 4\/4 runs done \(0 trained now\)/);
    expect(r.out).to.not.match(/trainer pid/);
    expect(statSync(html).mtimeMs).to.be.greaterThan(before);
    const again = readFileSync(html, 'utf8').match(/\d{4}-\d\d-\d\dT[\d:.]+Z/)?.[0];
    expect(again).to.be.a('string').and.not.equal(stamp);
  });

  it('a missing corpus stops before any run, naming the corpus and the fix', async () => {
    const r = await cli(['reproduce', 'table3', '--profile', 'smoke', '--data', join(dir, 'no-corpora'), '--work', join(dir, 'w2')]);
    expect(r.code).to.equal(1);
    expect(r.out).to.contain('the experiment needs corpora that are not in the data root: BioRED');
    expect(r.out).to.contain('--from DIR');
    expect(existsSync(join(dir, 'w2', 'runs'))).to.equal(false);
  });
});
