// Planning a file that trains encoders and then starts another experiment from them: the second
// experiment's plm references resolve to the first one's planned runs before anything is trained,
// so `biorex plan` shows both; without the earlier plan or a store, the reference is an error.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpecs } from '../../src/experiments/index.ts';
import { defaultInstanceProvider, planExperiment } from '../../src/runner/index.ts';
import { expectInputError } from '../corpora/util.ts';

describe('runner/plan: plm references to an earlier experiment of the same file', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'biorex-plan-enc-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves EXPERIMENT/CONFIGURATION/ROW/SEED to that planned run; its hash is in the identity', async () => {
    const file = join(dir, 'two.yaml');
    const common = 'configurations: [original]\nseeds: [1, 2]\ntraining: {epochs: 1}\ndata: {max_docs: 3}\n';
    writeFileSync(file, `name: enc\ntarget: Sample\nplm: tiny\n${common}---\nname: use\ntarget: SampleDDI\nplm: [tiny, enc/original/Sample/2, enc/original/1/1]\n${common}`);
    const { specs } = loadSpecs(file);
    const provider = defaultInstanceProvider({ cacheDir: join(dir, 'instances') });
    const first = await planExperiment(specs[0], { provider });
    const second = await planExperiment(specs[1], { provider, earlier: [first] });
    const encBySeed = new Map(first.runs.map((r) => [r.seed, r.hash]));
    const fromEncoders = second.runs.filter((r) => r.plmSource);
    expect(fromEncoders.map((r) => [r.plm, r.seed])).to.deep.equal([
      [`run:${encBySeed.get(2)}`, 1],
      [`run:${encBySeed.get(2)}`, 2],
      [`run:${encBySeed.get(1)}`, 1],
      [`run:${encBySeed.get(1)}`, 2],
    ]);
    for (const r of fromEncoders) expect(r.identity.plm).to.equal(r.plm);
    expect(fromEncoders[0].plmSource).to.include({ written: 'enc/original/Sample/2', hash: encBySeed.get(2) });
    expect(new Set(second.runs.map((r) => r.hash)).size).to.equal(6);
    const e = await expectInputError(() => planExperiment(specs[1], { provider }));
    expect(e.message).to.contain("plm 'enc/original/Sample/2' names a run, and there is no tracking store to find it in");
  });
});
