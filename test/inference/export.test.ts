// `biorex export-onnx`, `predict --export`, and the check that the graph predict runs is the one
// exported from the run's trained weights (model.onnx.json and the tracking store's artifact hashes).
import { expect } from 'chai';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { exportOnnxCommand } from '../../src/cli/export-onnx.ts';
import { predictCommand } from '../../src/cli/predict.ts';
import type { InputError } from '../../src/errors.ts';
import { sha256File } from '../../src/hashing.ts';
import { predictFile, resolveModelArg } from '../../src/inference/index.ts';
import { collectArtifacts } from '../../src/runner/run.ts';
import { openStore } from '../../src/tracking/index.ts';
import { TEST_FILE, describeWithTrainer, runPython, tinyModel, type TinyModel } from './tiny-model.ts';

async function inputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    // by name: the CLI imports the library lazily, which the test runner may load as a second copy
    expect((e as Error).name, String(e)).to.equal('InputError');
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

/** Runs one CLI command in-process; returns what it printed on stderr. */
async function cli(command: typeof predictCommand | typeof exportOnnxCommand, args: string[]): Promise<string> {
  const lines: string[] = [];
  const orig = console.error;
  console.error = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    await yargs([])
      .command(command as typeof predictCommand)
      .strict()
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .parseAsync(args);
  } finally {
    console.error = orig;
  }
  return lines.join('\n');
}

