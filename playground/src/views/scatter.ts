import type { DatasetView } from '../protocol.js';
import { CLASS_COLOURS, linear, svgEl } from './svg.js';

const W = 460;
const H = 340;
const PAD = 16;

/** True when (x, y) lies inside the polygon (ray casting). */
function inside(x: number, y: number, polygon: readonly [number, number][]): boolean {
  let result = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

/**
 * The training set on its first two principal components, coloured by class. Clicking a point toggles it; dragging
 * draws a lasso whose points are added. Picked rows are ringed; `onChange` gets the new selection.
 */
export function drawScatter(
  container: HTMLElement,
  view: DatasetView,
  picked: ReadonlySet<number>,
  onChange: (picked: Set<number>) => void,
): void {
  const xs = view.train.map((r) => view.x[r]);
  const ys = view.train.map((r) => view.y[r]);
  const sx = linear(Math.min(...xs), Math.max(...xs), PAD, W - PAD);
  const sy = linear(Math.min(...ys), Math.max(...ys), H - PAD, PAD);
  const svg = svgEl('svg', {
    width: W,
    height: H,
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': 'training rows on two principal components; click or lasso to pick',
  });
  svg.append(svgEl('rect', { x: 0, y: 0, width: W, height: H, fill: '#fbfbfc', stroke: '#dde1e6' }));
  const points = view.train.map((row) => ({ row, px: sx(view.x[row]), py: sy(view.y[row]) }));
  for (const { row, px, py } of points) {
    const on = picked.has(row);
    const dot = svgEl('circle', {
      cx: px.toFixed(1),
      cy: py.toFixed(1),
      r: on ? 5 : 3.5,
      fill: CLASS_COLOURS[view.labels[row] % CLASS_COLOURS.length],
      stroke: on ? '#000' : 'none',
      'stroke-width': 2,
      'data-row': row,
      class: 'point',
    });
    dot.append(svgEl('title', {}, `row ${row}: ${view.classNames[view.labels[row]]}`));
    svg.append(dot);
  }
  const lasso = svgEl('polygon', {
    points: '',
    fill: 'rgba(11,92,171,0.12)',
    stroke: '#0b5cab',
    'stroke-dasharray': '4 3',
  });
  svg.append(lasso);
  let path: [number, number][] | null = null;
  const local = (e: PointerEvent): [number, number] => {
    const box = svg.getBoundingClientRect();
    return [((e.clientX - box.left) / box.width) * W, ((e.clientY - box.top) / box.height) * H];
  };
  svg.addEventListener('pointerdown', (e) => {
    path = [local(e)];
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener('pointermove', (e) => {
    if (path === null) return;
    path.push(local(e));
    lasso.setAttribute('points', path.map((p) => p.join(',')).join(' '));
  });
  svg.addEventListener('pointerup', (e) => {
    if (path === null) return;
    const drawn = path;
    path = null;
    lasso.setAttribute('points', '');
    const next = new Set(picked);
    const travelled = Math.hypot(drawn[drawn.length - 1][0] - drawn[0][0], drawn[drawn.length - 1][1] - drawn[0][1]);
    if (drawn.length < 4 && travelled < 4) {
      const row = (e.target as Element).getAttribute?.('data-row');
      if (row === null || row === undefined) return;
      if (next.has(Number(row))) next.delete(Number(row));
      else next.add(Number(row));
    } else {
      for (const p of points) if (inside(p.px, p.py, drawn)) next.add(p.row);
    }
    onChange(next);
  });
  container.replaceChildren(svg);
}

/** The training rows as a table with a tick box each (row id, class, the two coordinates). */
export function drawRowTable(
  container: HTMLElement,
  view: DatasetView,
  picked: ReadonlySet<number>,
  onChange: (picked: Set<number>) => void,
): void {
  const table = document.createElement('table');
  table.innerHTML = '<thead><tr><th>forget</th><th>row</th><th>class</th><th>PC1</th><th>PC2</th></tr></thead>';
  const body = document.createElement('tbody');
  for (const row of view.train) {
    const tr = document.createElement('tr');
    tr.innerHTML = `<td><input type="checkbox" data-row="${row}" aria-label="forget row ${row}"${picked.has(row) ? ' checked' : ''}></td><td>${row}</td><td>${view.classNames[view.labels[row]]}</td><td>${view.x[row].toFixed(2)}</td><td>${view.y[row].toFixed(2)}</td>`;
    body.append(tr);
  }
  table.append(body);
  table.addEventListener('change', (e) => {
    const box = e.target as HTMLInputElement;
    const next = new Set(picked);
    if (box.checked) next.add(Number(box.dataset.row));
    else next.delete(Number(box.dataset.row));
    onChange(next);
  });
  container.replaceChildren(table);
}
