import { expect } from 'chai';
import { InputError, ProblemSink } from '../../src/errors.ts';
import { loadProfile } from '../../src/harmonize/index.ts';
import { LOST_REASONS, splitInstances, type GenerateOptions } from '../../src/instances/generate.ts';
import type { Instance } from '../../src/instances/types.ts';
import { doc } from '../fixtures/instances/docs.ts';

const HARM: GenerateOptions = { view: 'harmonized', prompt: true };
const byIds = (insts: Instance[]) => new Map(insts.map((i) => [i.ids.join('|'), i]));
const body = (i: Instance) => i.text.slice(i.text.indexOf(' [SEP] ') + 7);

const BIORED = loadProfile('BioRED');

describe('instances: candidate pairs (BioRED profile, document level)', () => {
  const d = doc(
    '1001',
    {
      title: 'Propranolol reduces anxiety via beta-adrenergic receptors.',
      abstract: 'In mice, propranolol and ADRB1 variant p.R389G were studied; anxiety fell. Tumor cells (HeLa) were unaffected.',
    },
    [
      { text: 'Propranolol', type: 'ChemicalEntity', ids: ['D011433'] },
      { text: 'anxiety', type: 'DiseaseOrPhenotypicFeature', ids: ['D001007'] },
      { text: 'beta-adrenergic receptors', type: 'GeneOrGeneProduct', ids: ['153', '154'] },
      { text: 'mice', type: 'OrganismTaxon', ids: ['10090'] },
      { text: 'propranolol', type: 'ChemicalEntity', ids: ['D011433'] },
      { text: 'ADRB1', type: 'GeneOrGeneProduct', ids: ['153'] },
      { text: 'p.R389G', type: 'SequenceVariant', ids: ['rs1801253'] },
      { text: 'anxiety', type: 'DiseaseOrPhenotypicFeature', ids: ['D001007'], nth: 2 },
      { text: 'Tumor', type: 'DiseaseOrPhenotypicFeature', ids: ['-'] },
      { text: 'HeLa', type: 'CellLine', ids: ['CVCL_0030'] },
    ],
    [
      { type: 'Negative_Correlation', arg1: 'D011433', arg2: 'D001007', novelty: 'Novel' },
      { type: 'Bind', arg1: '153', arg2: 'D011433', novelty: 'No' },
      { type: 'Association', arg1: 'D001007', arg2: 'rs1801253', novelty: 'Novel' },
    ],
  );
  const { instances, stats } = splitInstances([d], 'test', BIORED, HARM);
  const m = byIds(instances);

  it('expands a multi-ID mention into one candidate per id and skips `-` ids', () => {
    // entities: D011433, D001007, 153, 154, rs1801253 (variant → gene); `-` and OrganismTaxon/CellLine never paired
    expect([...m.keys()].sort()).to.deep.equal(
      [
        'D011433|D001007', // C–D
        'D011433|153', // C–G
        'D011433|154',
        'D011433|rs1801253',
        'D001007|153', // D–G: disease first
        'D001007|154',
        'D001007|rs1801253',
        '153|154', // G–G: first mention first, ties by id
        '153|rs1801253',
        '154|rs1801253',
      ].sort(),
    );
    for (const i of instances) expect(i.ids.some((id) => id === '-' || id === '10090' || id === 'CVCL_0030')).to.equal(false);
  });

  it('orders instances by first mention, then id, and orients mixed pairs by the allowed pair', () => {
    expect(instances.map((i) => i.ids.join('|'))).to.deep.equal([
      'D011433|D001007',
      'D011433|153',
      'D011433|154',
      'D011433|rs1801253',
      'D001007|153',
      'D001007|154',
      'D001007|rs1801253',
      '153|154',
      '153|rs1801253',
      '154|rs1801253',
    ]);
    expect(m.get('D001007|153')!.types).to.deep.equal(['DiseaseOrPhenotypicFeature', 'GeneOrGeneProduct']);
    expect(m.get('D011433|rs1801253')!.types).to.deep.equal(['ChemicalEntity', 'GeneOrGeneProduct']);
  });

  it('labels curated pairs with their type in either argument order, others None (c2), keeps novelty', () => {
    expect(m.get('D011433|D001007')!.label).to.equal('Negative_Correlation');
    expect(m.get('D011433|D001007')!.novel).to.equal('Novel');
    expect(m.get('D011433|153')!.label).to.equal('Bind'); // gold written gene-first
    expect(m.get('D001007|rs1801253')!.label).to.equal('Association');
    expect(m.get('D011433|154')!.label).to.equal('None');
    expect(m.get('D011433|154')!.novel).to.equal(undefined);
    expect(stats.positives).to.equal(3);
    expect(stats.byLabel).to.deep.equal({ Negative_Correlation: 1, Bind: 1, Association: 1, None: 7 });
  });

  it('writes the prompt exactly as the paper (Figure 3), naming each entity by its first mention', () => {
    const i = m.get('D001007|153')!;
    expect(i.text.startsWith('What is the relation in BioRED between <D>anxiety</D> and <G>beta-adrenergic receptors</G> ? [SEP] ')).to.equal(true);
    expect(i.id).to.equal('BioRED/test/1001/D001007|153');
    expect(i.level).to.equal('document');
    expect(i.task).to.equal('BioRED');
  });

  it('tags every mention of both entities in the whole document, and nothing else', () => {
    expect(body(m.get('D011433|D001007')!)).to.equal(
      '<C>Propranolol</C> reduces <D>anxiety</D> via beta-adrenergic receptors. In mice, <C>propranolol</C> and ADRB1 variant p.R389G were studied; <D>anxiety</D> fell. Tumor cells (HeLa) were unaffected.',
    );
    expect(body(m.get('D001007|rs1801253')!)).to.equal(
      'Propranolol reduces <D>anxiety</D> via beta-adrenergic receptors. In mice, propranolol and ADRB1 variant <G>p.R389G</G> were studied; <D>anxiety</D> fell. Tumor cells (HeLa) were unaffected.',
    );
  });

  it('tags a mention carrying both ids of the pair once, with the first entity’s tag', () => {
    expect(body(m.get('153|154')!)).to.equal(
      'Propranolol reduces anxiety via <G>beta-adrenergic receptors</G>. In mice, propranolol and <G>ADRB1</G> variant p.R389G were studied; anxiety fell. Tumor cells (HeLa) were unaffected.',
    );
  });

  it('accounts for every gold pair: represented + lost = gold pairs', () => {
    expect(stats.goldPairs).to.equal(3);
    expect(stats.represented + LOST_REASONS.reduce((s, r) => s + stats.lost[r], 0)).to.equal(stats.goldPairs);
  });

  it('is deterministic: the same documents give identical instances', () => {
    const again = splitInstances([structuredClone(d)], 'test', BIORED, HARM).instances;
    expect(JSON.stringify(again)).to.equal(JSON.stringify(instances));
  });

  it('leaves the prompt out with prompt: false (MTL)', () => {
    const { instances: noPrompt } = splitInstances([d], 'test', BIORED, { view: 'harmonized', prompt: false });
    expect(noPrompt[0].text).to.equal(body(instances[0]));
    expect(noPrompt[0].text).to.not.include('[SEP]');
  });
});

