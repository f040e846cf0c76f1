import { expect } from 'chai';
import { InputError } from '../../src/errors.ts';
import {
  BIORED_RELATION_TYPES,
  PAPER_CORPORA,
  canonicalType,
  labelsOf,
  loadProfile,
  loadProfiles,
  negativeLabel,
  orientPair,
  pairClass,
  parseProfile,
  pmidOf,
  positiveLabel,
  profileHash,
  specialTokensOf,
  usableForTransfer,
  type ProfileInput,
} from '../../src/harmonize/index.ts';
import { splitInstances } from '../../src/instances/index.ts';
import { doc } from '../fixtures/instances/docs.ts';

// Paper Table 2 (and the brief: Sample = BioRED).
const TABLE2: Record<string, string> = {
  BioRED: 'a1 b1 c2 d1 e2',
  AIMed: 'a1 b2 c1 d2 e2',
  DrugProt: 'a1 b2 c1 d1 e1',
  DDI: 'a1 b2 c1 d2 e2',
  HPRD50: 'a1 b2 c1 d2 e2',
  BC5CDR: 'a1 b1 c1 d1 e1',
  EMU: 'a2 b2 c3 d2 e2',
  PharmGKB: 'a3 b2 c3 d2 e2',
  DisGeNET: 'a3 b2 c3 d2 e2',
  Sample: 'a1 b1 c2 d1 e2',
  SampleDDI: 'a1 b2 c1 d2 e2',
  SampleGDA: 'a3 b2 c3 d2 e2',
  GDA: 'a1 b1 c1 d2 e2', // not in Table 2: the target of Table 6 (RENET)
};

/** Corpora whose prompt names another corpus (the authors' build rewrites their task tag to BioRED's). */
const SPEAKS_AS: Record<string, string> = { EMU: 'BioRED', PharmGKB: 'BioRED', DisGeNET: 'BioRED' };

const base = (): ProfileInput => ({
  corpus: 'Zeta',
  rules: { a: 'a1', b: 'b1', c: 'c1', d: 'd1', e: 'e1' },
  promptName: 'Zeta',
  entityTypes: { Drug: 'Zeta-Chem', Protein: 'Zeta-Gene' },
  ignoredEntityTypes: ['Species'],
  canonicalTypes: { 'Zeta-Chem': { tag: 'ZC', class: 'ChemicalEntity' }, 'Zeta-Gene': { tag: 'ZG', class: 'GeneOrGeneProduct' } },
  pairs: [['Zeta-Chem', 'Zeta-Gene']],
  nativeLabels: ['blocks', 'boosts'],
  relationMap: { blocks: 'Negative_Correlation', boosts: 'Positive_Correlation' },
  negativeLabel: 'None-Zeta',
  docId: { kind: 'pmid' },
});

