// The paper's numbers as data: every table is there, values match paper-results.md, bad files fail clearly.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { PAPER_DIR } from '../../src/locations.ts';
import { PAPER_TABLE_IDS, loadPaper, loadPaperResults, parsePaperReference } from '../../src/report/index.ts';

describe('report: paper values (experiments/paper/biorex-2023.json)', () => {
  const paper = loadPaperResults(join(PAPER_DIR, 'biorex-2023.json'));

  it('has every table of paper-results.md', () => {
    expect(Object.keys(paper.tables).sort()).to.deep.equal([...PAPER_TABLE_IDS].sort());
    expect(paper.tables.table2.rows).to.have.length(9);
    expect(paper.tables.table3.rows).to.have.length(9);
    expect(paper.tables.table4.rows).to.have.length(6);
    expect(paper.tables.table5.rows).to.have.length(6);
    expect(paper.tables.table6.rows).to.have.length(3);
    expect(paper.tables.supplementaryTable1.rows).to.have.length(5);
    expect(paper.tables.supplementaryFigure1.series.map((s) => s.points.length)).to.deep.equal([5, 5]);
  });

  it('holds the values printed in the paper', () => {
    const t3 = paper.tables.table3;
    const drugprot = t3.rows.find((r) => r.label === 'BioRED+DrugProt')!;
    expect(drugprot).to.include({ pair: '<G,C>' });
    expect(drugprot.values).to.deep.equal({ original: 78.3, tl: 80.7, mtl: 82.8, biorex: 85.8 });
    const emu = t3.rows.find((r) => r.label === 'BioRED+EMU')!;
    expect(emu.values.tl).to.equal(null);
    expect(emu.values.mtl).to.equal(null);
    expect(t3.rows.at(-1)!.values).to.deep.equal({ original: 74.4, tl: 77.6, mtl: 78.0, biorex: 79.6 });
    expect(t3.rows.at(-1)!.significant).to.deep.equal(['tl', 'mtl', 'biorex']);
    expect(t3.extra!.lowFrequencyPairs.values.biorex).to.equal(61.5);

    const t4 = paper.tables.table4;
    const bc5 = t4.rows.find((r) => r.testSet === 'BC5CDR')!;
    expect(bc5.pair).to.equal('<D,C>');
    expect(bc5.values.sota).to.equal(69.4);
    expect(bc5.sotaSystem).to.equal('ATLOP');
    expect(t4.rows.find((r) => r.testSet === 'DDI')!.values.sota).to.equal(null);
    expect(t4.average.values).to.include({ target: 79.1, tl: 80.1, mtl: 80.6, biorex: 81.4 });

    expect(paper.tables.table2.rows.find((r) => r.corpus === 'DrugProt')).to.include({ abstracts: 4250, relations: 21035 });
    expect(paper.tables.table5.rows[5]).to.include({ evaluation: 'Any Combination', plm: 'BioREx', exactMatch: 75.8, partialMatch: 81.8 });
    expect(paper.tables.table6.rows[0]).to.deep.equal({ plm: 'SciBERT (SOTA)', p: 81.5, r: 86.4, f: 83.9 });
    const bioformer = paper.tables.supplementaryTable1.rows.find((r) => r.plm === 'Bioformer')!;
    expect(bioformer.f).to.equal(79.2);
    expect(bioformer.trainingTimePerEpoch).to.deep.equal({ text: '35 min', seconds: 2100 });
    expect(bioformer.predictionPer1000Pairs.cpu.seconds).to.equal(192);
    const sweep = paper.tables.supplementaryFigure1.series.find((s) => s.configuration === 'biorex')!;
    expect(sweep.points.map((p) => p.f)).to.deep.equal([68.4, 72.4, 75.8, 77.8, 79.6]);
  });

  it('holds the reported p-values', () => {
    const p3 = Object.fromEntries(paper.tables.table3.pValues.map((p) => [`${p.a}/${p.b}`, p.p]));
    expect(p3).to.deep.equal({ 'tl/original': 0.029, 'mtl/original': 0.002, 'biorex/original': 0.001, 'tl/biorex': 0.4, 'mtl/biorex': 0.89 });
    const p4 = paper.tables.table4.pValues.map((p) => `${p.row}:${p.a}=${p.p}`);
    expect(p4).to.have.members(['Average:mtl=0.045', 'Average:biorex=0.044', 'AIMed:tl=0.37', 'AIMed:mtl=0.15', 'AIMed:biorex=0.06']);
  });

  it('the 500-document BioRED-only sweep point equals Table 3 Original (All)', () => {
    const only = paper.tables.supplementaryFigure1.series.find((s) => s.configuration === 'original')!;
    expect(only.points.at(-1)).to.deep.equal({ documents: 500, f: paper.tables.table3.rows.at(-1)!.values.original });
  });

  it('rejects an invalid file with the JSON path and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-'));
    const bad = structuredClone(paper) as { tables: { table3: { rows: { values: Record<string, unknown> }[] } } };
    bad.tables.table3.rows[0].values.tl = 'high';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadPaperResults(file)).to.throw(InputError, /tables\.table3\.rows\.0\.values\.tl/);
    writeFileSync(file, '{not json');
    expect(() => loadPaperResults(file)).to.throw(InputError, /cannot read paper values/);
  });

  it('parses references and loads by id', () => {
    expect(parsePaperReference('paper/biorex-2023#table3')).to.deep.equal({ paperId: 'biorex-2023', table: 'table3' });
    expect(parsePaperReference('biorex-2023')).to.deep.equal({ paperId: 'biorex-2023', table: undefined });
    expect(() => parsePaperReference('paper/biorex-2023#table9')).to.throw(InputError, /table9/);
    expect(() => parsePaperReference('http://x y')).to.throw(InputError);
    expect(loadPaper('biorex-2023').tables.table6.rows[2].f).to.equal(84.2);
  });
});
