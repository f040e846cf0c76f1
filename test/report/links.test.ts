// Links to prediction files: relative to the report, built from the run dir the runner stored the
// artifact paths against (not the current directory); they survive moving the report folder with
// the work dir, and with --copy-predictions the folder works on its own.
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadReportModel } from '../../src/report/from-store.ts';
import { renderReport } from '../../src/report/index.ts';
import { openStore } from '../../src/tracking/index.ts';
import { storeFinishedRuns } from '../fixtures/report/stored-runs.ts';

const SPEC = `name: links\ntarget: Sample\nplm: tiny\nconfigurations: [original, biorex]\nrows: [{external: [SampleDDI]}]\nseeds: [1, 2]\n`;

/** The prediction links of a report, resolved against its own folder. */
function predictionLinks(html: string): { href: string; target: string }[] {
  const file = html;
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/<a href="([^"]+)">[^<]*\.jsonl<\/a>/g)].map((m) => ({ href: m[1], target: resolve(dirname(file), decodeURIComponent(m[1])) }));
}

describe('report: prediction links', function () {
  this.timeout(60_000);
  const tmp = mkdtempSync(join(tmpdir(), 'biorex-links-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('point at the run dirs relative to the report, and still do after the project folder moved', async () => {
    const project = join(tmp, 'project');
    const work = join(project, 'work');
    mkdirSync(work, { recursive: true });
    const store = openStore(join(work, 'biorex.sqlite'));
    await storeFinishedRuns(store, work, { spec: SPEC });
    const report = await renderReport(loadReportModel(store, 'links'), join(project, 'reports', 'links'));
    store.close();
    const links = predictionLinks(report.files.html);
    expect(links).to.have.length(4);
    for (const l of links) {
      expect(l.href).to.match(/^\.\.\/\.\.\/work\/runs\/run-\d+\/predictions\/test\.jsonl$/);
      expect(existsSync(l.target), l.href).to.equal(true);
    }
    // the current directory (the repository) has nothing to do with it
    expect(process.cwd()).not.to.equal(project);
    const moved = join(tmp, 'moved-project');
    renameSync(project, moved);
    for (const l of predictionLinks(join(moved, 'reports', 'links', 'index.html'))) expect(existsSync(l.target), l.href).to.equal(true);
  });

  it('--copy-predictions (from the moved work dir): the files are copied in and the report folder works on its own', async () => {
    const work = join(tmp, 'moved-project', 'work');
    const store = openStore(join(work, 'biorex.sqlite'));
    const out = join(tmp, 'standalone');
    const report = await renderReport(loadReportModel(store, 'links'), out, { copyPredictions: true });
    store.close();
    expect(report.copied).to.equal(4);
    const html = readFileSync(report.files.html, 'utf8');
    expect(html).to.include('copied into this folder');
    const elsewhere = join(tmp, 'elsewhere');
    renameSync(out, elsewhere);
    rmSync(join(tmp, 'moved-project'), { recursive: true }); // the work dir is gone
    const links = predictionLinks(join(elsewhere, 'index.html'));
    expect(links).to.have.length(4);
    for (const l of links) {
      expect(l.href).to.match(/^predictions\/run-\d+\/test\.jsonl$/);
      expect(existsSync(l.target), l.href).to.equal(true);
      expect(readFileSync(l.target, 'utf8')).to.match(/^\{"id":"Sample\/test\//);
    }
  });
});
