// A run that starts from another run's fine-tuned encoder (paper Tables 5 and 6), and `export-plm`:
// the exported folder is a plain Hugging Face model that transformers.AutoModel loads, with the
// run's weights and the tokenizer's added tag tokens; the identity of the second run holds the
// first run's hash, and `runs show` prints the chain.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpecFile } from '../../src/experiments/index.ts';
import { pythonPath } from '../../src/python.ts';
import { defaultInstanceProvider, exportPlm, planExperiment, resolveRunRef, runExperiment } from '../../src/runner/index.ts';
import { openStore, plmChain, type RunRecord } from '../../src/tracking/index.ts';
import { expectInputError } from '../corpora/util.ts';
import { HAVE_PYTHON, startCli, tinyPlm } from '../fixtures/experiments/harness.ts';

const describeWithTrainer = HAVE_PYTHON ? describe : describe.skip;

const LOAD = `
import json, sys, torch
from transformers import AutoModel, AutoTokenizer
from safetensors.torch import load_file
out, trained = sys.argv[1], sys.argv[2]
model = AutoModel.from_pretrained(out)
tok = AutoTokenizer.from_pretrained(out)
weights = load_file(trained + "/model.safetensors")
state = model.state_dict()
tags = ["<C>", "</C>", "<D>", "</D>", "<G>", "</G>"]
print(json.dumps({
  "cls": type(model).__name__,
  "same": sorted(k for k, v in weights.items() if k in state and torch.equal(state[k], v)) == sorted(weights),
  "tensors": len(weights),
  "tagsAreTokens": [len(tok.tokenize(t)) == 1 and tok.convert_tokens_to_ids(t) != tok.unk_token_id for t in tags],
  "vocab": len(tok), "embeddings": model.get_input_embeddings().num_embeddings,
}))
`;

describeWithTrainer('runner/encoders: plm = a finished run; export-plm', function () {
  this.timeout(600_000);
  let dir: string;
  let db: string;
  let work: string;
  let first: RunRecord;
  const spec = (name: string, plm: string) => {
    const f = join(dir, `${name}.yaml`);
    writeFileSync(f, `name: ${name}\ntarget: Sample\nplm: ${plm}\nconfigurations: [original]\nseeds: [1]\ntraining: {epochs: 1, batch_size: 8, max_length: 64}\ndata: {max_docs: 3}\n`);
    return f;
  };
  const run = async (file: string) => runExperiment({ spec: file, db, work, progress: 'none', handleSignals: false });
  const cli = async (args: string[]) => {
    const r = startCli(args);
    const { code } = await r.exited;
    return { code, out: r.output() };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'biorex-encoders-'));
    db = join(dir, 'biorex.sqlite');
    work = join(dir, 'work');
    const summary = await run(spec('enc-a', await tinyPlm()));
    expect(summary.done).to.equal(1);
    const store = openStore(db, { readonly: true });
    first = store.listRuns({ experiment: 'enc-a' })[0];
    store.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('export-plm: a plain HF model folder (no heads) that AutoModel loads with the run\'s weights and the tag tokens', async () => {
    const store = openStore(db, { readonly: true });
    const out = join(dir, 'exported');
    try {
      const e = await exportPlm(store, `run:${first.hash.slice(0, 12)}`, out);
      expect(e.source.id).to.equal(first.id);
      const names = readdirSync(out).sort();
      expect(names).to.include.members(['config.json', 'model.safetensors', 'tokenizer.json', 'biorex-plm.json']);
      expect(names).to.not.include('heads.safetensors');
      expect(names).to.not.include('label_map.json');
      const prov = JSON.parse(readFileSync(join(out, 'biorex-plm.json'), 'utf8'));
      expect(prov.source.hash).to.equal(first.hash);
      const again = await expectInputError(() => exportPlm(store, `run:${first.hash.slice(0, 12)}`, out));
      expect(again.message).to.contain('already exists and is not empty');
    } finally {
      store.close();
    }
    const loaded = JSON.parse(execFileSync(pythonPath(), ['-c', LOAD, out, join(first.runDir!, 'model')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!);
    expect(loaded).to.deep.include({ cls: 'BertModel', same: true, tagsAreTokens: [true, true, true, true, true, true] });
    expect(loaded.tensors).to.be.greaterThan(10);
    expect(loaded.embeddings).to.equal(loaded.vocab);
  });

  it('a run from that encoder: its identity holds the first run\'s hash, the same run is found by either reference, runs show prints the chain', async () => {
    const summary = await run(spec('enc-b', `run:${first.hash.slice(0, 10)}`));
    expect(summary.failed, JSON.stringify(summary.failed)).to.deep.equal([]);
    expect(summary.trained).to.equal(1);
    const store = openStore(db, { readonly: true });
    let second: RunRecord;
    try {
      second = store.listRuns({ experiment: 'enc-b' })[0];
      expect(second.plm).to.equal(`run:${first.hash}`);
      expect(second.identity.plm).to.equal(`run:${first.hash}`);
      expect(plmChain(store, second).map((l) => l.hash)).to.deep.equal([second.hash, first.hash]);
      // the trainer started from the exported encoder in <work>/plm/run-<hash>
      expect((second.config as { plm: string }).plm).to.equal(join(work, 'plm', `run-${first.hash.slice(0, 16)}`));
      // the cell reference (experiment/configuration/row/seed) names the same run → same identity, nothing to train
      const plan = await planExperiment(loadSpecFile(spec('enc-c', 'enc-a/original/Sample/1')), { provider: defaultInstanceProvider({ cacheDir: join(work, 'instances') }), store });
      expect(plan.runs.map((r) => r.hash)).to.deep.equal([second.hash]);
      expect(plan.runs[0].label).to.equal('original Sample s1');
      // references that name nothing, or a run that is not done, say so with the fix
      expect((await expectInputError(() => resolveRunRef(store, 'enc-x/original/Sample/1'))).message).to.contain("no experiment 'enc-x' with runs");
      expect((await expectInputError(() => resolveRunRef(store, 'enc-a/original/Nope/1'))).message).to.match(/no original run of seed 1 in row 'Nope'.*rows are: Sample/);
      expect((await expectInputError(() => resolveRunRef(store, 'enc-a/biorex/1/1'))).message).to.contain('no biorex run');
    } finally {
      store.close();
    }
    const shown = await cli(['runs', 'show', String(second.id), '--db', db]);
    expect(shown.code, shown.out).to.equal(0);
    expect(shown.out).to.contain('plm chain');
    expect(shown.out).to.contain(`  run ${second.id} ${second.hash}`);
    expect(shown.out).to.contain(`← run ${first.id} ${first.hash}`);
    const exported = await cli(['export-plm', 'enc-a/original/1/1', '--out', join(dir, 'cli-export'), '--db', db]);
    expect(exported.code, exported.out).to.equal(0);
    expect(exported.out).to.contain(`wrote the encoder of run ${first.id}`);
    expect(existsSync(join(dir, 'cli-export', 'model.safetensors'))).to.equal(true);
  });
});
