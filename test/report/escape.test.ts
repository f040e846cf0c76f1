// Escaping of untrusted text in every output format.
import { expect } from 'chai';
import { csvField, csvLine, escapeHtml, escapeLatex, escapeMarkdown, fileHref } from '../../src/report/escape.ts';

const XSS = '<script>alert(1)</script>';

describe('report: escaping', () => {
  it('HTML: tags, quotes and ampersands become entities', () => {
    expect(escapeHtml(`${XSS} "a" & 'b'`)).to.equal('&lt;script&gt;alert(1)&lt;/script&gt; &quot;a&quot; &amp; &#39;b&#39;');
    expect(escapeHtml(undefined)).to.equal('');
    expect(escapeHtml(42)).to.equal('42');
  });

  it('links to prediction files cannot carry a scheme', () => {
    expect(fileHref('../runs/ab c/predictions/test.jsonl')).to.equal('../runs/ab%20c/predictions/test.jsonl');
    expect(fileHref('javascript:alert(1)')).to.equal('javascript%3Aalert(1)');
    expect(fileHref('a"b/<x>')).to.equal('a%22b/%3Cx%3E');
  });

  it('Markdown: HTML, emphasis and table pipes are escaped; newlines folded', () => {
    expect(escapeMarkdown(`${XSS} | *x* _y_ [l](u)\nnext`)).to.equal(
      '\\<script\\>alert\\(1\\)\\</script\\> \\| \\*x\\* \\_y\\_ \\[l\\]\\(u\\) next',
    );
  });

  it('CSV: RFC 4180 quoting, formula defusing for text only', () => {
    expect(csvField('plain')).to.equal('plain');
    expect(csvField('a,b')).to.equal('"a,b"');
    expect(csvField('say "hi"')).to.equal('"say ""hi"""');
    expect(csvField('line\nbreak')).to.equal('"line\nbreak"');
    expect(csvField('=HYPERLINK("x")')).to.equal('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1+2')).to.equal("'-1+2");
    expect(csvField(-1.5)).to.equal('-1.5');
    expect(csvField(undefined)).to.equal('');
    expect(csvField(Number.NaN)).to.equal('');
    expect(csvLine(['a', 1, true, null])).to.equal('a,1,true,');
  });

  it('LaTeX: special characters are escaped', () => {
    expect(escapeLatex('a_b & 50% #1 $x$ {y} ~ ^ \\ <C,D>')).to.equal(
      'a\\_b \\& 50\\% \\#1 \\$x\\$ \\{y\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\textless{}C,D\\textgreater{}',
    );
    // characters of our captions that pdfLaTeX does not know by default
    expect(escapeLatex('mean ± sd, Δ = −0.3 – ok')).to.equal('mean $\\pm$ sd, $\\Delta$ = $-$0.3 -- ok');
  });
});
