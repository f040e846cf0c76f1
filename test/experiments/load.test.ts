// The one spec loader (src/experiments/load.ts): files, multi-document files, catalog names.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { experimentsNamed, findSpecFile, loadSpecFile, loadSpecs, SpecError } from '../../src/experiments/index.ts';

describe('experiments: loading spec files', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'biorex-specs-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a multi-document file: every problem listed with the line in the file, duplicate names refused', () => {
    const f = join(dir, 'multi.yaml');
    writeFileSync(
      f,
      [
        '# two experiments',
        'name: a',
        'target: Sample',
        'plm: tiny',
        'configurations: [original]',
        '---',
        'name: b',
        'target: Sampel',
        'plm: tiny',
        'configurations: [original]',
        '---',
        'name: a',
        'target: Sample',
        'plm: tiny',
        'configurations: [original]',
        '',
      ].join('\n'),
    );
    try {
      loadSpecs(f);
      expect.fail('loadSpecs accepted an invalid file');
    } catch (err) {
      expect(err).to.be.instanceOf(SpecError);
      const msg = (err as Error).message;
      expect(msg).to.contain(`${f}:8: target: unknown corpus 'Sampel'`);
      expect(msg).to.contain(`${f}:12: name: experiments 1 and 3 of this file are both named 'a'`);
    }
  });

  it('a name that is not in the catalog: the error lists the catalog', () => {
    expect(() => findSpecFile('tabel3')).to.throw(/no experiment named "tabel3".*table3/);
    expect(() => findSpecFile(join(dir, 'none.yaml'))).to.throw(/no such experiment spec file/);
  });

  it('one experiment where one is expected: a multi-document file is refused, a catalog name is found', () => {
    const f = join(dir, 'two.yaml');
    writeFileSync(f, 'name: a\ntarget: Sample\nplm: tiny\nconfigurations: [original]\n---\nname: b\ntarget: Sample\nplm: tiny\nconfigurations: [original]\n');
    expect(loadSpecs(f).specs.map((l) => l.spec.name)).to.deep.equal(['a', 'b']);
    expect(() => loadSpecFile(f)).to.throw(SpecError, /holds 2 experiments \(a, b\)/);
    expect(loadSpecFile('quickstart').spec.name).to.equal('quickstart');
  });

  it('an experiment argument: a spec path or a catalog name stands for its experiments, anything else for itself', () => {
    const spec = join(dir, 'fixture.yaml');
    writeFileSync(spec, 'name: t3-fixture\ntarget: Sample\nplm: tiny\nconfigurations: [original]\n');
    expect(experimentsNamed(spec).experiments).to.deep.equal(['t3-fixture']);
    expect(experimentsNamed('t3-fixture').experiments).to.deep.equal(['t3-fixture']);
    // a multi-document catalog file: every experiment in it, the report named after the file
    expect(experimentsNamed('table4')).to.deep.equal({
      name: 'table4',
      experiments: ['table4-biored', 'table4-bc5cdr', 'table4-ddi', 'table4-drugprot', 'table4-aimed', 'table4-hprd50'],
    });
  });
});
