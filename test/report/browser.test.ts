// The HTML report opened in headless Chromium (Debian's package, driven by playwright-core — no
// browser download): tables and every chart render, no console error, nothing executes from
// untrusted names, and a screenshot is saved to reports/screenshots/ (ignored by git).
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { renderReport } from '../../src/report/index.ts';
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
    expect(charts).to.have.length(3);
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
});
