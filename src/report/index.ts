// Public entry of the report stage.
export type * from './model.ts';
export { DEFAULT_CONFIGURATION_LABELS, configurationLabel } from './model.ts';
export { renderReport, type RenderedReport } from './render.ts';
export { buildCharts, renderSvg, type ChartFigure, type VegaLiteSpec } from './charts.ts';
export { DEGENERATE_MARK, formatTable, pendingText, rowHeaders, summarize, type FormattedTable, type Summary } from './format.ts';
export { escapeHtml, escapeMarkdown, escapeLatex, csvField } from './escape.ts';
export {
  PAPER_TABLE_IDS,
  loadPaper,
  loadPaperResults,
  parsePaperReference,
  paperSchema,
  type PaperResults,
  type PaperTableId,
  type PaperReference,
} from './paper.ts';
export { attachPaperTable, paperPlmRows, paperSizePoints, paperPlmName } from './paper-values.ts';