describe('harmonize: the profiles in data/profiles', () => {
  const all = loadProfiles();

  it('has one valid profile per corpus, with the paper’s Table 2 rule codes', () => {
    expect([...all.keys()].sort()).to.deep.equal([...PAPER_CORPORA, 'Sample', 'SampleDDI', 'SampleGDA', 'GDA'].sort());
    for (const [name, p] of all) {
      const r = p.rules;
      expect(`${r.a} ${r.b} ${r.c} ${r.d} ${r.e}`, name).to.equal(TABLE2[name]);
      expect(p.promptName).to.equal(SPEAKS_AS[name] ?? name);
    }
  });

  it('EMU, PharmGKB and DisGeNET speak as BioRED: their prompt names BioRED, the instance task stays their own (issue 9 item 5)', () => {
    for (const c of ['EMU', 'PharmGKB', 'DisGeNET']) {
      const d = doc('251455021001', { title: 'BRCA1 mutations cause breast cancer.' }, [
        { text: 'BRCA1', type: 'Gene', ids: ['672'] },
        { text: 'breast cancer', type: c === 'PharmGKB' ? 'Chemical' : 'Disease', ids: ['D001943'] },
      ], [{ type: 'Association', arg1: '672', arg2: 'D001943' }]);
      const p = loadProfile(c);
      const [i] = splitInstances([d], 'train', p, { view: 'harmonized', prompt: true }).instances;
      expect(i.text, c).to.match(/^What is the relation in BioRED between /);
      expect(i.task, c).to.equal(c);
      expect(i.label, c).to.equal('Association');
    }
  });

  it('BioRED: variants merged into genes, five pair kinds, taxa and cell lines never paired', () => {
    const p = loadProfile('biored');
    expect(canonicalType(p, 'SequenceVariant')).to.equal('GeneOrGeneProduct');
    expect(canonicalType(p, 'OrganismTaxon')).to.equal(null);
    expect(canonicalType(p, 'CellLine')).to.equal(null);
    expect(canonicalType(p, 'Species')).to.equal(undefined);
    expect(p.pairs.map((x) => pairClass(p, x))).to.deep.equal(['<C,C>', '<C,D>', '<C,G>', '<D,G>', '<G,G>']);
    expect(orientPair(p, 'GeneOrGeneProduct', 'DiseaseOrPhenotypicFeature')).to.equal('reverse');
    expect(orientPair(p, 'DiseaseOrPhenotypicFeature', 'DiseaseOrPhenotypicFeature')).to.equal(null);
    expect(labelsOf(p, 'harmonized')).to.deep.equal({ negatives: ['None'], positives: [...BIORED_RELATION_TYPES] });
    expect(specialTokensOf(p)).to.deep.equal(['<C>', '</C>', '<D>', '</D>', '<G>', '</G>']);
  });

  it('DrugProt: the d1 map of the paper, e1 types with their own tags', () => {
    const p = loadProfile('DrugProt');
    const to = (l: string) => positiveLabel(p, 'harmonized', l);
    for (const l of ['ACTIVATOR', 'AGONIST', 'AGONIST-ACTIVATOR', 'INDIRECT-UPREGULATOR']) expect(to(l)).to.equal('Positive_Correlation');
    for (const l of ['AGONIST-INHIBITOR', 'ANTAGONIST', 'INDIRECT-DOWNREGULATOR', 'INHIBITOR']) expect(to(l)).to.equal('Negative_Correlation');
    for (const l of ['DIRECT-REGULATOR', 'PART-OF', 'PRODUCT-OF', 'SUBSTRATE', 'SUBSTRATE_PRODUCT-OF']) expect(to(l)).to.equal('Association');
    expect(p.nativeLabels).to.have.length(13);
    expect(positiveLabel(p, 'native', 'INHIBITOR')).to.equal('INHIBITOR');
    expect(canonicalType(p, 'GENE-Y')).to.equal('DrugProt-Gene');
    expect(canonicalType(p, 'GENE-N')).to.equal('DrugProt-Gene');
    expect(specialTokensOf(p)).to.deep.equal(['<DrugProt-Chem>', '</DrugProt-Chem>', '<DrugProt-Gene>', '</DrugProt-Gene>']);
  });

  it('types of the other corpora', () => {
    const ddi = loadProfile('DDI');
    for (const t of ['drug', 'brand', 'group', 'drug_n']) expect(canonicalType(ddi, t)).to.equal('ChemicalEntity');
    expect(canonicalType(loadProfile('AIMed'), 'Gene')).to.equal('GeneOrGeneProduct');
    expect(canonicalType(loadProfile('HPRD50'), 'protein')).to.equal('GeneOrGeneProduct');
    expect(canonicalType(loadProfile('BC5CDR'), 'Chemical')).to.equal('BC5CDR-Chem');
    for (const c of ['EMU', 'DisGeNET']) {
      const p = loadProfile(c);
      expect(canonicalType(p, 'Gene')).to.equal('GeneOrGeneProduct');
      expect(canonicalType(p, 'Disease')).to.equal('DiseaseOrPhenotypicFeature');
      for (const v of ['SNP', 'ProteinMutation', 'DNAMutation']) expect(canonicalType(p, v)).to.equal(null);
    }
  });

  it('c-rules: None-<Corpus> (c1), None (c2), dropped (c3); native views always None-<Corpus> unless c3', () => {
    expect(negativeLabel(loadProfile('BC5CDR'), 'harmonized')).to.equal('None-BC5CDR');
    expect(negativeLabel(loadProfile('BioRED'), 'harmonized')).to.equal('None');
    expect(negativeLabel(loadProfile('BioRED'), 'native')).to.equal('None-BioRED');
    expect(negativeLabel(loadProfile('EMU'), 'harmonized')).to.equal(null);
    expect(negativeLabel(loadProfile('EMU'), 'native')).to.equal(null);
  });

  it('d2 makes every positive Association; a1 corpora are usable for TL/MTL, a2/a3 are not', () => {
    expect(positiveLabel(loadProfile('DDI'), 'harmonized', 'mechanism')).to.equal('Association');
    expect(positiveLabel(loadProfile('DDI'), 'native', 'mechanism')).to.equal('mechanism');
    expect(PAPER_CORPORA.filter((c) => !usableForTransfer(loadProfile(c)))).to.deep.equal(['EMU', 'PharmGKB', 'DisGeNET']);
  });

  it('document id → PMID: plain, PMID + 4-digit suffix (DisGeNET), none for synthetic ids', () => {
    expect(pmidOf(loadProfile('BioRED'), '15485686')).to.equal('15485686');
    expect(pmidOf(loadProfile('DisGeNET'), '251455021001')).to.equal('25145502');
    expect(pmidOf(loadProfile('DDI'), 'DDI-DrugBank.d297')).to.equal(null);
    expect(pmidOf(loadProfile('AIMed'), 'AIMed_d30_1')).to.equal(null);
  });

  it('profile hashes ignore key order and change with the content', () => {
    const p = loadProfile('BioRED');
    const reordered = parseProfile(Object.fromEntries(Object.entries(p).reverse()), 'x');
    expect(profileHash(reordered)).to.equal(profileHash(p));
    expect(profileHash(parseProfile({ ...p, promptName: 'BioRED2' }, 'x'))).to.not.equal(profileHash(p));
    expect(profileHash(p)).to.match(/^[0-9a-f]{64}$/);
  });
});

