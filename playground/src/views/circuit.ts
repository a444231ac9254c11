import type { CircuitView } from '../protocol.js';
import { svgEl } from './svg.js';

const COL = 44;
const ROW = 34;
const LEFT = 36;

/** Short labels of the gates (a depolarizing channel is drawn as D). */
function label(name: string): string {
  if (name === 'DepolarizingChannel') return 'D';
  return name === 'PhaseShift' ? 'P' : name;
}

/**
 * Draws the circuit as SVG, one wire per qubit: each operation goes in the first column free on all of its wires,
 * single-qubit gates as boxes, two-qubit gates as a control dot joined to the target (CZ: two dots).
 */
export function drawCircuit(container: HTMLElement, view: CircuitView): void {
  container.replaceChildren();
  if (view.qubits === 0) {
    container.textContent = 'A classical twin has no quantum circuit.';
    return;
  }
  const free = new Array<number>(view.qubits).fill(0);
  const placed = view.ops.map((op) => {
    const lo = Math.min(...op.wires);
    const hi = Math.max(...op.wires);
    let col = 0;
    for (let q = lo; q <= hi; q++) col = Math.max(col, free[q]);
    for (let q = lo; q <= hi; q++) free[q] = col + 1;
    return { op, col };
  });
  const cols = Math.max(1, ...free);
  const width = LEFT + cols * COL + 20;
  const height = view.qubits * ROW + 10;
  const svg = svgEl('svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `${view.model}: ${view.ops.length} operations on ${view.qubits} qubits`,
  });
  const y = (q: number): number => 20 + q * ROW;
  const x = (c: number): number => LEFT + c * COL + COL / 2;
  for (let q = 0; q < view.qubits; q++) {
    svg.append(svgEl('text', { x: 4, y: y(q) + 4, 'font-size': 11, fill: '#444' }, `q${q}`));
    svg.append(svgEl('line', { x1: LEFT, x2: width - 10, y1: y(q), y2: y(q), stroke: '#888' }));
  }
  for (const { op, col } of placed) {
    const cx = x(col);
    if (op.wires.length === 2) {
      const [a, b] = op.wires;
      svg.append(svgEl('line', { x1: cx, x2: cx, y1: y(a), y2: y(b), stroke: '#1d232b' }));
      svg.append(svgEl('circle', { cx, cy: y(a), r: 4, fill: '#1d232b' }));
      if (op.name === 'CNOT') {
        svg.append(svgEl('circle', { cx, cy: y(b), r: 8, fill: '#fff', stroke: '#1d232b' }));
        svg.append(svgEl('line', { x1: cx - 8, x2: cx + 8, y1: y(b), y2: y(b), stroke: '#1d232b' }));
        svg.append(svgEl('line', { x1: cx, x2: cx, y1: y(b) - 8, y2: y(b) + 8, stroke: '#1d232b' }));
      } else {
        svg.append(svgEl('circle', { cx, cy: y(b), r: 4, fill: '#1d232b' }));
      }
      continue;
    }
    const q = op.wires[0];
    const noise = op.name === 'DepolarizingChannel';
    svg.append(
      svgEl('rect', {
        x: cx - 17,
        y: y(q) - 11,
        width: 34,
        height: 22,
        rx: 3,
        fill: noise ? '#fde0dd' : '#e8f1fb',
        stroke: noise ? '#c51b8a' : '#0b5cab',
      }),
    );
    svg.append(
      svgEl('text', { x: cx, y: y(q) + 4, 'font-size': 10, 'text-anchor': 'middle', fill: '#1d232b' }, label(op.name)),
    );
  }
  container.append(svg);
}