describe('instances: lost gold relations are counted, not silently dropped', () => {
  it('counts self pairs, ids never mentioned, and disallowed pair types', () => {
    const d = doc('7', { title: 'Aspirin and ibuprofen cause ulcers and bleeding.' }, [
      { text: 'Aspirin', type: 'ChemicalEntity', ids: ['C1'] },
      { text: 'ibuprofen', type: 'ChemicalEntity', ids: ['-'] },
      { text: 'ulcers', type: 'DiseaseOrPhenotypicFeature', ids: ['D1'] },
      { text: 'bleeding', type: 'DiseaseOrPhenotypicFeature', ids: ['D2'] },
    ], [
      { type: 'Positive_Correlation', arg1: 'C1', arg2: 'D1' },
      { type: 'Association', arg1: 'C1', arg2: 'C1' },
      { type: 'Association', arg1: 'C9', arg2: 'D1' },
      { type: 'Association', arg1: 'D1', arg2: 'D2' },
      { type: 'Association', arg1: 'D1', arg2: 'C1' }, // same pair again, another type: last wins
    ]);
    const { instances, stats } = splitInstances([d], 'dev', BIORED, HARM);
    expect(stats.relations).to.equal(5);
    expect(stats.goldPairs).to.equal(4);
    expect(stats.multiLabelPairs).to.equal(1);
    expect(stats.lost).to.deep.equal({ self: 1, missingEntity: 1, pairType: 1, noSharedSentence: 0 });
    expect(stats.represented).to.equal(1);
    expect(byIds(instances).get('C1|D1')!.label).to.equal('Association');
    expect(instances.map((i) => i.ids.join('|'))).to.deep.equal(['C1|D1', 'C1|D2']); // no D–D pair
  });
});

