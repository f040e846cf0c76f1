// Bounded XML parsing (issue 15 items 8 and 14): entity-expansion bombs, external entities and deep
// nesting stop with `file: message. Fix:` naming the limit, never a raw parser stack trace.
import { expect } from 'chai';
import { ProblemSink } from '../../src/errors.ts';
import { parseBiocXml, parseDdiXml, parsePpiXml, XML_LIMITS } from '../../src/corpora/index.ts';
import { entityExpansionBioc } from '../helpers/hostile.ts';
import { expectInputError } from './util.ts';

const bioc = (body: string, doctype = '') => `<?xml version="1.0"?>\n${doctype}<collection><document><id>1</id><passage><offset>0</offset><text>${body}</text></passage></document></collection>\n`;

describe('corpora/xml: bounded parsing', () => {
  it('an entity-expansion bomb stops at the expanded-length limit, naming it', async () => {
    // 3 × 100 references to a 4,000-character entity: 1.2 M characters, more than the 1 M allowed
    const text = entityExpansionBioc({ passages: 3, refsPerPassage: 100, entityChars: 4000 });
    const e = await expectInputError(() => parseBiocXml(text, { file: 'bomb.xml' }));
    expect(e.problem.file).to.equal('bomb.xml');
    expect(e.message).to.contain(`expanded-length limit hit: entity expansion would add more than ${XML_LIMITS.maxExpandedLength} characters`);
    expect(e.problem.fix).to.contain('<!DOCTYPE');
  });

  it('more entity references than any real file needs stop at the expansion-count limit', async () => {
    const e = await expectInputError(() => parseBiocXml(bioc('&amp;'.repeat(XML_LIMITS.maxTotalExpansions + 1)), { file: 'many.xml' }));
    expect(e.message).to.contain(`many.xml: entity-expansion limit hit: more than ${XML_LIMITS.maxTotalExpansions} entity references`);
  });

  it('declared entities are bounded in number and size', async () => {
    const many = Array.from({ length: XML_LIMITS.maxEntityCount + 1 }, (_, i) => `<!ENTITY e${i} "x">`).join('');
    const e1 = await expectInputError(() => parseBiocXml(bioc('&e0;', `<!DOCTYPE collection [${many}]>\n`), { file: 'decl.xml' }));
    expect(e1.message).to.contain(`entity-declaration limit hit: the DTD declares more than ${XML_LIMITS.maxEntityCount} entities`);
    const e2 = await expectInputError(() => parseBiocXml(bioc('&big;', `<!DOCTYPE collection [<!ENTITY big "${'y'.repeat(XML_LIMITS.maxEntitySize + 1)}">]>\n`), { file: 'size.xml' }));
    expect(e2.message).to.contain(`entity-size limit hit: the DTD entity "big" is ${XML_LIMITS.maxEntitySize + 1} characters`);
  });

  it('an external entity (XXE) is refused with the file named, in every XML reader', async () => {
    const xxe = '<!DOCTYPE x [<!ENTITY leak SYSTEM "file:///etc/passwd">]>\n';
    for (const [parse, text] of [
      [parseBiocXml, bioc('&leak;', xxe)],
      [parseDdiXml, `<?xml version="1.0"?>\n${xxe}<document id="d"><sentence id="s" text="&leak;"/></document>`],
      [parsePpiXml, `<?xml version="1.0"?>\n${xxe}<corpus><document id="d"/></corpus>`],
    ] as const) {
      const e = await expectInputError(() => parse(text, { file: 'xxe.xml' }));
      expect(e.message).to.match(/^xxe\.xml: the DTD declares an external entity .* refused/);
      expect(e.message).to.contain('. Fix: ');
    }
  });

  it('nesting deeper than the limit is an input error, not a stack trace', async () => {
    const deep = `<?xml version="1.0"?>\n<collection>${'<a>'.repeat(XML_LIMITS.maxNestedTags + 5)}${'</a>'.repeat(XML_LIMITS.maxNestedTags + 5)}</collection>`;
    const e = await expectInputError(() => parseBiocXml(deep, { file: 'deep.xml' }));
    expect(e.message).to.contain(`deep.xml: nesting limit hit: elements nested more than ${XML_LIMITS.maxNestedTags} levels deep`);
  });

  it('lenient: a file that hits a limit is skipped and recorded', () => {
    const sink = new ProblemSink(true);
    expect(parseBiocXml(entityExpansionBioc({ passages: 3, refsPerPassage: 100, entityChars: 4000 }), { file: 'bomb.xml', sink })).to.deep.equal([]);
    expect(sink.skipped.map((p) => p.file)).to.deep.equal(['bomb.xml']);
  });

  it('the built-in entities and a small declared one still expand', () => {
    const [d] = parseBiocXml(bioc('a &lt; b &amp; &greek;', '<!DOCTYPE collection [<!ENTITY greek "beta-blocker">]>\n'));
    expect(d.passages[0].text).to.equal('a < b & beta-blocker');
  });
});
