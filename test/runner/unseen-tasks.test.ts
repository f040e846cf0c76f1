// The run path of the two unseen tasks (paper Tables 5 and 6) with the real trainer and a tiny PLM,
// on the hand-written data root in the corpora's real formats: instance set → training → prediction
// → scoring with the task's own scorer → results in the store.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '../../src/runner/index.ts';
import { openStore } from '../../src/tracking/index.ts';
import { HAVE_PYTHON, tinyPlm } from '../fixtures/experiments/harness.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const ROOT = join(REPO_ROOT, 'test/fixtures/unseen-tasks');
const describeWithTrainer = HAVE_PYTHON ? describe : describe.skip;

describeWithTrainer('runner: the unseen tasks (GDA, DrugCombo) end to end on hand-written samples', function () {
  this.timeout(600_000);
  let dir: string;
  let plm: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-unseen-'));
    plm = await tinyPlm();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(name: string, target: string) {
    const spec = join(dir, `${name}.yaml`);
    writeFileSync(spec, `name: ${name}\ntarget: ${target}\nplm: ${plm}\nconfigurations: [original]\nseeds: [1]\ntraining: {epochs: 2, batch_size: 4, max_length: 128}\ndata: {root: ${ROOT}}\n`);
    const db = join(dir, 'biorex.sqlite');
    const summary = await runExperiment({ spec, db, work: join(dir, 'work'), progress: 'none', handleSignals: false });
    expect(summary.failed, JSON.stringify(summary.failed)).to.deep.equal([]);
    expect(summary.done).to.equal(1);
    const store = openStore(db, { readonly: true });
    try {
      const [r] = store.listRuns({ experiment: name });
      return store.getResults({ runId: r.id });
    } finally {
      store.close();
    }
  }

  it('GDA: document-level gene–disease pairs, scored on the gold test abstracts (2 associations)', async () => {
    const rows = await run('gda-mini', 'GDA');
    const main = rows.find((x) => x.criterion === 'pair+type' && x.pairType === 'all')!;
    expect(main).to.include({ evalSet: 'GDA/test', scorer: 'evaluation/corpus-v1' });
    expect(main.tp! + main.fn!).to.equal(2);
    expect(rows.find((x) => x.criterion === 'accuracy')!.tp! + rows.find((x) => x.criterion === 'accuracy')!.fp!).to.equal(5);
  });

  it('DrugCombo: the four combination scores (2 positive and 3 any gold combinations in the test split)', async () => {
    const rows = await run('drugcombo-mini', 'DrugCombo');
    expect(rows.filter((x) => x.scorer === 'evaluation/drugcombo-v1').map((x) => x.criterion).sort()).to.deep.equal(['any/exact', 'any/partial', 'positive/exact', 'positive/partial']);
    const exact = (c: string) => rows.find((x) => x.criterion === c)!;
    expect(exact('positive/exact').tp! + exact('positive/exact').fn!).to.equal(2);
    expect(exact('any/exact').tp! + exact('any/exact').fn!).to.equal(3);
    expect(exact('any/partial').tp).to.equal(null);
    for (const x of rows) expect(x.f1).to.be.within(0, 1);
  });
});
