/** The playground's own layout, on top of the report's stylesheet (whose table colours it shares). */
export const PAGE_CSS = `
body { max-width: 1180px; margin: 0 auto; padding: 0 1rem 4rem; }
header.top p { color: var(--muted); max-width: 70rem; }
section { border-top: 1px solid var(--rule); padding: 0.6rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 0.6rem 0; }
.row { display: flex; flex-wrap: wrap; gap: 0.6rem 1.2rem; align-items: center; margin: 0.4rem 0; }
label { white-space: nowrap; }
input[type=number] { width: 5.5em; }
.drop { border: 2px dashed var(--rule); border-radius: 6px; padding: 0.8rem; margin: 0.5rem 0; color: var(--muted); cursor: pointer; }
.drop.over { border-color: var(--accent); background: #eef5fc; }
.status { color: var(--muted); min-height: 1.2em; }
.error { color: #a40e26; background: #fdecee; border-left: 4px solid #a40e26; padding: 0.5rem 0.7rem; white-space: pre-wrap; }
.circuit { overflow-x: auto; margin: 0.5rem 0; }
.curves { display: flex; gap: 1rem; flex-wrap: wrap; }
.pick { display: flex; gap: 1rem; flex-wrap: wrap; align-items: flex-start; }
.scatter svg { touch-action: none; cursor: crosshair; }
.row-table { max-height: 340px; overflow-y: auto; border: 1px solid var(--rule); }
.row-table table { font-size: 0.8rem; border-collapse: collapse; }
.row-table td, .row-table th { padding: 0.1rem 0.5rem; text-align: right; }
.methods { columns: 3 16rem; margin: 0.4rem 0; }
.methods label { display: block; white-space: normal; }
.run-bar { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; margin-top: 0.6rem; }
.run-bar progress { width: 14rem; }
button.primary { font-weight: 600; }
pre.references { background: var(--panel); padding: 0.5rem; font-size: 0.8rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
figure.chart { margin: 0.5rem 0; }
figure.chart h4 { margin: 0.2rem 0; }
figure.chart p { color: var(--muted); font-size: 0.8rem; max-width: 48rem; }
.exports { display: flex; gap: 0.6rem; flex-wrap: wrap; margin-top: 0.8rem; }
body.busy #run-status { color: var(--accent); }
`;
