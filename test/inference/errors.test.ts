// Bad input to `biorex predict`: every error names the file (and line) and says how to fix it.
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { predictFile, resolveModelArg, resolveModelFiles } from '../../src/inference/index.ts';
import { FIXTURES, TEST_FILE } from './tiny-model.ts';

const LABEL_MAP = { heads: { default: ['None', 'Association'] }, max_length: 64, special_tokens: ['<C>', '</C>'], negative_labels: ['None'], mode: 'single' };

/** A run directory shaped like the trainer's, without any real weights (enough to get past model lookup). */
function fakeRun(opts: { onnx: boolean; labelMap?: Record<string, unknown> }): string {
  const run = mkdtempSync(join(tmpdir(), 'biorex-fake-run-'));
  mkdirSync(join(run, 'model'));
  writeFileSync(join(run, 'model/label_map.json'), JSON.stringify(opts.labelMap ?? LABEL_MAP));
  if (opts.onnx) writeFileSync(join(run, 'model.onnx'), 'not an onnx graph');
  return run;
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(InputError, String(e));
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('inference/errors: bad input to predict', () => {
  const out = () => join(mkdtempSync(join(tmpdir(), 'biorex-err-')), 'out.pubtator');

  it('input without any entity annotation: names the file and says to annotate entities', async () => {
    const file = join(FIXTURES, 'no-entities.pubtator');
    const e = await inputError(predictFile({ model: fakeRun({ onnx: true }), input: file, output: out() }));
    expect(e.problem.file).to.equal(file);
    expect(e.message).to.match(/no entity annotations/).and.to.match(/Fix: annotate entities/);
  });

  it('some documents without entities: a warning naming the file and the documents, the rest is predicted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'biorex-mixed-'));
    const mixed = join(dir, 'mixed.pubtator');
    writeFileSync(mixed, readFileSync(join(FIXTURES, 'no-entities.pubtator'), 'utf8') + '\n' + readFileSync(TEST_FILE, 'utf8'));
    const warnings: string[] = [];
    // the fake model fails only when it is loaded (no tokenizer.json), after the input was checked
    const e = await inputError(predictFile({ model: fakeRun({ onnx: true }), input: mixed, output: out(), warn: (m) => warnings.push(m) }));
    expect(e.message).to.match(/no tokenizer\.json/);
    expect(warnings.join('\n')).to.include(mixed).and.to.include('2 of 5 document(s) have no entity annotations').and.to.include('770000001');
  });

  it('texts get the prompt as in training: label_map.json says so; older model dirs are read by their mode', () => {
    const prompt = (labelMap: Record<string, unknown>) => resolveModelFiles(fakeRun({ onnx: true, labelMap })).prompt;
    expect(prompt({ ...LABEL_MAP, prompt: false })).to.equal(false);
    expect(prompt({ ...LABEL_MAP, mode: 'mtl', prompt: true })).to.equal(true);
    expect(prompt(LABEL_MAP)).to.equal(true); // no `prompt`: single mode trained with the prompt
    expect(prompt({ ...LABEL_MAP, mode: 'mtl' })).to.equal(false);
  });

  it('model directory without model.onnx: names the directory and the export command', async () => {
    const run = fakeRun({ onnx: false });
    const e = await inputError(predictFile({ model: run, input: TEST_FILE, output: out() }));
    expect(e.problem.file).to.equal(run);
    expect(e.message).to.include('no model.onnx').and.to.include('biorex_trainer export-onnx --model').and.to.include(join(run, 'model'));
    // the model/ folder itself is accepted as --model too, with the same message
    expect(() => resolveModelFiles(join(run, 'model'))).to.throw(InputError, /export-onnx/);
  });

  it('a directory that is not a trained model, and a missing one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'biorex-empty-'));
    expect(() => resolveModelFiles(empty)).to.throw(InputError, /no label_map\.json/);
    expect(() => resolveModelFiles(join(empty, 'nope'))).to.throw(InputError, /does not exist/);
  });

  it('a run id without a tracking store: says where it looked', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'biorex-db-')), 'none.sqlite');
    const e = await inputError(resolveModelArg('a1b2c3', db));
    expect(e.message).to.include(db).and.to.include('--db');
  });

  it('corrupt input file: file and line of the bad line', async () => {
    const file = join(FIXTURES, 'corrupt.pubtator');
    const e = await inputError(predictFile({ model: fakeRun({ onnx: true }), input: file, output: out() }));
    expect(e.problem.file).to.equal(file);
    expect(e.problem.line).to.equal(4);
    expect(e.message).to.include(`${file}:4`);
  });

  it('missing input file, and a BioC file that is not XML', async () => {
    const missing = join(FIXTURES, 'does-not-exist.pubtator');
    const e1 = await inputError(predictFile({ model: fakeRun({ onnx: true }), input: missing, output: out() }));
    expect(e1.message).to.include(missing).and.to.include('does not exist');
    const dir = mkdtempSync(join(tmpdir(), 'biorex-badxml-'));
    copyFileSync(join(FIXTURES, 'corrupt.pubtator'), join(dir, 'docs.xml'));
    const e2 = await inputError(predictFile({ model: fakeRun({ onnx: true }), input: join(dir, 'docs.xml'), output: out() }));
    expect(e2.message).to.include(join(dir, 'docs.xml'));
  });
});
