// Paper values attached to our tables: rows matched by externals + pair or test set, SOTA column, p-values.
import { expect } from 'chai';
import type { ResultTable } from '../../src/report/model.ts';
import { attachPaperTable, loadPaper, paperPlmName, paperPlmRows, paperSizePoints } from '../../src/report/index.ts';

const paper = loadPaper('biorex-2023');
const cell = (f: number) => ({ applicable: true, scores: [{ unit: 'seed 1', f }] });

describe('report: paper values beside ours', () => {
  it('Table 3: matches rows by external corpora and pair, whatever our label', () => {
    const t: ResultTable = {
      id: 't3',
      layout: 'training-sets',
      title: 't',
      columns: ['original', 'tl', 'mtl', 'biorex'].map((id) => ({ id, label: id })),
      baseline: 'original',
      test: { name: 'paired t-test', units: 'seeds', alpha: 0.05 },
      rows: [
        { id: 'x', label: 'my label', pair: '<G,D>', external: ['DisGeNET'], cells: { original: cell(60), biorex: cell(70) } },
        { id: 'y', label: 'BioRED+all', pair: 'All', external: ['EMU', 'DDI', 'AIMed', 'HPRD50', 'DrugProt', 'PharmGKB', 'DisGeNET', 'BC5CDR'], cells: { original: cell(74) } },
        { id: 'z', label: 'BioRED+Nothing', pair: 'All', external: ['Nothing'], cells: { original: cell(1) } },
        // `external: all` matches the paper's widest row even when our corpus list differs
        { id: 'w', label: 'BioRED+9 datasets', pair: 'All', external: ['BC5CDR', 'Sample'], externalAll: true, cells: { biorex: cell(80) } },
      ],
    };
    const out = attachPaperTable(t, paper, 'table3');
    expect(out.rows[0].cells.original.paper).to.equal(67.2);
    expect(out.rows[0].cells.biorex.paper).to.equal(71.2);
    expect(out.rows[0].cells.tl).to.deep.include({ applicable: false, paper: null }); // the paper's dash
    expect(out.rows[1].cells.biorex).to.deep.include({ paper: 79.6, applicable: true, scores: [] });
    expect(out.rows[2].cells.original.paper).to.equal(undefined);
    expect(out.rows[3].cells.biorex.paper).to.equal(79.6);
    const pc = out.comparisons!.filter((c) => c.source === 'paper');
    expect(pc).to.have.length(5);
    expect(pc.find((c) => c.a === 'tl' && c.b === 'original')).to.include({ row: 'y', p: 0.029 });
    expect(out.paperLabel).to.equal('paper Table 3');
  });

  it('Table 4: test-set rows, Original ↔ Target, SOTA as a reference-only column, Average row', () => {
    const t: ResultTable = {
      id: 't4',
      layout: 'test-sets',
      title: 't',
      columns: [
        { id: 'original', label: 'Target' },
        { id: 'biorex', label: 'BioREx' },
      ],
      baseline: 'original',
      test: { name: 'paired t-test', units: 'seeds', alpha: 0.05 },
      rows: [
        { id: 'b', label: 'BC5CDR', testSet: 'BC5CDR', pair: '<D,C>', cells: { original: cell(69), biorex: cell(70) } },
        { id: 'd', label: 'DDI', testSet: 'DDI', pair: '<C,C>', cells: { original: cell(85), biorex: cell(86) } },
        { id: 'avg', label: 'Average', pair: 'All', kind: 'summary', cells: { original: cell(77), biorex: cell(78) } },
      ],
    };
    const out = attachPaperTable(t, paper, 'table4');
    expect(out.columns.map((c) => c.id)).to.deep.equal(['original', 'biorex', 'sota']);
    expect(out.columns[2].referenceOnly).to.equal(true);
    expect(out.rows[0].cells.original.paper).to.equal(69.1);
    expect(out.rows[0].cells.sota).to.deep.include({ paper: 69.4, paperNote: 'ATLOP' });
    expect(out.rows[1].cells.sota.paper).to.equal(null);
    expect(out.rows[2].cells.biorex.paper).to.equal(81.4);
    const avg = out.comparisons!.find((c) => c.source === 'paper' && c.a === 'biorex' && c.row === 'avg');
    expect(avg).to.include({ b: 'original', p: 0.044 });
    // AIMed is not one of our rows and SOTA/TL/MTL are not our columns: the paper's p-values for
    // them are left out (they would read as comparisons this experiment made)
    const paperOnes = out.comparisons!.filter((c) => c.source === 'paper');
    expect(paperOnes.every((c) => ['b', 'd', 'avg'].includes(c.row!) && ['original', 'biorex'].includes(c.a) && ['original', 'biorex'].includes(c.b))).to.equal(true);
    expect(paperOnes.some((c) => c.rowLabel === 'AIMed')).to.equal(false);
    const pairs = paper.tables.table4.pValues.filter((pv) => ['BC5CDR', 'DDI', 'Average'].includes(pv.row) && [pv.a, pv.b].every((x) => ['target', 'biorex'].includes(x)));
    expect(paperOnes).to.have.length(pairs.length);
  });

  it('size-sweep points, PLM rows and names', () => {
    const pts = paperSizePoints(paper);
    expect(pts).to.have.length(10);
    expect(pts.find((p) => p.configuration === 'original' && p.size === 300)!.f).to.equal(72.0);
    const rows = paperPlmRows(paper);
    expect(rows).to.have.length(10);
    const bio = rows.filter((r) => r.plm === 'BioELECTRA');
    expect(bio.map((r) => [r.device, r.predictSecondsPer1000Pairs])).to.deep.equal([['GPU', 90], ['CPU', 324]]);
    expect(bio[0].trainSecondsPerEpoch).to.equal(3840);
    expect(paperPlmName('microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract', paper)).to.equal('PubMedBERT');
    expect(paperPlmName('prajjwal1/bert-tiny', paper)).to.equal('bert-tiny');
  });
});
