// The HTML report opened in headless Chromium (Debian's package, driven by playwright-core — no
// browser download): tables and every chart render, no console error, nothing executes from
// untrusted names, and a screenshot is saved to reports/screenshots/ (ignored by git). A report
// from a store as the runner leaves it: the Setup section with the settings-differ note, the
// results figure, the collapsed training curves, and prediction links that open after a move.
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadReportModel } from '../../src/report/from-store.ts';
import { renderReport } from '../../src/report/index.ts';
import { openStore } from '../../src/tracking/index.ts';
import { storeFinishedRuns } from '../fixtures/report/stored-runs.ts';
import { syntheticModel, XSS } from '../fixtures/report/synthetic-model.ts';
import { REPO_ROOT } from '../helpers/shared.ts';

const CHROMIUM = process.env.BIOREX_CHROMIUM ?? '/usr/bin/chromium';
const SKIP = process.env.BIOREX_SKIP_BROWSER === '1';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'reports', 'screenshots');

const NAME = `exp-${XSS}"q`;
const TITLE = `Title ${XSS} "quoted"`;
const ROW = `Bio${XSS}"doc`;

(SKIP ? describe.skip : describe)('report: HTML in headless Chromium', function () {
  this.timeout(120_000);
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'report-browser-'));

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Run \`npm run setup\` (it installs Debian's chromium package), ` +
          'or set BIOREX_SKIP_BROWSER=1 to skip this test.',
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders tables and charts, runs nothing, logs no error; screenshot saved', async () => {
    const model = syntheticModel({ name: NAME, title: TITLE, rowPrefix: ROW, errorText: `boom ${XSS}`, seedsTable3: 3, curveSteps: 12 });
    const { files } = await renderReport(model, dir);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const dialogs: string[] = [];
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(files.html).href;
    await page.goto(url, { waitUntil: 'load' });

    // tables
    const tables = await page.$$eval('table.results', (ts) =>
      ts.map((t) => ({
        rows: t.querySelectorAll('tbody tr').length,
        numbers: [...t.querySelectorAll('td.num .v')].map((v) => v.textContent ?? ''),
      })),
    );
    expect(tables.map((t) => t.rows)).to.deep.equal([9, 7]);
    for (const t of tables) expect(t.numbers.length).to.be.greaterThan(20);
    for (const t of tables) for (const n of t.numbers) expect(n).to.match(/^\d+\.\d$/);

    // every chart: an SVG with drawn marks
    const charts = await page.$$eval('figure.chart', (fs) =>
      fs.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          svg: !!svg,
          marks: svg ? svg.querySelectorAll('g.role-mark path, g.role-mark line, g.role-mark text').length : 0,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
        };
      }),
    );
    expect(charts).to.have.length(4); // results, size sweep, PLM comparison, training curves
    // the results figure comes first, with the paper's values as diamonds
    expect(await page.$eval('#figures figure.chart', (f) => f.id)).to.equal('results');
    expect(await page.$$eval('figure#results svg path[d]', (ps) => ps.length)).to.be.greaterThan(50);
    for (const c of charts) {
      expect(c.svg).to.equal(true);
      expect(c.marks).to.be.greaterThan(0);
      expect(c.width).to.be.greaterThan(200);
      expect(c.height).to.be.greaterThan(150);
    }

    // untrusted text is text; nothing executed
    expect(await page.$$eval('script', (s) => s.length)).to.equal(0);
    expect(await page.textContent('h1')).to.equal(TITLE);
    expect(await page.textContent('.kicker code')).to.equal(NAME);
    expect(await page.title()).to.equal(`${TITLE} · ${NAME}`);
    const rowHeaders = await page.$$eval('table.results th[scope=row]', (ths) => ths.map((t) => t.textContent));
    expect(rowHeaders).to.include(`${ROW}+BC5CDR`);
    expect(await page.$$eval('pre.error', (p) => p.map((x) => x.textContent))).to.include(`boom ${XSS}`);
    expect(dialogs).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
    // offline: the page itself is the only thing loaded
    expect(requests).to.deep.equal([url]);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const shot = join(SCREENSHOT_DIR, 'report-browser-test.png');
    await page.screenshot({ path: shot, fullPage: false });
    const full = join(SCREENSHOT_DIR, 'report-browser-test-full.png');
    await page.screenshot({ path: full, fullPage: true });
    expect(statSync(shot).size).to.be.greaterThan(10_000);
    await page.close();
  });

  /** Collects console problems and requests of a page. */
  function watch(page: Page) {
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    return { problems, requests };
  }

  it('a report from a store: Setup with the settings-differ note, results figure, small multiples, links that open after a move', async () => {
    const project = join(dir, 'project');
    const work = join(project, 'work');
    mkdirSync(work, { recursive: true });
    const store = openStore(join(work, 'biorex.sqlite'));
    await storeFinishedRuns(store, work, {
      spec: `name: from-store\ntitle: From a store\ntarget: Sample\nplm: tiny\nconfigurations: [original, biorex]\nrows: [{external: [SampleDDI]}]\nseeds: [1, 2, 3]\ntraining: {epochs: 2, max_length: 128}\nreference: paper/biorex-2023#table3\n`,
      predict: (run, inst, j) => ((j + run) % 3 !== 0 ? inst.label : 'None'),
    });
    const report = await renderReport(loadReportModel(store, 'from-store'), join(project, 'reports', 'from-store'));
    store.close();
    renameSync(project, join(dir, 'moved')); // the report folder moves together with the work dir
    const html = join(dir, 'moved', 'reports', 'from-store', 'index.html');
    expect(existsSync(html)).to.equal(true);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const { problems, requests } = watch(page);
    const url = pathToFileURL(html).href;
    await page.goto(url, { waitUntil: 'load' });

    // the note is visible at the top and in the Setup section
    const note = page.locator('#setup .differ');
    expect(await note.isVisible()).to.equal(true);
    expect(await note.textContent()).to.match(/^Settings differ from the paper: PLM tiny \(paper: PubMedBERT\); epochs 2 \(paper: 10\);.*max length 128 \(paper: 512\)/);
    expect(await page.locator('.notes li', { hasText: 'Settings differ from the paper' }).isVisible()).to.equal(true);
    // Setup is a table: groups, settings, ours and the paper's, differing rows marked
    const setup = await page.$$eval('#setup table.setup tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim() ?? '')));
    expect(setup.map((r) => r[0])).to.include.members(['Model and training', 'Data', 'Runs', 'Software', 'Hardware and time', 'PLM', 'Epochs', 'Seeds', 'CPU time']);
    expect(setup.find((r) => r[0] === 'Epochs')).to.deep.equal(['Epochs', '2 ≠ paper', '10']);
    expect(setup.find((r) => r[0] === 'Seeds')).to.deep.equal(['Seeds', '1, 2, 3', '']);
    expect(await page.$$eval('#setup tr.differs', (x) => x.length)).to.be.greaterThanOrEqual(3);

    // figures: the results figure (one dot per configuration, seeds, spread) and one figure of training curves
    const figures = await page.$$eval('figure.chart', (fs) => fs.map((f) => ({ id: f.id, marks: f.querySelectorAll('g.role-mark path, g.role-mark line').length })));
    expect(figures.map((f) => f.id)).to.deep.equal(['results', 'training-curves']);
    for (const f of figures) expect(f.marks).to.be.greaterThan(0);
    const axisLabels = await page.$$eval('figure.chart svg text', (ts) => ts.map((t) => t.textContent));
    expect(axisLabels).not.to.include('0.000000');

    // prediction links open after the move: each href resolves, relative to the page, to an existing file
    const hrefs = await page.$$eval('#runs a[href$=".jsonl"]', (as) => as.map((a) => (a as unknown as { href: string }).href));
    expect(hrefs).to.have.length(6);
    for (const h of hrefs) expect(existsSync(fileURLToPath(h)), h).to.equal(true);
    expect(hrefs.every((h) => resolve(fileURLToPath(h)).startsWith(join(dir, 'moved', 'work')))).to.equal(true);

    expect(problems).to.deep.equal([]);
    expect(requests).to.deep.equal([url]);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.locator('#setup').screenshot({ path: join(SCREENSHOT_DIR, 'report-setup.png') });
    await page.locator('figure#results').screenshot({ path: join(SCREENSHOT_DIR, 'report-results-figure.png') });
    expect(statSync(join(SCREENSHOT_DIR, 'report-setup.png')).size).to.be.greaterThan(10_000);
    expect(dirname(report.files.html)).to.equal(join(project, 'reports', 'from-store'));
    await page.close();
  });
});
