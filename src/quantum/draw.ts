import type { Circuit, Operation } from './circuit.js';
import { GATES, type GateName } from './gates.js';
import { boundValue, weightIndex, type BoundValues } from './params.js';

/** How {@link drawCircuit} shows parameters. */
export interface DrawOptions extends BoundValues {
  /** Decimals of bound or constant values. */
  decimals?: number;
}

/**
 * Draws a circuit as text, one line per wire and one column per operation in order, PennyLane style:
 * `0: ──RX(x0)──╭●──┤ ⟨Z⟩`. Parameters show as x_i (input feature), w[l,a,q] (weight) or numbers (constants, and
 * inputs or weights whose values are given).
 */
export function drawCircuit(circuit: Circuit, options: DrawOptions = {}): string {
  const decimals = options.decimals ?? 2;
  const n = circuit.qubits;
  const arg = (op: Operation): string[] =>
    op.params.map((p) => {
      if (p.kind !== 'const' && boundValue(p, options) === null) {
        return p.kind === 'input' ? `x${p.index}` : `w[${weightIndex(circuit, p.index).join(',')}]`;
      }
      return boundValue(p, options)!.toFixed(decimals);
    });
  const label = (name: string, args: string[]): string => (args.length > 0 ? `${name}(${args.join(',')})` : name);
  const columns: Array<Map<number, string>> = [];
  const next = new Array<number>(n).fill(0);
  for (const op of circuit.ops) {
    const lo = Math.min(...op.wires);
    const hi = Math.max(...op.wires);
    let col = 0;
    for (let w = lo; w <= hi; w++) col = Math.max(col, next[w]);
    for (let w = lo; w <= hi; w++) next[w] = col + 1;
    const cells = (columns[col] ??= new Map());
    if (op.name === 'DepolarizingChannel') {
      cells.set(op.wires[0], label('Depol', arg(op)));
      continue;
    }
    const gate = GATES[op.name as GateName];
    if (gate.numWires === 1) {
      cells.set(op.wires[0], label(gate.name, arg(op)));
      continue;
    }
    const [a, b] = op.wires;
    const texts = gate.kind === 'swap' ? ['×', '×'] : ['●', label(GATES[gate.target!].name, arg(op))];
    cells.set(a, (a === lo ? '╭' : '╰') + texts[0]);
    cells.set(b, (b === lo ? '╭' : '╰') + texts[1]);
    for (let w = lo + 1; w < hi; w++) cells.set(w, '│');
  }
  const widths = columns.map((cells) => Math.max(...[...cells.values()].map((t) => t.length)));
  const prefix = String(n - 1).length;
  const lines: string[] = [];
  for (let w = 0; w < n; w++) {
    let line = `${String(w).padStart(prefix)}: ─`;
    columns.forEach((cells, c) => {
      line += `─${(cells.get(w) ?? '').padEnd(widths[c], '─')}─`;
    });
    lines.push(`${line}─┤ ⟨Z⟩`);
  }
  return lines.join('\n');
}
