// Bad input to `biorex predict`: every error names the file (and line) and says how to fix it.
import { expect } from 'chai';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { predictCommand } from '../../src/cli/predict.ts';
import { InputError } from '../../src/errors.ts';
import { loadProfile } from '../../src/harmonize/index.ts';
import { candidateInstances, predictFile, readInputDocuments, resolveModelArg, resolveModelFiles } from '../../src/inference/index.ts';
import { openStore } from '../../src/tracking/index.ts';
import { FIXTURES, TEST_FILE } from './tiny-model.ts';

// What the trainer writes into label_map.json from the training set's manifest (task, view, prompt, profiles).
const LABEL_MAP = {
  heads: { default: ['None', 'Association'] },
  max_length: 64,
  special_tokens: ['<C>', '</C>'],
  negative_labels: ['None'],
  mode: 'single',
  task: 'BioRED',
  view: 'harmonized',
  prompt: true,
  profiles: { BioRED: loadProfile('BioRED') },
  tasks: { BioRED: ['None', 'Association'] },
  task_labels_only: false,
};

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
    // the fake model fails only when it is loaded (its export is not hashed), after the input was checked
    const e = await inputError(predictFile({ model: fakeRun({ onnx: true }), input: mixed, output: out(), warn: (m) => warnings.push(m) }));
    expect(e.message).to.match(/records no sha256 of model\.onnx/);
    expect(warnings.join('\n')).to.include(mixed).and.to.include('2 of 5 document(s) have no entity annotations').and.to.include('770000001');
  });

  it('texts are built as in training: the task, profile, view and prompt come from label_map.json', async () => {
    const files = (labelMap: Record<string, unknown>) => resolveModelFiles(fakeRun({ onnx: true, labelMap }));
    expect(files({ ...LABEL_MAP, prompt: false }).prompt).to.equal(false);
    const sample = files({ ...LABEL_MAP, task: 'Sample', profiles: { Sample: loadProfile('Sample') }, view: 'native' });
    expect([sample.task, sample.profile.corpus, sample.view]).to.deep.equal(['Sample', 'Sample', 'native']);
    // the prompt names the model's task, not BioRED
    const { instances } = candidateInstances(await readInputDocuments(TEST_FILE), TEST_FILE, sample);
    expect(instances.length).to.be.greaterThan(0);
    for (const x of instances) expect(x.text).to.include('in Sample between').and.not.include('BioRED'), expect(x.id).to.match(/^Sample\//);
    // MTL: the exported head names the task, whose profile builds the pairs
    const mtl = { ...LABEL_MAP, mode: 'mtl', prompt: false, heads: { BioRED: ['None', 'Association'], SampleDDI: ['None-SampleDDI', 'effect'] }, profiles: { BioRED: loadProfile('BioRED'), SampleDDI: loadProfile('SampleDDI') } };
    const run = fakeRun({ onnx: true, labelMap: mtl });
    writeFileSync(join(run, 'model.onnx.json'), JSON.stringify({ head: 'SampleDDI', labels: ['None-SampleDDI', 'effect'] }));
    const m = resolveModelFiles(run);
    expect([m.task, m.profile.corpus, m.prompt, m.labels]).to.deep.equal(['SampleDDI', 'SampleDDI', false, ['None-SampleDDI', 'effect']]);
  });

  it('a model that does not record its task, profile, view or prompt is refused, never guessed as BioRED', () => {
    for (const drop of ['task', 'profiles', 'view', 'prompt']) {
      const labelMap = Object.fromEntries(Object.entries(LABEL_MAP).filter(([k]) => k !== drop));
      const run = fakeRun({ onnx: true, labelMap });
      const e = (() => {
        try {
          resolveModelFiles(run);
        } catch (err) {
          return err as InputError;
        }
        throw new Error(`accepted a label map without ${drop}`);
      })();
      expect(e).to.be.instanceOf(InputError);
      expect(e.problem.file).to.equal(join(run, 'model/label_map.json'));
      expect(e.message, drop).to.include('does not record how its training texts were built').and.to.include(drop === 'profiles' ? 'profiles.BioRED' : drop).and.to.include('Fix: retrain');
    }
  });

  it('task_labels_only: the allowed labels are the task\'s own, in logit order', () => {
    const labelMap = { ...LABEL_MAP, heads: { default: ['None', 'Association', 'None-DDI', 'effect'] }, tasks: { BioRED: ['None', 'Association'], DDI: ['None-DDI', 'effect'] } };
    expect(resolveModelFiles(fakeRun({ onnx: true, labelMap })).allowedLabels).to.equal(undefined);
    expect(resolveModelFiles(fakeRun({ onnx: true, labelMap: { ...labelMap, task_labels_only: true } })).allowedLabels).to.deep.equal(['None', 'Association']);
  });

  it('model directory without model.onnx: names the directory and the export command', async () => {
    const run = fakeRun({ onnx: false });
    const e = await inputError(predictFile({ model: run, input: TEST_FILE, output: out() }));
    expect(e.problem.file).to.equal(run);
    expect(e.message).to.include('no model.onnx').and.to.include(`biorex export-onnx --model ${run}`).and.to.include('--export');
    // the model/ folder itself is accepted as --model too, with the same message
    expect(() => resolveModelFiles(join(run, 'model'))).to.throw(InputError, /export-onnx/);
  });

  it('--out equal to --in is refused, also through a symbolic link, a linked folder or a hard link; the input is untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'biorex-same-'));
    const input = join(dir, 'docs.pubtator');
    copyFileSync(TEST_FILE, input);
    const before = readFileSync(input, 'utf8');
    symlinkSync(input, join(dir, 'symlink.pubtator'));
    linkSync(input, join(dir, 'hardlink.pubtator'));
    symlinkSync(dir, join(dir, '..', `${dir.split('/').pop()}-linked`));
    for (const output of [input, join(dir, '.', 'docs.pubtator'), join(dir, 'symlink.pubtator'), join(dir, 'hardlink.pubtator'), `${dir}-linked/docs.pubtator`]) {
      const e = await inputError(predictFile({ model: fakeRun({ onnx: true }), input, output }));
      expect(e.problem.file).to.equal(output);
      expect(e.message, output).to.include('is the input file').and.to.include('Fix: write the predictions to another file');
    }
    expect(readFileSync(input, 'utf8')).to.equal(before);
  });

  it('--out in a folder that does not exist, or a directory: named, with the fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'biorex-outdir-'));
    const missing = join(dir, 'no/such/folder/out.pubtator');
    const e1 = await inputError(predictFile({ model: fakeRun({ onnx: true }), input: TEST_FILE, output: missing }));
    expect(e1.message).to.equal(`${missing}: its folder ${join(dir, 'no/such/folder')} does not exist. Fix: create it first (mkdir -p ${join(dir, 'no/such/folder')}), or choose an --out in an existing folder`);
    expect(existsSync(join(dir, 'no'))).to.equal(false); // nothing created
    const e2 = await inputError(predictFile({ model: fakeRun({ onnx: true }), input: TEST_FILE, output: dir }));
    expect(e2.message).to.include(`${dir}: is a directory. Fix:`);
  });

  it('--in a directory: named, with the fix', async () => {
    const e = await inputError(predictFile({ model: fakeRun({ onnx: true }), input: FIXTURES, output: out() }));
    expect(e.message).to.include(`${FIXTURES}: is a directory, not a file of documents. Fix: pass one PubTator`);
  });

  it('--model a missing directory: says so, also when a tracking store exists (not "no run")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'biorex-store-'));
    const db = join(dir, 'biorex.sqlite');
    openStore(db).close();
    const missing = join(dir, 'runs/0123456789abcdef');
    for (const store of [db, join(dir, 'none.sqlite')]) {
      const e = await inputError(resolveModelArg(missing, store));
      expect(e.message).to.equal(`${missing}: model directory does not exist. Fix: pass the directory of a training run (holding model/ and model.onnx), or a run id / hash prefix from \`biorex runs list\``);
    }
    // a bare word that is neither a directory nor a run of the store
    const e = await inputError(resolveModelArg('fedcba98', db));
    expect(e.message).to.include(`fedcba98: no such directory, and no run 'fedcba98' in the tracking store ${db}`);
  });

  it('bad option values: `--option value: message. Fix: …`, no stack trace', async () => {
    const run = async (args: string[]) => {
      try {
        await yargs([]).command(predictCommand).strict().fail((msg, err) => {
          throw err ?? new Error(msg);
        }).parseAsync(['predict', '--model', 'x', '--in', TEST_FILE, '--out', out(), ...args]);
      } catch (e) {
        return e as Error;
      }
      throw new Error(`accepted ${args.join(' ')}`);
    };
    const cases: [string[], string][] = [
      [['--batch-size', '0'], '--batch-size 0: must be a positive whole number (pairs per ONNX call). Fix: pass e.g. --batch-size 8 (the default)'],
      [['--batch-size', 'many'], '--batch-size NaN: must be a positive whole number'],
      [['--threads', '1.5'], '--threads 1.5: must be a positive whole number (onnxruntime threads). Fix: '],
      [['--min-confidence', '2'], '--min-confidence 2: must be a probability between 0 and 1. Fix: '],
    ];
    for (const [args, message] of cases) {
      const e = await run(args);
      expect(e, args.join(' ')).to.be.instanceOf(InputError);
      expect(e.message).to.include(message);
    }
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