describe('instances: nested and overlapping mentions', () => {
  const d = doc('8', { title: 'BRCA1 deficiency and BRCA1 loss respond to olaparib.' }, [
    { text: 'BRCA1 deficiency', type: 'DiseaseOrPhenotypicFeature', ids: ['D1'] },
    { text: 'BRCA1', type: 'GeneOrGeneProduct', ids: ['672'] },
    { text: 'BRCA1', type: 'GeneOrGeneProduct', ids: ['672'], nth: 2 },
    { text: 'olaparib', type: 'ChemicalEntity', ids: ['C2'] },
  ]);
  const m = byIds(splitInstances([d], 'train', BIORED, HARM).instances);

  it('tags a mention nested in a mention of the other entity once, on the outer span', () => {
    expect(body(m.get('D1|672')!)).to.equal('<D>BRCA1 deficiency</D> and <G>BRCA1</G> loss respond to olaparib.');
  });
  it('tags a nested mention normally when the outer one is not part of the pair', () => {
    expect(body(m.get('C2|672')!)).to.equal('<G>BRCA1</G> deficiency and <G>BRCA1</G> loss respond to <C>olaparib</C>.');
  });
});

describe('instances: sentence level (b2) vs document level (b1)', () => {
  const text = {
    title: 'Warfarin and aspirin interact.',
    abstract: 'Heparin was also given. Aspirin potentiates heparin, e.g. in elderly patients.',
  };
  const mentions = [
    { text: 'Warfarin', type: 'drug', ids: ['e0'] },
    { text: 'aspirin', type: 'drug', ids: ['e1'] },
    { text: 'Heparin', type: 'drug', ids: ['e2'] },
    { text: 'Aspirin', type: 'drug', ids: ['e3'] },
    { text: 'heparin', type: 'brand', ids: ['e4'] },
  ];
  const rel = [{ type: 'effect', arg1: 'e3', arg2: 'e4' }, { type: 'mechanism', arg1: 'e0', arg2: 'e2' }];
  const ddi = loadProfile('DDI');
  const splitDdi = { ...ddi, sentences: 'split' as const };

  it('pairs only entities that share a sentence; the body is that sentence', () => {
    const { instances, stats } = splitInstances([doc('s1', text, mentions, rel)], 'train', splitDdi, HARM);
    expect(instances.map((i) => i.ids.join('|'))).to.deep.equal(['e0|e1', 'e3|e4']);
    const i = byIds(instances).get('e3|e4')!;
    expect(i.level).to.equal('sentence');
    expect(i.label).to.equal('Association'); // d2
    expect(body(i)).to.equal('<C>Aspirin</C> potentiates <C>heparin</C>, e.g. in elderly patients.');
    expect(i.text.startsWith('What is the relation in DDI between <C>Aspirin</C> and <C>heparin</C> ? [SEP] ')).to.equal(true);
    expect(byIds(instances).get('e0|e1')!.label).to.equal('None-DDI'); // c1
    expect(stats.lost.noSharedSentence).to.equal(1); // e0–e2 span two sentences
  });

  it('takes each passage as one sentence for `passages` corpora', () => {
    const d = doc('s2', { passages: ['Warfarin and aspirin interact.', 'Heparin with warfarin is risky.'] }, [
      { text: 'Warfarin', type: 'drug', ids: ['e0'] },
      { text: 'aspirin', type: 'drug', ids: ['e1'] },
      { text: 'Heparin', type: 'group', ids: ['e2'] },
      { text: 'warfarin', type: 'drug', ids: ['e3'] },
    ]);
    const { instances } = splitInstances([d], 'test', ddi, HARM);
    expect(instances.map((i) => body(i))).to.deep.equal(['<C>Warfarin</C> and <C>aspirin</C> interact.', '<C>Heparin</C> with <C>warfarin</C> is risky.']);
  });

  it('joins every co-occurring sentence of a concept pair in document order', () => {
    const hp = loadProfile('HPRD50');
    const d = doc('h1', { title: 'AP180 binds PLCG1. Nothing here. PLCG1 is inhibited by AP180.' }, [
      { text: 'AP180', type: 'protein', ids: ['A'] },
      { text: 'PLCG1', type: 'protein', ids: ['B'] },
      { text: 'PLCG1', type: 'protein', ids: ['B'], nth: 2 },
      { text: 'AP180', type: 'protein', ids: ['A'], nth: 2 },
    ]);
    const [i] = splitInstances([d], 'train', { ...hp, entityIds: 'concept', sentences: 'split' }, HARM).instances;
    expect(body(i)).to.equal('<G>AP180</G> binds <G>PLCG1</G>. <G>PLCG1</G> is inhibited by <G>AP180</G>.');
  });

  it('the same document at document level keeps every pair and the whole text', () => {
    const docLevel = { ...ddi, rules: { ...ddi.rules, b: 'b1' as const }, sentences: undefined };
    const { instances } = splitInstances([doc('s1', text, mentions, rel)], 'train', docLevel, HARM);
    expect(instances).to.have.length(10);
    expect(body(instances[0])).to.equal('<C>Warfarin</C> and <C>aspirin</C> interact. Heparin was also given. Aspirin potentiates heparin, e.g. in elderly patients.');
  });

  it('merges sentences the splitter cut inside a mention', () => {
    const d = doc('s3', { title: 'Treatment with vit. C reduced scurvy in sailors.' }, [
      { text: 'vit. C', type: 'drug', ids: ['e0'] },
      { text: 'scurvy', type: 'drug', ids: ['e1'] },
    ]);
    const { instances } = splitInstances([d], 'train', splitDdi, HARM);
    expect(instances).to.have.length(1);
    expect(body(instances[0])).to.equal('Treatment with <C>vit. C</C> reduced <C>scurvy</C> in sailors.');
  });
});