describe('harmonize: profile validation', () => {
  const bad = (patch: Partial<ProfileInput>, re: RegExp) =>
    expect(() => parseProfile({ ...base(), ...patch }, 'data/profiles/zeta.json')).to.throw(InputError, re);

  it('accepts a consistent profile', () => {
    expect(parseProfile(base(), 'zeta.json').entityIds).to.equal('concept');
  });
  it('rejects a negative label that does not follow the c-rule', () => {
    bad({ negativeLabel: 'None' }, /zeta\.json: invalid harmonization profile at negativeLabel: c1 needs negativeLabel "None-Zeta"/);
    bad({ rules: { ...base().rules, c: 'c3' } }, /c3 needs negativeLabel null/);
  });
  it('rejects a d1 profile with an unmapped label, and a d2 profile with a map', () => {
    bad({ relationMap: { blocks: 'Negative_Correlation' } }, /d1: native label "boosts" has no mapping/);
    bad({ rules: { ...base().rules, d: 'd2' } }, /d2 maps every positive to Association; remove relationMap/);
    bad({ relationMap: { blocks: 'Negative_Correlation', boosts: 'Upregulates' as never } }, /relationMap/);
  });
  it('rejects e2 profiles with internal types and e1 profiles with BioRED types', () => {
    bad({ rules: { ...base().rules, e: 'e2' } }, /e2 uses the BioRED entity types themselves/);
    bad(
      {
        entityTypes: { Drug: 'ChemicalEntity', Protein: 'Zeta-Gene' },
        canonicalTypes: { ChemicalEntity: { tag: 'C', class: 'ChemicalEntity' }, 'Zeta-Gene': { tag: 'ZG', class: 'GeneOrGeneProduct' } },
        pairs: [['ChemicalEntity', 'Zeta-Gene']],
      },
      /e1 uses internal entity types/,
    );
  });
  it('rejects undeclared types, duplicate pairs, and sentence settings that contradict the b-rule', () => {
    bad({ entityTypes: { Drug: 'Zeta-Drug' } }, /maps to "Zeta-Drug", which is not in canonicalTypes/);
    bad({ pairs: [['Zeta-Chem', 'Zeta-Gene'], ['Zeta-Gene', 'Zeta-Chem']] }, /listed twice/);
    bad({ rules: { ...base().rules, b: 'b2' } }, /b2 needs a sentence source/);
    bad({ sentences: 'split' }, /remove "sentences"/);
    bad({ unknownField: 1 } as never, /unknownField|Unrecognized/);
  });
  it('a loaded profile set with an unknown corpus name says which names exist', () => {
    expect(() => loadProfile('NoSuchCorpus')).to.throw(InputError, /no harmonization profile for corpus "NoSuchCorpus".*use one of .*BioRED/);
  });
});

describe('harmonize: rules work for any corpus, by code (a made-up profile)', () => {
  it('applies c1, d1 and e1 to a corpus no code knows', () => {
    const p = parseProfile(base(), 'zeta.json');
    const d = doc('42', { title: 'Zetamab blocks ZR1 in mice; zetamab boosts ZR2.' }, [
      { text: 'Zetamab', type: 'Drug', ids: ['Z1'] },
      { text: 'ZR1', type: 'Protein', ids: ['P1'] },
      { text: 'mice', type: 'Species', ids: ['10090'] },
      { text: 'zetamab', type: 'Drug', ids: ['Z1'] },
      { text: 'ZR2', type: 'Protein', ids: ['P2'] },
    ], [{ type: 'blocks', arg1: 'Z1', arg2: 'P1' }]);
    const { instances } = splitInstances([d], 'train', p, { view: 'harmonized', prompt: true });
    expect(instances.map((i) => [i.ids.join('|'), i.label, i.types.join('|')])).to.deep.equal([
      ['Z1|P1', 'Negative_Correlation', 'Zeta-Chem|Zeta-Gene'],
      ['Z1|P2', 'None-Zeta', 'Zeta-Chem|Zeta-Gene'],
    ]);
    expect(instances[0].text).to.equal('What is the relation in Zeta between <ZC>Zetamab</ZC> and <ZG>ZR1</ZG> ? [SEP] <ZC>Zetamab</ZC> blocks <ZG>ZR1</ZG> in mice; <ZC>zetamab</ZC> boosts ZR2.');
  });
});
