// A run that predicts only negatives is flagged in the report: its cell, its row in the runs, a note.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReportModel } from '../../src/report/from-store.ts';
import { renderReport } from '../../src/report/index.ts';
import { openStore } from '../../src/tracking/index.ts';
import { storeFinishedRuns } from '../fixtures/report/stored-runs.ts';

describe('report: degenerate runs', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'report-degenerate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('are marked in their cells, in the runs and in a note at the top; the others are not', async () => {
    const store = openStore(join(dir, 'biorex.sqlite'));
    // run 0 (Original, seed 1) predicts None everywhere; the others find every other pair
    const ids = await storeFinishedRuns(store, dir, {
      spec: 'name: degen\ntarget: Sample\nplm: tiny\nconfigurations: [original, biorex]\nrows: [{external: [SampleDDI]}]\nseeds: [1, 2]\n',
      predict: (run, inst, j) => (run === 0 ? 'None' : j % 2 === 0 ? inst.label : 'None'),
    });
    const m = loadReportModel(store, 'degen');
    store.close();
    const pair = m.tables.find((t) => t.criterion === 'entity pair')!;
    expect(pair.rows[0].cells.original.degenerate).to.equal(1);
    expect(pair.rows[0].cells.original.scores.map((s) => s.f)).to.include(0);
    expect(pair.rows[0].cells.biorex.degenerate).to.equal(undefined);
    const flagged = m.runs.filter((r) => r.degenerate).map((r) => r.id);
    expect(flagged).to.deep.equal([String(ids[0])]);
    expect(m.runs.find((r) => r.degenerate)!.degenerate).to.equal(
      'degenerate: predicts no relation on Sample/test (every pair negative; F 0, accuracy = share of negatives)',
    );
    expect(m.notes!.join(' ')).to.include(`1 of 4 runs is degenerate — no relation predicted at all (every pair negative; F 0, accuracy = share of negatives): run ${ids[0]}.`);
    const r = await renderReport(m, join(dir, 'report'));
    const html = readFileSync(r.files.html, 'utf8');
    expect(html).to.match(/<span class="degen" title="degenerate: 1 run of this cell predicts no relation at all">⚠<\/span>/);
    expect(html).to.match(new RegExp(`<tr id="run-${ids[0]}">.*?⚠ degenerate`));
    expect((html.match(/⚠ degenerate/g) ?? []).length).to.equal(1);
    const tex = readFileSync(r.files.latex, 'utf8');
    expect(tex).to.include('(!)');
    expect(tex).not.to.include('⚠'); // pdfLaTeX has no glyph for it
    expect(readFileSync(r.files.csv, 'utf8').split('\r\n').filter((l) => l.endsWith(',1') && l.includes(',original,'))).to.have.length(2);
  });
});
