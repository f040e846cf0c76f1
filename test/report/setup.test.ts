// The Setup section: the set-up as a table (not JSON per run), compared with the referenced paper's
// settings; differences are marked and listed in a visible note whatever the profile.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReportModel } from '../../src/report/from-store.ts';
import { renderReport } from '../../src/report/index.ts';
import type { ReportSetup } from '../../src/report/model.ts';
import { fillExperiment, tempStore } from '../fixtures/report/synthetic-store.ts';

const spec = (name: string, extra: string) => `
name: ${name}
target: BioRED
configurations: [original, biorex]
rows:
  - {external: [BC5CDR]}
seeds: [1, 2, 3]
reference: paper/biorex-2023#table3
${extra}`;

const row = (s: ReportSetup, setting: string) => s.groups.flatMap((g) => g.rows).find((r) => r.setting === setting)!;

describe('report: Setup section', () => {
  const { store, dir } = tempStore();
  const manifest = join(dir, 'manifest.json');
  before(() => {
    writeFileSync(manifest, JSON.stringify({ name: 'BioRED.harmonized', skipped: { total: 2, byFile: { 'train.pubtator': 2 }, first: ['train.pubtator:12: bad offset', 'train.pubtator:40: bad offset'] } }));
    // the paper's set-up: PubMedBERT, 10 epochs, batch 16, 5e-5, max length 512, 500 BioRED documents (train + dev)
    fillExperiment(store, spec('as-paper', 'plm: microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract'), {
      targetDocs: { used: 500, available: 500 },
      environment: (i) => ({ node: 'v20.20.2', python: '3.11.2', torch: '2.5.1+cu121', transformers: '5.0.0', cuda: '12.1', gpu: 'NVIDIA H100', device: 'NVIDIA H100', host: `gpu-${i % 2}`, gitCommit: 'd991f1b0aa77', gitDirty: false }),
    });
    // a smoke-sized run of it: tiny PLM, 1 epoch, 6 documents, max length 256 — and a --set override
    fillExperiment(store, spec('smoke', 'plm: prajjwal1/bert-tiny\ntraining: {epochs: 1, max_length: 256}\ndata: {max_docs: 6}'), {
      profile: 'smoke',
      overrides: ['training.lr=3e-5'],
      manifest,
      targetDocs: { used: 6, available: 500 },
    });
  });
  after(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the same settings as the paper: the paper column agrees everywhere, no note', () => {
    const m = loadReportModel(store, 'as-paper');
    const s = m.setup!;
    expect(s.differences).to.deep.equal([]);
    expect(row(s, 'PLM')).to.deep.include({ ours: 'microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract', paper: 'PubMedBERT', differs: false });
    expect(row(s, 'Epochs')).to.deep.include({ ours: '10', paper: '10', differs: false });
    expect(row(s, 'Learning rate (peak)')).to.deep.include({ ours: '5e-5', paper: '5e-5', differs: false });
    expect(row(s, 'Target training data')).to.deep.include({ ours: 'train + dev', paper: 'train + dev', differs: false });
    expect(row(s, 'Target training documents')).to.deep.include({ ours: '500 (all)', paper: '500', differs: false });
    expect((m.notes ?? []).join(' ')).not.to.match(/Settings differ/);
    // versions, hardware and time: from the environments and the runs' durations
    expect(row(s, 'PyTorch').ours).to.equal('2.5.1+cu121');
    expect(row(s, 'CUDA').ours).to.equal('12.1');
    // 6 runs (Original and BioREx × 3 seeds) of 75 + i seconds each
    const runs = m.runs.length;
    expect(runs).to.equal(6);
    expect(row(s, 'Device').ours).to.equal('NVIDIA H100 (6 runs)');
    expect(row(s, 'Host').ours).to.equal('gpu-0 (3 runs), gpu-1 (3 runs)');
    const seconds = Array.from({ length: runs }, (_, i) => 75 + i).reduce((a, b) => a + b, 0);
    expect(row(s, 'GPU time').ours).to.equal(`${(seconds / 60).toFixed(1)} min over ${runs} runs`);
    expect(row(s, 'CPU time').ours).to.equal('none');
    expect(row(s, 'Seeds').ours).to.equal('1, 2, 3');
    expect(row(s, 'Profile').ours).to.equal('none (the spec as written)');
  });

  it('a smoke profile: every differing setting marked and named in the note; the paper values still shown', async () => {
    const m = loadReportModel(store, 'smoke');
    const s = m.setup!;
    // (the fixture records the override; it does not apply it, so the learning rate stays the paper's)
    expect(s.differences).to.deep.equal([
      'PLM prajjwal1/bert-tiny (paper: PubMedBERT)',
      'epochs 1 (paper: 10)',
      'max length 256 (paper: 512)',
      'target training documents 6 of 500 (paper: 500)',
    ]);
    expect(row(s, 'Profile').ours).to.equal('smoke');
    expect(row(s, 'Overrides (--set)').ours).to.equal('training.lr=3e-5');
    expect(row(s, 'Document limit (max_docs)').ours).to.equal('first 6 per corpus and split');
    expect(s.skipped).to.deep.equal([{ set: 'BioRED.harmonized', manifest, total: 2, first: ['train.pubtator:12: bad offset', 'train.pubtator:40: bad offset'] }]);
    expect(m.notes!.join(' ')).to.match(/^Settings differ from the paper: PLM prajjwal1\/bert-tiny \(paper: PubMedBERT\); epochs 1/);
    const t = m.tables.find((x) => x.rows.some((r) => typeof r.cells.biorex?.paper === 'number'))!;
    expect(t.rows[0].cells.biorex.paper).to.equal(79.3); // still shown
    expect(t.notes!.join(' ')).to.match(/Settings differ from the paper's \(4 settings, see Setup\)/);

    const out = await renderReport(m, join(dir, 'report-smoke'));
    const html = readFileSync(out.files.html, 'utf8');
    expect(html).to.include('<section id="setup"><h2>Setup</h2>');
    expect(html).to.match(/<div class="differ" role="note"><strong>Settings differ from the paper:<\/strong> PLM prajjwal1\/bert-tiny \(paper: PubMedBERT\);/);
    expect(html).to.match(/<tr class="differs"><th scope="row">Epochs<\/th><td>1 <span class="badge"[^>]*>≠ paper<\/span><\/td><td class="paper">10<\/td><\/tr>/);
    expect(html).to.include('training.lr=3e-5');
    expect(html).to.include('train.pubtator:12: bad offset');
    // a table, not JSON per run
    const setup = html.slice(html.indexOf('<section id="setup">'), html.indexOf('</section>', html.indexOf('<section id="setup">')));
    expect(setup).not.to.match(/[{}]"/);
    const mdText = readFileSync(out.files.markdown, 'utf8');
    expect(mdText).to.include('**Settings differ from the paper:**');
    expect(mdText).to.match(/\| Epochs \| 1 \(≠ paper\) \| 10 \|/);
  });

  it('without a reference there is no paper column and no note', () => {
    fillExperiment(store, spec('no-ref', 'plm: prajjwal1/bert-tiny').replace('reference: paper/biorex-2023#table3\n', ''), {});
    const s = loadReportModel(store, 'no-ref').setup!;
    expect(s.differences).to.deep.equal([]);
    expect(s.groups.flatMap((g) => g.rows).every((r) => r.paper === undefined)).to.equal(true);
  });
});
