// The paper Table 5 / 6 layout: one column per PLM (the plain PLM, then the encoders of finished
// runs), rows = the task's scores, the paper's values matched by what each column is.
import { expect } from 'chai';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadReportModel } from '../../src/report/from-store.ts';
import { formatTable, renderReport } from '../../src/report/index.ts';
import type { ResultRow, TrackingStore } from '../../src/tracking/index.ts';
import { tempStore } from '../fixtures/report/synthetic-store.ts';

const H_ORIGINAL = 'a'.repeat(64);
const H_BIOREX = 'b'.repeat(64);

/** Two encoder runs on BioRED, then a task experiment with three PLMs × two seeds and the given rows. */
function fill(store: TrackingStore, name: string, target: string, reference: string, rows: (plm: string, seed: number) => Omit<ResultRow, 'scorer'>[]) {
  const enc = store.registerRuns(
    ['original', 'biorex'].map((c, i) => ({
      hash: [H_ORIGINAL, H_BIOREX][i],
      label: `${c} BioRED s42`,
      configuration: c,
      mode: 'single',
      target: 'BioRED',
      externals: c === 'biorex' ? ['BC5CDR'] : [],
      plm: 'pubmedbert',
      seed: 42,
      size: 1,
      identity: { c },
    })),
  );
  expect(enc).to.have.length(2);
  const plms = ['microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract', `run:${H_ORIGINAL}`, `run:${H_BIOREX}`];
  const spec = { name, target, plm: plms, configurations: ['original'], seeds: [1, 2], reference };
  const exp = store.upsertExperiment({ name, reference, spec });
  const runs = plms.flatMap((plm) => [1, 2].map((seed) => ({ plm, seed })));
  const ids = store.registerRuns(
    runs.map((r, i) => ({ hash: `${name}-${i}`, label: `original ${target} s${r.seed}`, configuration: 'original', mode: 'single', target, externals: [], plm: r.plm, seed: r.seed, size: 1, identity: { i } })),
  );
  store.setExperimentRuns(exp, ids.map((runId) => ({ runId, rowIndex: 0, rowLabel: target, pair: 'all' })));
  runs.forEach((r, i) => {
    store.claimRun(`${name}-${i}`, { token: 't', host: 'h', pid: process.pid });
    store.putResults(ids[i], rows(r.plm, r.seed).map((x) => ({ ...x, scorer: 'test' })));
    store.finishRun(ids[i], 't', { status: 'done', durationS: 1 });
  });
}

const bump = (plm: string) => (plm.includes(H_BIOREX) ? 0.1 : plm.includes(H_ORIGINAL) ? 0.05 : 0);

describe('report: the PLM-columns layout (paper Tables 5 and 6)', () => {
  it('drug combinations: rows = positive/any × exact/partial, columns = PubMedBERT, BioRED encoder, BioREx encoder, paper values beside', async () => {
    const { store, file, dir } = tempStore();
    try {
      fill(store, 't5', 'DrugCombo', 'paper/biorex-2023#table5', (plm, seed) =>
        ['positive/exact', 'positive/partial', 'any/exact', 'any/partial'].map((criterion, k) => {
          const f = 0.5 + 0.05 * k + bump(plm) + 0.01 * seed;
          return { evalSet: 'DrugCombo/test', criterion, pairType: 'all', tp: null, fp: null, fn: null, precision: f, recall: f, f1: f };
        }),
      );
      const model = loadReportModel(store, 't5');
      const [t] = model.tables;
      expect(t.layout).to.equal('plm-columns');
      expect(t.rowHeaders).to.deep.equal(['Evaluation', 'Match']);
      expect(t.columns.map((c) => c.label)).to.deep.equal(['PubMedBERT', 'BioRED encoder', 'BioREx encoder']);
      expect(t.baseline).to.equal('microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract');
      expect(t.rows.map((r) => `${r.label} / ${r.pair}`)).to.deep.equal([
        'Positive Combination / exact match',
        'Positive Combination / partial match',
        'Any Combination / exact match',
        'Any Combination / partial match',
      ]);
      const ft = formatTable(t);
      // any/partial (k = 3): 0.65 + bump + 0.01·seed → BioREx mean 76.5; the paper's BioREx partial "any" is 81.8
      const cell = ft.rows[3].cells[2];
      expect(cell.summary!.mean).to.be.closeTo(76.5, 1e-9);
      expect(cell.paper).to.equal(81.8);
      expect(ft.rows[0].cells.map((c) => c.paper)).to.deep.equal([65.2, 64.8, 66.2]);
      expect(ft.rows[1].cells.map((c) => c.paper)).to.deep.equal([72.4, 71.0, 71.4]);
      // each encoder is tested against PubMedBERT, paired by seed
      expect(t.comparisons!.filter((c) => c.source === 'ours').map((c) => [c.a, c.b])).to.deep.include([`run:${H_BIOREX}`, 'microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract']);
      expect(t.notes!.join(' ')).to.contain('Tiktinsky et al. 2022');
      expect(t.notes!.join(' ')).to.contain(`run ${H_BIOREX.slice(0, 10)}`);
      const out = join(dir, 'r');
      await renderReport(model, out);
      const html = readFileSync(join(out, 'index.html'), 'utf8');
      expect(html).to.contain('<th class="text" scope="col">Evaluation</th><th class="text" scope="col">Match</th>');
      expect(html).to.contain('BioREx encoder');
      expect(readFileSync(join(out, 'tables.md'), 'utf8')).to.contain('| Evaluation | Match | PubMedBERT (baseline) | BioRED encoder | BioREx encoder |');
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
      void file;
    }
  });

  it('GDA: rows = P, R, F (pair + relation type), the paper Table 6 values, and the note that the paper used ATLOP', () => {
    const { store, dir } = tempStore();
    try {
      fill(store, 't6', 'GDA', 'paper/biorex-2023#table6', (plm, seed) => [
        { evalSet: 'GDA/test', criterion: 'pair+type', pairType: 'all', tp: 80, fp: 20, fn: 10, precision: 0.8 + bump(plm), recall: 0.85 + 0.01 * seed, f1: 0.82 + bump(plm) },
      ]);
      const [t] = loadReportModel(store, 't6').tables;
      expect(t.rows.map((r) => r.label)).to.deep.equal(['Precision', 'Recall', 'F-score']);
      const ft = formatTable(t);
      ft.rows[0].cells.forEach((c, i) => expect(c.summary!.mean).to.be.closeTo([80, 85, 90][i], 1e-9));
      expect(ft.rows[1].cells.map((c) => c.summary!.mean)[0]).to.be.closeTo(86.5, 1e-9);
      expect(ft.rows.map((r) => r.cells.map((c) => c.paper))).to.deep.equal([
        [81.5, 81.6, 81.8],
        [86.4, 85.4, 86.8],
        [83.9, 83.5, 84.2],
      ]);
      expect(t.notes!.join(' ')).to.contain('The paper used ATLOP');
      expect(t.metric).to.equal('Score');
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
