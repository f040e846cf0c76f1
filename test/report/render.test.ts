// renderReport: the four files, offline and script-free, with every untrusted text escaped.
import { expect } from 'chai';
import * as vega from 'vega';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport } from '../../src/report/index.ts';
import { buildCharts, MAX_INDIVIDUAL_CURVES, thinPoints } from '../../src/report/charts.ts';
import { CSV_HEADER } from '../../src/report/csv.ts';
import { fmtP } from '../../src/report/format.ts';
import { syntheticModel, XSS } from '../fixtures/report/synthetic-model.ts';

const NAME = `exp-${XSS}"q`;
const TITLE = `Title ${XSS} "quoted" & more`;
const ROW = `Bio${XSS}|x`;

describe('report: renderReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-render-'));
  let html = '';
  let md = '';
  let csv = '';
  let tex = '';
  before(async () => {
    const model = syntheticModel({ name: NAME, title: TITLE, rowPrefix: ROW, errorText: `boom ${XSS}` });
    const r = await renderReport(model, dir);
    expect(r.tables).to.equal(2);
    expect(r.charts).to.equal(4); // results, size sweep, PLM comparison, training curves
    html = readFileSync(r.files.html, 'utf8');
    md = readFileSync(r.files.markdown, 'utf8');
    csv = readFileSync(r.files.csv, 'utf8');
    tex = readFileSync(r.files.latex, 'utf8');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('HTML is self-contained: no script, no external resource, a CSP that forbids scripts', () => {
    expect(html).to.not.match(/<script/i);
    expect(html).to.not.match(/<link\b|<iframe|<img\b|\bsrc=|url\(|@import/i);
    // the only absolute URLs are SVG/XLink namespace names, which are never fetched
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
    expect([...new Set(urls)].sort()).to.deep.equal(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
    expect(html).to.match(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
  });

  it('HTML escapes names, titles, row labels and error text', () => {
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
    expect(html).to.include(`<h1 id="title">Title ${escaped} &quot;quoted&quot; &amp; more</h1>`);
    expect(html).to.include(`<code>exp-${escaped}&quot;q</code>`);
    expect(html).to.include(`<th scope="row">Bio${escaped}|x+BC5CDR</th>`);
    expect(html).to.include(`boom ${escaped}`);
    expect(html).to.include(`<title>${`Title ${escaped} &quot;quoted&quot; &amp; more`} · exp-${escaped}&quot;q</title>`);
  });

  it('HTML tables: values, sd, stars, bold best and paper values', () => {
    const t1 = html.slice(html.indexOf('data-table="table3"'), html.indexOf('data-table="table4"'));
    expect((t1.match(/<tr class="data">/g) ?? []).length).to.equal(9);
    expect(t1).to.match(/<td class="num[^"]*best[^"]*"/);
    expect(t1).to.match(/<span class="sd">±\d+\.\d<\/span>/);
    expect(t1).to.match(/<sup class="star">\*<\/sup>/);
    expect(t1).to.match(/paper 79\.6 · Δ/);
    expect((t1.match(/class="num na"/g) ?? []).length).to.equal(6); // TL/MTL × PharmGKB, DisGeNet, EMU
    const t2 = html.slice(html.indexOf('data-table="table4"'));
    expect(t2).to.match(/<tr class="summary"><th scope="row">Average<\/th>/);
    expect(t2).to.include('(ATLOP)');
  });

  it('charts are inline SVG, one per figure', () => {
    expect((html.match(/<figure class="chart"/g) ?? []).length).to.equal(4);
    expect((html.match(/<svg /g) ?? []).length).to.equal(4);
  });

  it('the CSV carries the p and adjusted p the HTML and Markdown show', () => {
    const rows = vega.read(csv, { type: 'csv', parse: {} }) as Record<string, string>[];
    const adjusted = rows.filter((r) => r.p_adjusted !== '');
    expect(adjusted.length).to.be.greaterThan(5);
    // the HTML tests table: row label, comparison, n, t, p, adjusted p, paper p
    const tested = [...html.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*) vs [^<]*<\/td><td class="num">\d+<\/td><td class="num">[^<]*<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td>/g)];
    expect(tested.length).to.be.greaterThan(5);
    const shown = new Map(tested.map((m) => [`${m[1]}|${m[2]}`, { p: m[3], adj: m[4] }]));
    const label = (id: string) => ({ tl: 'TL', mtl: 'MTL', biorex: 'BioREx' })[id as 'tl'] ?? id;
    let compared = 0;
    for (const r of adjusted) {
      const h = shown.get(`${r.row.replace(/</g, '&lt;').replace(/>/g, '&gt;')}|${label(r.configuration)}`);
      if (!h || r.table !== 'table3') continue;
      compared++;
      expect(fmtP(Number(r.p_adjusted)), `${r.row} ${r.configuration}`).to.equal(h.adj.replace('&lt;', '<'));
      expect(fmtP(Number(r.p_value))).to.equal(h.p.replace('&lt;', '<'));
      expect(md).to.include(`(adjusted ${fmtP(Number(r.p_adjusted))})`);
    }
    expect(compared).to.be.greaterThan(5);
  });

  it('Markdown escapes text and keeps the table shape', () => {
    expect(md).to.include('# Title \\<script\\>alert\\(1\\)\\</script\\> "quoted" \\& more');
    const rowLine = md.split('\n').find((l) => l.startsWith('| Bio'))!;
    expect(rowLine).to.include('Bio\\<script\\>alert\\(1\\)\\</script\\>\\|x+BC5CDR');
    // 2 label columns + 4 configurations → 7 unescaped pipes
    expect(rowLine.replace(/\\\|/g, '').split('|').length - 1).to.equal(7);
    expect(md).to.match(/\*\*\d+\.\d\*\* ± \d\.\d/);
    expect(md).to.include('## PLM comparison');
    expect(md).to.include('## Training-size sweep');
  });

  it('CSV parses back (quoting) with one line per cell', () => {
    const rows = vega.read(csv, { type: 'csv', parse: {} }) as Record<string, string>[];
    expect(Object.keys(rows[0])).to.deep.equal(CSV_HEADER);
    expect(rows).to.have.length(9 * 4 + 7 * 5); // Table 3 cells + Table 4 cells (6 rows + Average, 5 columns with SOTA)
    const evil = rows.find((r) => r.row.startsWith('Bio'))!;
    expect(evil.row).to.equal(`${ROW}+BC5CDR`);
    const na = rows.filter((r) => r.status === 'not-applicable');
    expect(na).to.have.length(6);
    const star = rows.find((r) => r.significant === 'true')!;
    expect(Number(star.p_adjusted || star.p_value)).to.be.lessThan(0.05);
    const withPaper = rows.find((r) => r.table === 'table3' && r.row === 'BioRED+8 datasets' && r.configuration === 'biorex')!;
    expect(Number(withPaper.paper_f)).to.equal(79.6);
    expect(Number(withPaper.diff_f)).to.be.closeTo(Number(withPaper.mean_f) - 79.6, 1e-3);
  });

  it('LaTeX escapes text and uses booktabs', () => {
    expect(tex).to.include('Bio\\textless{}script\\textgreater{}alert(1)\\textless{}/script\\textgreater{}\\textbar{}x+BC5CDR');
    expect(tex).to.include('\\toprule');
    expect(tex).to.match(/\\textbf\{\d+\.\d\}\$\\pm\$/);
    expect(tex).to.not.include('<script>');
  });

  it('many runs: training curves collapse to mean + min–max band per configuration', () => {
    const many = syntheticModel({ seedsTable3: 3, curveSteps: 5 });
    expect(many.runs.length).to.be.greaterThan(MAX_INDIVIDUAL_CURVES);
    const curve = buildCharts(many).find((c) => c.id === 'training-curves')!;
    expect(curve.spec.spec.layer).to.have.length(2);
    const few = syntheticModel({ maxRuns: 12, curveSteps: 5 });
    const single = buildCharts(few).find((c) => c.id === 'training-curves')!;
    expect(single.spec.spec.mark.type).to.equal('line');
    expect(single.spec.spec.encoding.detail.field).to.equal('run');
  });

  it('long curves are thinned to at most 300 points, keeping the first and the last', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => i);
    const thin = thinPoints(pts);
    expect(thin.length).to.be.at.most(301);
    expect(thin[0]).to.equal(0);
    expect(thin.at(-1)).to.equal(999);
    expect(thinPoints([1, 2, 3])).to.deep.equal([1, 2, 3]);
  });
});
