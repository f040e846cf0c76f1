// The one reader of the instance contract (src/instances/io.ts).
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { instanceLines, parseInstances, readInstances } from '../../src/instances/index.ts';

const line = (id: string, extra = '') => `{"id":"${id}","task":"T","doc":"d","split":"test","types":["A","B"],"ids":["x","y"],"text":"t","label":"None","level":"sentence"${extra}}`;

describe('instances: reading instance files', () => {
  it('parses instance JSONL and names the line of a bad one', () => {
    expect(() => parseInstances('{"id":"a","doc":"d","ids":["x"],"label":"None"}', 'i.jsonl')).to.throw(/i\.jsonl:1: .*two ids/);
    expect(() => parseInstances(`${line('a')}\n\n{oops\n`, 'i.jsonl')).to.throw(InputError, /i\.jsonl:3: not valid JSON/);
    expect(parseInstances(`${line('a')}\n\n${line('b', ',"fold":2')}\n`).map((i) => [i.id, i.fold])).to.deep.equal([['a', undefined], ['b', 2]]);
  });

  it('keeps each line as written, for copying instance files byte for byte', () => {
    const text = `${line('a')}\r\n${line('b')}\n`;
    expect([...instanceLines(text, 'i.jsonl')].map((l) => [l.line, l.raw])).to.deep.equal([[1, `${line('a')}\r`], [2, line('b')]]);
  });

  it('reads a file, and says which file it could not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'biorex-io-'));
    writeFileSync(join(dir, 'test.jsonl'), `${line('a')}\n${line('b')}\n`);
    expect((await readInstances(join(dir, 'test.jsonl'))).map((i) => i.id)).to.deep.equal(['a', 'b']);
    let err: unknown;
    await readInstances(join(dir, 'missing.jsonl')).catch((e) => (err = e));
    expect(err).to.be.instanceOf(InputError);
    expect((err as Error).message).to.match(/missing\.jsonl: cannot read the instance file \(ENOENT\)/);
  });
});
