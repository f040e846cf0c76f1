import { expect } from 'chai';
import { escapeControl, formatProblem, InputError } from '../src/errors.ts';
import { parsePubTator } from '../src/corpora/index.ts';

describe('errors', () => {
  it('escapes terminal control characters from input in every formatted problem (issue 15 item 15)', () => {
    const id = '1\u001b[2J\u001b[31mRED\u0007';
    let err: unknown;
    try {
      parsePubTator(`${id}|t|Aspirin\n${id}\tCID\tD1\tD9\n`, { file: 'evil\u001b]0;title\u0007.pubtator' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(InputError);
    const msg = (err as InputError).message;
    expect(msg).to.not.match(/[\u0000-\u001f\u007f-\u009f]/);
    expect(msg).to.contain('document 1\\u001b[2J\\u001b[31mRED\\u0007: relation CID');
    expect(msg).to.match(/^evil\\u001b\]0;title\\u0007\.pubtator:2: /);
    // the problem itself keeps the data as read (JSON output escapes it on its own)
    expect((err as InputError).problem.message).to.contain(id);
  });

  it('escapeControl leaves ordinary text alone and escapes C1 controls and bidirectional overrides', () => {
    expect(escapeControl('BRCA1 → β-catenin, "quoted"')).to.equal('BRCA1 → β-catenin, "quoted"');
    expect(escapeControl('a\u009bb\u202ec\u2066d\u007f')).to.equal('a\\u009bb\\u202ec\\u2066d\\u007f');
    expect(formatProblem({ file: 'f', line: 3, message: 'tab\there', fix: 'x' })).to.equal('f:3: tab\\u0009here. Fix: x');
  });
});