describeWithTrainer('inference/export: export-onnx, predict --export, and the exported graph checked against the run', function () {
  this.timeout(600_000);
  let model: TinyModel;
  let tmp: string;
  let reference: string; // predictions of the untouched model

  /** A copy of the trained run directory (optionally without its export), registered in a fresh store. */
  async function copyRun(name: string, opts: { exported: boolean }): Promise<{ runDir: string; db: string; id: number; hash: string }> {
    const runDir = join(tmp, name);
    cpSync(model.runDir, runDir, { recursive: true });
    rmSync(join(runDir, 'model.int8.onnx'), { force: true });
    if (!opts.exported) for (const f of ['model.onnx', 'model.onnx.json']) rmSync(join(runDir, f));
    const db = join(tmp, `${name}.sqlite`);
    const store = openStore(db);
    try {
      const hash = (name.replace(/[^0-9a-f]/g, '') + '0123456789abcdef'.repeat(4)).slice(0, 64);
      const id = store.registerRun({ hash, label: name, configuration: 'original', mode: 'single', target: 'BioRED', externals: [], plm: 'tiny', seed: 42, size: 4, identity: {} });
      store.setRunConfig(id, {}, runDir);
      store.putArtifacts(id, await collectArtifacts(runDir)); // what the runner records when a run finishes
      return { runDir, db, id, hash };
    } finally {
      store.close();
    }
  }

  before(async () => {
    model = await tinyModel();
    tmp = mkdtempSync(join(tmpdir(), 'biorex-export-test-'));
    reference = join(tmp, 'reference.pubtator');
    await predictFile({ model: model.runDir, input: TEST_FILE, output: reference, threads: 1 });
  });

  it('biorex export-onnx RUN_ID writes model.onnx + model.onnx.json and records the graph with the run', async () => {
    const r = await copyRun('abc1', { exported: false });
    const said = await cli(exportOnnxCommand, ['export-onnx', '--model', r.hash.slice(0, 10), '--db', r.db]);
    const onnx = join(r.runDir, 'model.onnx');
    expect(existsSync(onnx) && existsSync(`${onnx}.json`)).to.equal(true);
    expect(said).to.include(`exporting run #${r.id}`).and.to.include(`→ ${onnx}`).and.to.include(`recorded with run #${r.id}`);
    const store = openStore(r.db, { readonly: true });
    const recorded = store.getArtifacts(r.id).find((a) => a.kind === 'onnx' && a.path === 'model.onnx');
    store.close();
    expect(recorded?.sha256).to.equal(await sha256File(onnx));
    // and predict through the store gives the untouched model's predictions
    const out = join(tmp, 'abc1.pubtator');
    await cli(predictCommand, ['predict', '--model', r.hash.slice(0, 10), '--db', r.db, '--in', TEST_FILE, '--out', out, '--threads', '1']);
    expect(readFileSync(out, 'utf8')).to.equal(readFileSync(reference, 'utf8'));
  });

  it('predict on a run without model.onnx: refused with the export command when not asked, exported with --export', async () => {
    const r = await copyRun('abc2', { exported: false });
    const out = join(tmp, 'abc2.pubtator');
    const e = await inputError(cli(predictCommand, ['predict', '--model', r.runDir, '--db', r.db, '--in', TEST_FILE, '--out', out]));
    expect(e.message).to.include('no model.onnx').and.to.include(`biorex export-onnx --model ${r.runDir}`).and.to.include('--export');
    const said = await cli(predictCommand, ['predict', '--model', r.runDir, '--db', r.db, '--in', TEST_FILE, '--out', out, '--export', '--threads', '1']);
    expect(said).to.include('exported head default');
    expect(readFileSync(out, 'utf8')).to.equal(readFileSync(reference, 'utf8'));
  });

  it('a graph changed after export is refused (model.onnx.json records its sha256)', async () => {
    const r = await copyRun('abc3', { exported: true });
    appendFileSync(join(r.runDir, 'model.onnx'), Buffer.from([0]));
    const e = await inputError(predictFile({ model: r.runDir, input: TEST_FILE, output: join(tmp, 'abc3.pubtator') }));
    expect(e.problem.file).to.equal(join(r.runDir, 'model.onnx'));
    expect(e.message).to.include('changed after it was exported').and.to.include(`biorex export-onnx --model ${r.runDir}`);
    expect(existsSync(join(tmp, 'abc3.pubtator'))).to.equal(false);
  });

  it('a tokenizer changed after export is refused', async () => {
    const r = await copyRun('abc4', { exported: true });
    const tok = join(r.runDir, 'model/tokenizer.json');
    writeFileSync(tok, JSON.stringify(JSON.parse(readFileSync(tok, 'utf8')), null, 1));
    const e = await inputError(predictFile({ model: r.runDir, input: TEST_FILE, output: join(tmp, 'abc4.pubtator') }));
    expect(e.message).to.include(`${tok}: changed after model.onnx was exported`);
  });

  it('weights changed after training and exported again: refused against the hashes the store recorded for the run', async () => {
    const r = await copyRun('abc5', { exported: true });
    // new weights in model/ (a valid file, other values), then a clean re-export from them
    runPython(['-c', `
import sys
from safetensors.torch import load_file, save_file
p = sys.argv[1]
t = load_file(p)
k = sorted(t)[0]
t[k] = t[k] + 0.01
save_file(t, p)
`, join(r.runDir, 'model/heads.safetensors')]);
    runPython(['-m', 'biorex_trainer', 'export-onnx', '--model', join(r.runDir, 'model')]);
    const output = join(tmp, 'abc5.pubtator');
    // model.onnx.json agrees with the files (the export itself is consistent): only the run's record tells
    await predictFile({ model: r.runDir, input: TEST_FILE, output, threads: 1 });
    rmSync(output);
    const ref = await resolveModelArg(r.hash.slice(0, 8), r.db);
    const e = await inputError(predictFile({ model: ref.dir, run: ref.run, input: TEST_FILE, output }));
    expect(e.message)
      .to.include(`was not exported from run #${r.id}'s trained model: model/heads.safetensors`)
      .and.to.include(`in the tracking store ${r.db}`)
      .and.to.include('the weights changed after training');
    // the same through the CLI, with the directory as --model (the store finds the run by its directory)
    const e2 = await inputError(cli(predictCommand, ['predict', '--model', r.runDir, '--db', r.db, '--in', TEST_FILE, '--out', output]));
    expect(e2.message).to.include(`run #${r.id}'s trained model`);
    expect(existsSync(output)).to.equal(false);
  });

  it('the output is written atomically: a hard link at --out is replaced, not written through', async () => {
    const other = join(tmp, 'other.pubtator');
    writeFileSync(other, 'someone else\'s file\n');
    const out = join(tmp, 'linked-out.pubtator');
    const { linkSync } = await import('node:fs');
    linkSync(other, out);
    await predictFile({ model: model.runDir, input: TEST_FILE, output: out, threads: 1 });
    expect(readFileSync(other, 'utf8')).to.equal("someone else's file\n");
    expect(readFileSync(out, 'utf8')).to.equal(readFileSync(reference, 'utf8'));
  });
});
