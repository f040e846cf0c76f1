import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpecFile, parseSpec, SpecError, type SpecProblem } from '../../src/experiments/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/experiments');

const BASE = `name: t
target: BioRED
plm: tiny
configurations: [original, biorex]
rows:
  - {external: [BC5CDR]}
`;

function problems(text: string, profile?: string): SpecProblem[] {
  try {
    parseSpec(text, 'spec.yaml', { profile });
  } catch (err) {
    expect(err).to.be.instanceOf(SpecError);
    return (err as SpecError).problems;
  }
  expect.fail('the spec was accepted');
}

function only(text: string, path: string): SpecProblem {
  const ps = problems(text);
  const p = ps.find((x) => x.path === path);
  expect(p, `no problem at ${path}; got ${JSON.stringify(ps)}`).to.not.equal(undefined);
  return p!;
}

describe('experiments: spec validation messages', () => {
  it('accepts the Table 3 fixture and fills defaults', () => {
    const { spec, warnings } = loadSpecFile(join(FIXTURES, 'table3.yaml'));
    expect(spec.training).to.include({ epochs: 10, batch_size: 16, lr: 5e-5, max_length: 512, warmup_ratio: 0 });
    expect(spec.data.train_on).to.equal('train+dev');
    expect(spec.seeds).to.deep.equal([13, 42, 87]);
    expect(warnings).to.deep.equal([]);
  });

  it('reports every problem of a file at once, each with file:line, path, value and fix', () => {
    const file = join(FIXTURES, 'invalid.yaml');
    let err: SpecError | undefined;
    try {
      loadSpecFile(file);
    } catch (e) {
      err = e as SpecError;
    }
    expect(err).to.be.instanceOf(SpecError);
    const paths = err!.problems.map((p) => p.path).sort();
    expect(paths).to.include.members(['name', 'configurations[2]', 'rows[1].external[0]', 'training.epoch', 'training.lr', 'training.batch_size', 'evaluate.on']);
    const lines = readFileSync(file, 'utf8').split('\n');
    const ddl = err!.problems.find((p) => p.path === 'rows[1].external[0]')!;
    expect(lines[ddl.line! - 1]).to.contain('DDl');
    expect(err!.message).to.contain(`${file}:${ddl.line}: rows[1].external[0]: unknown corpus 'DDl'`);
    expect(err!.message).to.contain("did you mean 'DDI'?");
  });

  it('1. unknown corpus: names the path, the value and the closest corpus', () => {
    const p = only(BASE + `  - {external: [DDl]}\n`, 'rows[1].external[0]');
    expect(p.value).to.equal('DDl');
    expect(p.message).to.equal("unknown corpus 'DDl'");
    expect(p.fix).to.match(/^did you mean 'DDI'\?/);
    expect(p.line).to.equal(7);
  });

  it('2. unknown key: suggests the right spelling and lists the allowed keys', () => {
    const p = only(BASE + `training: {epoch: 3}\n`, 'training.epoch');
    expect(p.message).to.equal("unknown key 'epoch'");
    expect(p.fix).to.contain("did you mean 'epochs'?").and.contain('batch_size');
  });

  it('3. wrong type: a quoted number is explained', () => {
    const p = only(BASE + `training: {lr: "5e-5"}\n`, 'training.lr');
    expect(p.message).to.contain('expected a number');
    expect(p.fix).to.equal('write the number without quotes: 0.00005');
  });

  it('4. out of range: the bound is named', () => {
    const p = only(BASE + `training: {batch_size: 0}\n`, 'training.batch_size');
    expect(p.value).to.equal(0);
    expect(p.message).to.contain('must be ≥ 1');
  });

  it('5. unknown configuration: case slip is caught with a suggestion', () => {
    const p = only(BASE.replace('[original, biorex]', '[original, TL]'), 'configurations[1]');
    expect(p.fix).to.contain("did you mean 'tl'?");
  });

  it('6. a missing required key names what to add', () => {
    const p = only(BASE.replace('target: BioRED\n', ''), 'target');
    expect(p.message).to.contain('missing');
    expect(p.fix).to.contain('target:');
  });

  it('7. YAML syntax errors report the line', () => {
    const ps = problems('name: t\ntarget: BioRED\nrows: [{external: [DDI]}\nseeds: [1]\n');
    expect(ps[0].message).to.match(/^YAML syntax error/);
    expect(ps[0].line).to.be.a('number').and.to.be.at.least(3);
  });

  it('8. a single corpus where a list is expected: suggests the list form', () => {
    const p = only(BASE + `  - {external: DDI}\n`, 'rows[1].external');
    expect(p.fix).to.equal('write a list: [DDI] (or all)');
  });

  it('9. cross-field: the baseline must be one of the configurations', () => {
    const p = only(BASE + `compare: {baseline: mtl}\n`, 'compare.baseline');
    expect(p.fix).to.equal('use one of: original, biorex');
  });

  it('10. cross-field: folds only for cross-validated targets, and required for them', () => {
    expect(only(BASE + 'folds: 10\n', 'folds').fix).to.equal('remove `folds`');
    const cv = only(BASE.replace('target: BioRED', 'target: AIMed'), 'folds');
    expect(cv.fix).to.contain('folds: 10');
    expect(only(BASE.replace('target: BioRED', 'target: AIMed') + 'folds: 5\n', 'folds').fix).to.equal('write `folds: 10`');
  });

  it('11. cross-field: the target listed as an external corpus, duplicate seeds, fractional counts', () => {
    expect(only(BASE + '  - {external: [DDI, BioRED]}\n', 'rows[1].external[1]').message).to.contain('is the target');
    expect(only(BASE + 'seeds: [1, 2, 1]\n', 'seeds[2]').message).to.equal('seed 1 is listed twice');
    expect(only(BASE + 'sizes: [100, 1.5]\n', 'sizes[1]').message).to.contain('neither a fraction');
  });

  it('12. evaluation sets must be of the target; names the split format', () => {
    expect(only(BASE + 'evaluate: {on: DDI/test}\n', 'evaluate.on').message).to.contain('target corpus (BioRED)');
    expect(only(BASE + 'evaluate: {on: BioRED/tset}\n', 'evaluate.on').fix).to.contain('Corpus/split');
  });

  it('13. profiles: unknown name suggests the existing one; a profile override is validated too', () => {
    const spec = BASE + 'profiles:\n  smoke: {epochs: 1, max_docs: 5}\n';
    expect(problems(spec, 'smok')[0].fix).to.contain("did you mean 'smoke'?");
    const bad = BASE + 'compare: {baseline: biorex}\nprofiles:\n  smoke: {configurations: [original]}\n';
    expect(() => parseSpec(bad)).to.not.throw(); // valid without the profile
    const p = problems(bad, 'smoke')[0];
    expect(p.path).to.equal('compare.baseline');
    expect(p.message).to.match(/^with profile smoke: baseline 'biorex'/);
  });

  it('applies a profile: flat training/data keys and top-level overrides', () => {
    const { spec } = loadSpecFile(join(FIXTURES, 'table3.yaml'), { profile: 'smoke' });
    expect(spec.plm).to.equal('./tiny-plm');
    expect(spec.training.epochs).to.equal(1);
    expect(spec.training.batch_size).to.equal(16);
    expect(spec.data.max_docs).to.equal(5);
    expect(spec.seeds).to.deep.equal([13]);
  });

  it('notes (does not reject) TL/MTL rows with corpora that have no entity spans', () => {
    const { warnings } = parseSpec(BASE.replace('[original, biorex]', '[original, tl]') + '  - {external: [DDI, DisGeNET]}\n');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('tl cannot use DisGeNET').and.contain('trains on DDI only');
  });
});
