// The report's stylesheet, inlined into index.html (no external files, no web fonts).
export const REPORT_CSS = `
:root {
  --ink: #1d2330; --muted: #5d6675; --faint: #8a93a2; --rule: #d9dee5; --rule-strong: #2b3240;
  --accent: #2f5d9b; --bg: #ffffff; --panel: #f6f8fa; --good: #2e7d32; --bad: #b3261e;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, Charter, Georgia, "DejaVu Serif", serif;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 16px/1.55 var(--serif); }
.page { max-width: 1080px; margin: 0 auto; padding: 40px 32px 64px; }
header.masthead { border-bottom: 1px solid var(--rule); padding-bottom: 20px; margin-bottom: 8px; }
.kicker { font: 600 12px/1.4 var(--sans); letter-spacing: .08em; text-transform: uppercase; color: var(--accent); margin: 0 0 6px; }
.kicker code { text-transform: none; letter-spacing: 0; font-weight: 500; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 10px; font-weight: 600; letter-spacing: -.01em; }
h2 { font-size: 22px; margin: 44px 0 14px; padding-bottom: 6px; border-bottom: 1px solid var(--rule); font-weight: 600; }
h3 { font: 600 15px/1.4 var(--sans); margin: 26px 0 8px; color: var(--ink); }
p { margin: 0 0 12px; }
.lede { color: var(--muted); font-size: 17px; max-width: 760px; }
code, pre, .mono { font-family: var(--mono); font-size: .86em; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 16px 0 0; font: 14px/1.5 var(--sans); }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
nav.toc { font: 14px/1.5 var(--sans); margin: 14px 0 0; color: var(--muted); }
nav.toc a { margin-right: 16px; }
.notes { font: 14px/1.5 var(--sans); background: #fff8e6; border: 1px solid #f1dfae; border-radius: 6px; padding: 10px 14px; margin: 18px 0 0; }
.notes ul { margin: 0; padding-left: 18px; }
figure { margin: 26px 0 34px; }
figcaption { font: 14px/1.5 var(--sans); color: var(--muted); max-width: 900px; }
figcaption .label { font-weight: 700; color: var(--ink); }
figcaption .title { color: var(--ink); font-weight: 600; }
figure.table-figure > figcaption { margin-bottom: 10px; }
figure.chart > figcaption { margin-top: 8px; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; font: 14px/1.35 var(--sans); font-variant-numeric: tabular-nums; }
table.results { border-top: 2px solid var(--rule-strong); border-bottom: 2px solid var(--rule-strong); min-width: 60%; }
table.results thead th { border-bottom: 1px solid var(--rule-strong); font-weight: 600; padding: 8px 14px; text-align: right; vertical-align: bottom; white-space: nowrap; }
table.results thead th.text { text-align: left; }
table.results thead .base { display: block; font-weight: 400; font-size: 11px; color: var(--faint); }
table.results td, table.results th[scope=row] { padding: 7px 14px; text-align: right; vertical-align: top; border-bottom: 1px solid #eef0f3; }
table.results th[scope=row], table.results td.text { text-align: left; font-weight: 400; white-space: nowrap; }
table.results td.pair { color: var(--muted); font-family: var(--mono); font-size: 13px; }
table.results tr.summary th, table.results tr.summary td { border-top: 1px solid var(--rule-strong); background: var(--panel); }
table.results tr.summary th { font-weight: 600; }
td.num .v { font-size: 15px; }
td.num.best .v { font-weight: 700; }
td.num .sd { color: var(--muted); font-size: 12px; margin-left: 2px; }
td.num .star { color: var(--accent); font-weight: 700; margin-left: 1px; line-height: 0; vertical-align: baseline; position: relative; top: -0.45em; }
td.num .ref { display: block; color: var(--faint); font-size: 11.5px; margin-top: 2px; white-space: nowrap; }
td.num .diff { color: var(--muted); }
td.num .pending { color: var(--faint); font-style: italic; font-size: 12px; }
td.na { color: var(--faint); }
td.refonly .v { color: var(--muted); }
.table-notes { font: 13px/1.5 var(--sans); color: var(--muted); margin: 8px 0 0; max-width: 900px; }
details { font: 13.5px/1.5 var(--sans); margin: 10px 0 0; }
details > summary { cursor: pointer; color: var(--accent); }
table.plain { margin: 8px 0; }
table.plain th, table.plain td { padding: 4px 12px; border-bottom: 1px solid #eef0f3; text-align: left; vertical-align: top; }
table.plain thead th { border-bottom: 1px solid var(--rule-strong); font-weight: 600; white-space: nowrap; }
table.plain td.num, table.plain th.num { text-align: right; }
.chart-svg { overflow-x: auto; }
.chart-svg svg { max-width: 100%; height: auto; display: block; }
table.runs { font-size: 12.5px; width: 100%; }
table.runs td { white-space: nowrap; }
table.runs td.wrap { white-space: normal; min-width: 160px; }
details.runs > summary h3 { display: inline; }
table.runs td.status-done, table.runs td.status-finished { color: var(--good); }
table.runs td.status-failed, table.runs td.status-error { color: var(--bad); font-weight: 600; }
table.runs details { margin: 0; }
table.runs pre { margin: 6px 0; max-width: 520px; white-space: pre-wrap; word-break: break-word; background: var(--panel); padding: 8px; border-radius: 4px; }
pre.error { background: #fdecea; color: #6b1d17; }
table.setup { min-width: 60%; font-size: 13.5px; }
table.setup tr.group th { font-weight: 700; padding-top: 12px; border-bottom: 1px solid var(--rule-strong); color: var(--ink); }
table.setup th[scope=row] { font-weight: 400; color: var(--muted); white-space: nowrap; }
table.setup td.paper { color: var(--muted); }
table.setup tr.differs td { background: #fff8e6; }
.badge { display: inline-block; font: 600 10.5px/1.4 var(--sans); color: #7a4b00; background: #fbe3b0; border-radius: 3px; padding: 0 5px; margin-left: 6px; white-space: nowrap; }
.differ { font: 14px/1.5 var(--sans); background: #fff3d6; border: 1px solid #e9c46a; border-left: 4px solid #d49a00; border-radius: 6px; padding: 10px 14px; margin: 0 0 14px; }
ul.skipped { font: 13.5px/1.5 var(--sans); }
td.num .degen, td .degen { color: #b3261e; font-size: 12px; margin-left: 3px; cursor: help; }
td.nt { color: var(--faint); font-style: italic; }
footer { margin-top: 56px; padding-top: 14px; border-top: 1px solid var(--rule); font: 12.5px/1.5 var(--sans); color: var(--faint); }
@media print { .page { padding: 0; } details { display: none; } a { color: inherit; } }
`;
