import { expect } from 'chai';
import { parsePubTator, type Document } from '../../src/corpora/index.ts';
import { parsePredictedRelations } from '../../src/evaluation/index.ts';
import { formatPubTator } from '../../src/inference/index.ts';

const doc = (d: Partial<Document> & { id: string }): Document => ({ passages: [], mentions: [], relations: [], ...d });

describe('inference/output: the predicted PubTator file', () => {
  it('writes text and entity lines that read back to the same documents, and one line per relation', () => {
    const docs = [
      doc({
        id: '1',
        passages: [{ kind: 'title', offset: 0, text: 'Drugx and Geney.' }, { kind: 'abstract', offset: 17, text: 'Drugx binds Geney\tand Genez.' }],
        mentions: [
          { start: 0, end: 5, text: 'Drugx', type: 'ChemicalEntity', ids: ['D1'] },
          { start: 29, end: 34, text: 'Geney', type: 'GeneOrGeneProduct', ids: ['11', '12'] },
          { start: 10, end: 15, text: 'Geney', type: 'GeneOrGeneProduct', ids: ['11', '12'] },
        ],
      }),
      doc({ id: '2', passages: [{ kind: 'title', offset: 0, text: 'Title only, no entities.' }] }),
    ];
    const text = formatPubTator(docs, [{ doc: '1', type: 'Bind', id1: 'D1', id2: '11', confidence: 0.87654321 }]);
    const back = parsePubTator(text, { file: 'out.pubtator' });
    expect(back.map((d) => d.id)).to.deep.equal(['1', '2']);
    // the tab inside the abstract becomes a space (same length: offsets stay valid); mentions come out sorted
    expect(back[0].passages[1].text).to.equal('Drugx binds Geney and Genez.');
    expect(back[0].mentions.map((m) => [m.start, m.end, m.text, m.ids])).to.deep.equal([
      [0, 5, 'Drugx', ['D1']],
      [10, 15, 'Geney', ['11', '12']],
      [29, 34, 'Geney', ['11', '12']],
    ]);
    expect(text).to.include('1\t29\t34\tGeney\tGeneOrGeneProduct\t11;12\n');
    expect(parsePredictedRelations(text)).to.deep.equal([{ doc: '1', id1: 'D1', id2: '11', type: 'Bind', score: 0.876543 }]);
    expect(text.endsWith('\n\n')).to.equal(true);
  });

  it('BioC-style passages with a gap keep document-global offsets', () => {
    // abstract starts 3 characters after the title ends (not at len(title)+1)
    const d = doc({
      id: '9',
      passages: [{ kind: 'title', offset: 0, text: 'Ab.' }, { kind: 'abstract', offset: 6, text: 'Drugx here.' }],
      mentions: [{ start: 6, end: 11, text: 'Drugx', type: 'ChemicalEntity', ids: ['D1'] }],
    });
    const [back] = parsePubTator(formatPubTator([d], []), { file: 'x' });
    const full = back.passages.map((p) => p.text).join(' ');
    expect(full.slice(back.mentions[0].start, back.mentions[0].end)).to.equal('Drugx');
  });
});
