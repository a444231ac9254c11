import { BAND_COLOURS } from './oracle-distance.js';

/**
 * The report page's stylesheet, inlined into the page so that it works offline. Generic font families only: a
 * named web font would be fetched, and the page must never touch the network.
 */
export const REPORT_CSS = `
:root {
  --ink: #1d232b; --muted: #5b6470; --rule: #dde1e6; --panel: #f6f7f9; --accent: #0b5cab; --reference: #eef1f5;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { font-size: 16px; -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font-family: system-ui, sans-serif; line-height: 1.5; }
a { color: var(--accent); text-decoration: none; }
a:hover, a:focus-visible { text-decoration: underline; }
code { font-family: ui-monospace, monospace; font-size: 0.9em; background: var(--panel); padding: 0.05em 0.3em; border-radius: 3px; }
.wrap { max-width: 1440px; margin: 0 auto; padding: 0 1.5rem; }
.masthead { border-bottom: 1px solid var(--rule); background: linear-gradient(180deg, #f3f6fa, #fff); padding: 1.6rem 0 1.2rem; }
.eyebrow { margin: 0; font-size: 0.78rem; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); }
h1 { margin: 0.2rem 0 0.4rem; font-size: 1.7rem; line-height: 1.25; font-weight: 650; }
.subtitle { margin: 0; color: var(--muted); max-width: 70rem; }
.layout { display: grid; grid-template-columns: 13rem minmax(0, 1fr); gap: 2rem; padding-top: 1.5rem; }
.toc { position: sticky; top: 1rem; align-self: start; max-height: calc(100vh - 2rem); overflow-y: auto; font-size: 0.9rem; }
.toc h2 { font-size: 0.78rem; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); margin: 0 0 0.5rem; border: 0; padding: 0; }
.toc ol { list-style: none; margin: 0; padding: 0; }
.toc li { margin: 0.15rem 0; }
.toc ol ol { padding-left: 0.9rem; margin: 0.15rem 0 0.5rem; border-left: 2px solid var(--rule); font-size: 0.85rem; }
.toc ol ol a { color: var(--muted); }
main { min-width: 0; padding-bottom: 3rem; }
section { margin-bottom: 2.8rem; }
h2 { font-size: 1.35rem; font-weight: 650; margin: 0 0 0.9rem; padding-bottom: 0.35rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; font-weight: 620; margin: 0 0 0.2rem; }
p { margin: 0.5rem 0 0.8rem; max-width: 75ch; }
ul { margin: 0.4rem 0 1rem; padding-left: 1.3rem; max-width: 90ch; }
li { margin: 0.2rem 0; }
.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem 1.2rem; margin: 0 0 1.2rem; padding: 0.9rem 1.1rem; background: var(--panel); border-radius: 6px; }
.facts dt { color: var(--muted); font-weight: 500; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; margin: 0.6rem 0 1.6rem; border: 1px solid var(--rule); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; text-align: left; padding: 0.45rem 0.7rem; color: var(--muted); font-size: 0.82rem; }
th, td { padding: 0.35rem 0.55rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { background: var(--panel); font-weight: 600; white-space: nowrap; text-align: left; }
thead th.num { text-align: right; }
th[scope=row] { text-align: left; font-weight: 500; white-space: nowrap; }
.num { text-align: right; white-space: nowrap; color: #111; }
/* Spread and distance (.sub) stay near-black: lighter greys fall below 4.5:1 contrast on the darkest band. */
td .sub { display: block; font-size: 0.74em; }
tr.reference th, tr.reference td { background: var(--reference); font-style: italic; }
tr.reference + tr.method th, tr.reference + tr.method td { border-top: 2px solid #c5cbd3; }
tbody tr.method:hover th { color: var(--accent); }
${BAND_COLOURS.map((c, i) => `.band-${i} { background: ${c}; }`).join('\n')}
.legend { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1rem; margin: 0.3rem 0 0.6rem; font-size: 0.88rem; }
.legend-title { font-weight: 600; }
.legend ul { display: contents; list-style: none; }
.legend li { display: inline-flex; align-items: center; gap: 0.4rem; margin: 0; }
.swatch { display: inline-block; width: 1.6rem; height: 1rem; border: 1px solid #9aa3ad; border-radius: 2px; }
figure.chart { margin: 1.6rem 0 0.4rem; }
figure.chart figcaption p { color: var(--muted); font-size: 0.9rem; margin: 0.1rem 0 0.6rem; }
.plot { overflow-x: auto; }
.plot svg { max-width: 100%; height: auto; display: block; }
details.spec { margin: 0 0 1.4rem; font-size: 0.85rem; }
details.spec summary { cursor: pointer; color: var(--accent); }
details.spec pre { max-height: 24rem; overflow: auto; background: var(--panel); padding: 0.8rem; border-radius: 6px; font-size: 0.78rem; }
footer { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.85rem; padding: 1rem 0 2rem; }
@media (max-width: 960px) {
  .layout { grid-template-columns: 1fr; gap: 0.5rem; }
  .toc { position: static; max-height: none; border-bottom: 1px solid var(--rule); padding-bottom: 1rem; }
}
@media print {
  .toc, details.spec { display: none; }
  .layout { display: block; }
  section { break-inside: avoid-page; }
}
`;
