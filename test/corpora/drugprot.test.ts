import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ProblemSink } from '../../src/errors.ts';
import { documentText, parseDrugProt, readDrugProt } from '../../src/corpora/index.ts';
import { REPO_ROOT } from '../helpers/shared.ts';
import { expectInputError } from './util.ts';

const FIX = resolve(REPO_ROOT, 'test/fixtures/corpora');
const files = {
  abstracts: resolve(FIX, 'drugprot_abstracts.tsv'),
  entities: resolve(FIX, 'drugprot_entities.tsv'),
  relations: resolve(FIX, 'drugprot_relations.tsv'),
};
const texts = {
  abstracts: readFileSync(files.abstracts, 'utf8'),
  entities: readFileSync(files.entities, 'utf8'),
  relations: readFileSync(files.relations, 'utf8'),
};
const names = { abstracts: 'a.tsv', entities: 'e.tsv', relations: 'r.tsv' };

describe('corpora/drugprot', () => {
  it('reads the triplet: title at 0, abstract at len(title)+1, T ids as mention ids, Arg ids as relation args', async () => {
    const { documents } = await readDrugProt(files);
    expect(documents.map((d) => d.id)).to.deep.equal(['3001', '3002']);
    const d = documents[0];
    expect(d.passages[1].offset).to.equal(d.passages[0].text.length + 1);
    const text = documentText(d);
    for (const m of d.mentions) {
      expect(text.slice(m.start, m.end)).to.equal(m.text);
      expect(m.ids).to.deep.equal([m.annotationId]);
    }
    expect(d.mentions.find((m) => m.annotationId === 'T5')!.type).to.equal('GENE-N');
    expect(d.relations.map(({ ref: _r, ...r }) => r)).to.deep.equal([
      { type: 'INHIBITOR', arg1: 'T1', arg2: 'T2' },
      { type: 'DIRECT-REGULATOR', arg1: 'T3', arg2: 'T5' },
      { type: 'ACTIVATOR', arg1: 'T6', arg2: 'T7' },
    ]);
    expect(documents[1].mentions).to.deep.equal([]);
  });

  it('counts entities and relations of PMIDs without an abstract as orphans, not errors', () => {
    const { documents, orphans } = parseDrugProt(texts, names);
    expect(documents).to.have.length(2);
    expect(orphans).to.deep.equal({ file: 'a.tsv', documents: 1, mentions: 2, relations: 1 });
  });

  describe('bad input', () => {
    it('a relation naming an entity absent from its document', async () => {
      const bad = { ...texts, relations: texts.relations.replace('Arg2:T7', 'Arg2:T99') };
      const e = await expectInputError(() => parseDrugProt(bad, names));
      expect(e.problem.file).to.equal('r.tsv');
      expect(e.problem.line).to.equal(3);
      expect(e.message).to.contain('names "T99"');
      expect(e.message).to.contain('Fix: use the id of an entity annotated in this document');
      const sink = new ProblemSink(true);
      const r = parseDrugProt(bad, names, { sink });
      expect(r.documents[0].relations).to.have.length(2);
      expect(sink.skipped).to.have.length(1);
    });

    it('a truncated entity line', async () => {
      const bad = { ...texts, entities: texts.entities.replace(/^(3001\tT2\tGENE-Y\t\d+)\t.*$/m, '$1') };
      const e = await expectInputError(() => parseDrugProt(bad, names));
      expect(e.message).to.match(/^e\.tsv:2: truncated or malformed entity line/);
      const sink = new ProblemSink(true);
      parseDrugProt(bad, names, { sink });
      // the entity line, then the relation that named it
      expect(sink.skipped.map((p) => p.file)).to.deep.equal(['e.tsv', 'r.tsv']);
    });

    it('offsets that do not match the text', async () => {
      const bad = { ...texts, entities: texts.entities.replace('3001\tT1\tCHEMICAL\t0\t8', '3001\tT1\tCHEMICAL\t1\t9') };
      const e = await expectInputError(() => parseDrugProt(bad, names));
      expect(e.message).to.match(/^e\.tsv:1: document 3001: mention T1 "Imatinib" does not match the text/);
    });

    it('an unknown entity type', async () => {
      const e = await expectInputError(() => parseDrugProt(texts, names, { knownTypes: ['CHEMICAL', 'GENE-Y', 'GENE-N'] }));
      expect(e.message).to.contain('unknown entity type "GENE"');
      expect(e.problem.line).to.equal(7);
    });

    it('an empty file', async () => {
      const e = await expectInputError(() => parseDrugProt({ ...texts, abstracts: '' }, names));
      expect(e.message).to.match(/^a\.tsv:1: file is empty/);
    });
  });
});