describe('instances: negatives per c-rule and labels per d-rule', () => {
  it('c1: uncurated pairs get the internal None-<Corpus> class; d1 maps CID; e1 tags', () => {
    const cdr = loadProfile('BC5CDR');
    const d = doc('227508', { title: 'Naloxone reverses clonidine-induced hypotension and bradycardia.' }, [
      { text: 'Naloxone', type: 'Chemical', ids: ['D009270'] },
      { text: 'clonidine', type: 'Chemical', ids: ['D003000'] },
      { text: 'hypotension', type: 'Disease', ids: ['D007022'] },
      { text: 'bradycardia', type: 'Disease', ids: ['-1'] },
    ], [{ type: 'CID', arg1: 'D003000', arg2: 'D007022' }]);
    const { instances } = splitInstances([d], 'test', cdr, HARM);
    const m = byIds(instances);
    expect([...m.keys()]).to.deep.equal(['D009270|D007022', 'D003000|D007022']);
    expect(m.get('D003000|D007022')!.label).to.equal('Positive_Correlation');
    expect(m.get('D009270|D007022')!.label).to.equal('None-BC5CDR');
    expect(m.get('D003000|D007022')!.types).to.deep.equal(['BC5CDR-Chem', 'BC5CDR-Disease']);
    expect(m.get('D003000|D007022')!.text).to.equal(
      'What is the relation in BC5CDR between <BC5CDR-Chem>clonidine</BC5CDR-Chem> and <BC5CDR-Disease>hypotension</BC5CDR-Disease> ? [SEP] ' +
        'Naloxone reverses <BC5CDR-Chem>clonidine</BC5CDR-Chem>-induced <BC5CDR-Disease>hypotension</BC5CDR-Disease> and bradycardia.',
    );
    const native = byIds(splitInstances([d], 'test', cdr, { view: 'native', prompt: true }).instances);
    expect(native.get('D003000|D007022')!.label).to.equal('CID');
    expect(native.get('D009270|D007022')!.label).to.equal('None-BC5CDR');
  });

  it('d1 DrugProt map on mention-level ids; native view keeps the 13 DrugProt types', () => {
    const dp = loadProfile('DrugProt');
    const d = doc('100', { title: 'Imatinib inhibits ABL1 but activates KIT. Dasatinib binds SRC.' }, [
      { text: 'Imatinib', type: 'CHEMICAL', ids: ['T1'], annotationId: 'T1' },
      { text: 'ABL1', type: 'GENE-Y', ids: ['T2'], annotationId: 'T2' },
      { text: 'KIT', type: 'GENE-N', ids: ['T3'], annotationId: 'T3' },
      { text: 'Dasatinib', type: 'CHEMICAL', ids: ['T4'], annotationId: 'T4' },
      { text: 'SRC', type: 'GENE-Y', ids: ['T5'], annotationId: 'T5' },
    ], [
      { type: 'INHIBITOR', arg1: 'T1', arg2: 'T2' },
      { type: 'ACTIVATOR', arg1: 'T1', arg2: 'T3' },
      { type: 'DIRECT-REGULATOR', arg1: 'T4', arg2: 'T5' },
    ]);
    const h = byIds(splitInstances([d], 'train', dp, HARM).instances);
    expect([...h.keys()]).to.deep.equal(['T1|T2', 'T1|T3', 'T4|T5']);
    expect(h.get('T1|T2')!.label).to.equal('Negative_Correlation');
    expect(h.get('T1|T3')!.label).to.equal('Positive_Correlation');
    expect(h.get('T4|T5')!.label).to.equal('Association');
    expect(h.get('T1|T3')!.types).to.deep.equal(['DrugProt-Chem', 'DrugProt-Gene']);
    expect(body(h.get('T1|T3')!)).to.equal('<DrugProt-Chem>Imatinib</DrugProt-Chem> inhibits ABL1 but activates <DrugProt-Gene>KIT</DrugProt-Gene>.');
    const n = byIds(splitInstances([d], 'train', dp, { view: 'native', prompt: true }).instances);
    expect(n.get('T1|T2')!.label).to.equal('INHIBITOR');
    expect(n.get('T4|T5')!.label).to.equal('DIRECT-REGULATOR');
  });

  it('c3: uncurated pairs are dropped and counted; a3 drops relations whose entities share no sentence', () => {
    const dg = loadProfile('PharmGKB');
    const d = doc('555', { title: 'Warfarin dosing depends on VKORC1. CYP2C9 is also relevant. Clopidogrel needs CYP2C19.' }, [
      { text: 'Warfarin', type: 'Chemical', ids: ['C1'] },
      { text: 'VKORC1', type: 'Gene', ids: ['G1'] },
      { text: 'CYP2C9', type: 'Gene', ids: ['G2'] },
      { text: 'Clopidogrel', type: 'Chemical', ids: ['C2'] },
      { text: 'CYP2C19', type: 'Gene', ids: ['G3'] },
    ], [
      { type: 'Association', arg1: 'C1', arg2: 'G1' },
      { type: 'Association', arg1: 'C1', arg2: 'G2' }, // different sentences: a3 drops it
    ]);
    const { instances, stats } = splitInstances([d], 'train', dg, HARM);
    expect(instances.map((i) => [i.ids.join('|'), i.label])).to.deep.equal([['C1|G1', 'Association']]);
    expect(stats.uncuratedDropped).to.equal(1); // C2–G3
    expect(stats.lost.noSharedSentence).to.equal(1);
  });

  it('a2: a relation whose entities are in the abstract but in no common sentence is kept, with their sentences as body', () => {
    const emu = loadProfile('EMU');
    const d = doc('18186519', { title: 'Mutations screened.', abstract: 'BRAF V600E was found. It occurs in colon cancer. KRAS was normal.' }, [
      { text: 'BRAF', type: 'Gene', ids: ['673'] },
      { text: 'V600E', type: 'ProteinMutation', ids: ['tmVar:p|SUB|V|600|E', 'VariantGroup:1'] },
      { text: 'colon cancer', type: 'Disease', ids: ['D001943'] },
      { text: 'KRAS', type: 'Gene', ids: ['3845'] },
    ], [
      { type: 'Association', arg1: 'D001943', arg2: '673' },
      { type: 'Association', arg1: 'D001943', arg2: '9999' }, // gene never mentioned: a2 drops it
    ]);
    const { instances, stats } = splitInstances([d], 'train', emu, HARM);
    expect(instances).to.have.length(1);
    expect(body(instances[0])).to.equal('<G>BRAF</G> V600E was found. It occurs in <D>colon cancer</D>.');
    expect(instances[0].label).to.equal('Association');
    expect(stats.lost.missingEntity).to.equal(1);
    expect(stats.uncuratedDropped).to.equal(0); // D001943–3845 share no sentence: not even a candidate
  });
});

