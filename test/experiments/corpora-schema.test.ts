import { expect } from 'chai';
import { findCorpus } from '../../src/corpora/index.ts';
import { loadProfile, PAPER_CORPORA as HARMONIZE_CORPORA, usableForTransfer } from '../../src/harmonize/index.ts';
import {
  CORPUS_FACTS,
  CORPUS_NAMES,
  PAPER_CORPORA,
  experimentJsonSchema,
  schemaFileUpToDate,
} from '../../src/experiments/index.ts';
import { SCHEMA_FILE } from '../../src/locations.ts';
import { pairKey } from '../../src/vocabulary.ts';

describe('experiments: corpus facts and the JSON Schema', () => {
  it('experiments/schema.json is generated from the zod schema and up to date', () => {
    expect(schemaFileUpToDate(), `${SCHEMA_FILE} is stale: run \`npx tsx src/experiments/schema-file.ts\``).to.equal(true);
    const schema = experimentJsonSchema() as { properties: Record<string, { enum?: string[] }>; required: string[] };
    expect(schema.required).to.include.members(['name', 'target', 'plm', 'configurations']);
    expect(schema.properties.target.enum).to.deep.equal([...CORPUS_NAMES]);
  });

  it('reads the corpora from the registry and their facts from the profiles (paper Table 2)', () => {
    for (const c of CORPUS_NAMES) expect(findCorpus(c).name).to.equal(c);
    expect([...PAPER_CORPORA].sort()).to.deep.equal([...HARMONIZE_CORPORA].sort());
    const table2: Record<string, string> = {
      BioRED: 'All', AIMed: '<G,G>', DrugProt: '<G,C>', DDI: '<C,C>', HPRD50: '<G,G>', BC5CDR: '<C,D>',
      EMU: '<G,D>', PharmGKB: '<G,C>', DisGeNET: '<G,D>',
    };
    for (const [c, pair] of Object.entries(table2)) expect(pairKey(CORPUS_FACTS[c].pair), c).to.equal(pairKey(pair));
    const withSpans = PAPER_CORPORA.filter((c) => CORPUS_FACTS[c].spans);
    expect(withSpans).to.have.members(['BioRED', 'AIMed', 'DrugProt', 'DDI', 'HPRD50', 'BC5CDR']); // TL/MTL "–" for the rest
    for (const c of PAPER_CORPORA) expect(CORPUS_FACTS[c].spans, c).to.equal(usableForTransfer(loadProfile(c)));
    expect(PAPER_CORPORA.filter((c) => CORPUS_FACTS[c].crossValidation)).to.deep.equal(['AIMed', 'HPRD50']);
  });
});
