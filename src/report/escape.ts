// Escaping for every output format. All text the report did not write itself (experiment names,
// titles, corpus and document names, config values, error messages) goes through one of these.

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text content and attribute values (quoted with " or ') in HTML. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * A relative link to a local file: each path segment is percent-encoded, so the result can never
 * carry a scheme (`javascript:` becomes `javascript%3A`) and is safe in an href once HTML-escaped.
 */
export function fileHref(relativePath: string): string {
  return relativePath
    .split(/[\\/]/)
    .map((seg) => (seg === '..' || seg === '.' ? seg : encodeURIComponent(seg)))
    .join('/');
}

// CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can start
// emphasis, links, code, raw HTML, entities or break a table cell.
const MD_SPECIAL = /[\\`*_{}[\]()<>#|!~&]/g;

/** Inline Markdown text (also safe inside a table cell: pipes escaped, newlines folded). */
export function escapeMarkdown(text: unknown): string {
  return String(text ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(MD_SPECIAL, (c) => `\\${c}`);
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Text fields that a spreadsheet would read as a formula (=, +, -, @, tab, CR first) get a leading
 * apostrophe (OWASP "CSV injection"); numbers are written as numbers and never touched.
 */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: unknown[]): string {
  return fields.map(csvField).join(',');
}

const LATEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '^': '\\textasciicircum{}',
  _: '\\_',
  '%': '\\%',
  '~': '\\textasciitilde{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  '"': "''",
};

// Characters our own captions use that pdfLaTeX's default set-up does not define.
const LATEX_UNICODE: Record<string, string> = {
  '±': '$\\pm$',
  '−': '$-$',
  'Δ': '$\\Delta$',
  'α': '$\\alpha$',
  '×': '$\\times$',
  '–': '--',
  '—': '---',
  '…': '\\ldots{}',
  '⚠': '(!)',
  '≠': '$\\neq$',
};

/** Text in LaTeX (text mode). */
export function escapeLatex(text: unknown): string {
  return String(text ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\{}$&#^_%~<>|"]/g, (c) => LATEX_SPECIAL[c])
    .replace(/[±−Δα×–—…⚠≠]/g, (c) => LATEX_UNICODE[c]);
}