describe('instances: bad input in documents', () => {
  const d = () =>
    doc('9', { title: 'Aspirin treats fever in Homo sapiens.' }, [
      { text: 'Aspirin', type: 'ChemicalEntity', ids: ['C1'] },
      { text: 'fever', type: 'Diseasee', ids: ['D1'] },
    ], [{ type: 'Treats', arg1: 'C1', arg2: 'D1' }]);

  it('an entity type missing from the profile is an error naming the document and the fix', () => {
    expect(() => splitInstances([d()], 'test', BIORED, HARM)).to.throw(InputError, /entity type "Diseasee".*not in the BioRED harmonization profile.*Fix: add "Diseasee"/);
  });

  it('names the file and line of the offending mention when the reader recorded them', () => {
    const bad = d();
    bad.mentions[1].ref = { file: 'corpus/Test.PubTator', line: 7 };
    expect(() => splitInstances([bad], 'test', BIORED, HARM)).to.throw(InputError, /^corpus\/Test\.PubTator:7: document 9: entity type "Diseasee"/);
  });

  it('lenient mode skips and counts unknown entity and relation types', () => {
    const sink = new ProblemSink(true);
    const { instances, stats } = splitInstances([d()], 'test', BIORED, { ...HARM, sink });
    expect(instances).to.have.length(0);
    expect(stats.unknownTypeMentions).to.equal(1);
    expect(stats.unknownRelationTypes).to.equal(1);
    expect(sink.skipped).to.have.length(2);
    expect(sink.skipped[1].message).to.match(/relation type "Treats" is not a BioRED label/);
  });
});

describe('instances: folds and duplicate document ids', () => {
  it('copies the fold of the document and keeps ids unique', () => {
    const aimed = loadProfile('AIMed');
    const mk = () => doc('AIMed_d1_1', { passages: ['PS1 binds delta-catenin.'] }, [
      { text: 'PS1', type: 'Gene', ids: ['T1'] },
      { text: 'delta-catenin', type: 'Gene', ids: ['T2'] },
    ], [{ type: 'Association', arg1: 'T1', arg2: 'T2' }]);
    const { instances } = splitInstances([mk(), mk()], 'train', aimed, { ...HARM, folds: new Map([['AIMed_d1_1', 3]]) });
    expect(instances.map((i) => i.id)).to.deep.equal(['AIMed/train/AIMed_d1_1/T1|T2', 'AIMed/train/AIMed_d1_1/T1|T2#2']);
    expect(instances.every((i) => i.fold === 3 && i.label === 'Association')).to.equal(true);
  });
});
