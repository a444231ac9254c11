import type { Chart } from '../document.js';
import { estimate, hasSpread, kindIs, REFERENCE_COLOURS, runColour, topLevel, type Series } from './common.js';

/** A labelled point of the chart. */
interface Point {
  x: number;
  y: number;
  label: string;
}

/** Plot size in pixels: labels are spaced and clustered in pixels, converted to data units per axis. */
const WIDTH = 440;
const HEIGHT = 330;
/** Points closer than this many pixels (on both axes) share one label. */
const LABEL_RADIUS_PX = 7;
/** Height of one label line in pixels. */
const LINE_PX = 12.5;

/** An axis range around the values, padded and rounded out to 0.05, at least 0.2 wide, within [0, 1]. */
export function axisDomain(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  let lo = Math.max(0, Math.floor((Math.min(...finite, 1) - 0.03) / 0.05) * 0.05);
  let hi = Math.min(1, Math.ceil((Math.max(...finite, 0) + 0.03) / 0.05) * 0.05);
  if (hi - lo < 0.2) {
    const mid = (hi + lo) / 2;
    [lo, hi] = [Math.max(0, Math.min(mid - 0.1, 0.8)), Math.min(1, Math.max(mid + 0.1, 0.2))];
  }
  return [Number(lo.toFixed(2)), Number(hi.toFixed(2))];
}

/**
 * The names of the points, in a column right of the plot joined to their points by leader lines: names of
 * coinciding points are stacked in one label, and labels are pushed apart vertically so that none overlaps another
 * (names printed next to their points collide whenever methods score alike, which is the common case).
 */
export function labelColumn(points: readonly Point[], x: [number, number], y: [number, number]): object[] {
  const [rx, ry] = [(LABEL_RADIUS_PX / WIDTH) * (x[1] - x[0]), (LABEL_RADIUS_PX / HEIGHT) * (y[1] - y[0])];
  const line = (LINE_PX / HEIGHT) * (y[1] - y[0]);
  const clusters: { x: number; y: number; names: string[] }[] = [];
  for (const p of points) {
    const near = clusters.find((c) => Math.abs(c.x - p.x) <= rx && Math.abs(c.y - p.y) <= ry);
    if (near === undefined) clusters.push({ x: p.x, y: p.y, names: [p.label] });
    else if (!near.names.includes(p.label)) near.names.push(p.label);
  }
  clusters.sort((a, b) => b.y - a.y);
  const tops = dodge(
    clusters.map((c) => ({ centre: c.y, height: c.names.length * line })),
    y,
  );
  const column = x[1] + 0.06 * (x[1] - x[0]);
  return clusters.map((c, i) => ({
    kind: 'label',
    x: c.x,
    y: c.y,
    lx: column - 0.015 * (x[1] - x[0]),
    ly: tops[i] - line / 2,
    tx: column,
    ty: tops[i],
    text: c.names.join('\n'),
  }));
}

/**
 * Vertical positions (tops) for labels sorted from top to bottom, each wanting to be centred on its point: labels
 * that would overlap are merged into a block centred on the mean of their points, until no two blocks overlap, and
 * the stack is then kept within the plot's height where it fits.
 */
export function dodge(labels: readonly { centre: number; height: number }[], range: [number, number]): number[] {
  const blocks: { first: number; count: number; height: number; centreSum: number; top: number }[] = [];
  labels.forEach((label, i) => {
    blocks.push({
      first: i,
      count: 1,
      height: label.height,
      centreSum: label.centre,
      top: label.centre + label.height / 2,
    });
    for (let b = blocks.length - 1; b > 0 && blocks[b - 1].top - blocks[b - 1].height < blocks[b].top; b--) {
      const [upper, lower] = [blocks[b - 1], blocks[b]];
      const merged = {
        first: upper.first,
        count: upper.count + lower.count,
        height: upper.height + lower.height,
        centreSum: upper.centreSum + lower.centreSum,
        top: 0,
      };
      merged.top = merged.centreSum / merged.count + merged.height / 2;
      blocks.splice(b - 1, 2, merged);
    }
  });
  // Top-down, no block above the plot (or above the stack's height when it is taller than the plot) ...
  let ceiling = Math.max(range[1], range[0] + blocks.reduce((sum, b) => sum + b.height, 0));
  for (const block of blocks) {
    block.top = Math.min(block.top, ceiling);
    ceiling = block.top - block.height;
  }
  // ... then bottom-up, no block below the axis.
  let floor = range[0];
  for (let b = blocks.length - 1; b >= 0; b--) {
    blocks[b].top = Math.max(blocks[b].top, floor + blocks[b].height);
    floor = blocks[b].top;
  }
  const tops: number[] = [];
  for (const block of blocks) {
    let top = block.top;
    for (let i = 0; i < block.count; i++) {
      tops.push(top);
      top -= labels[block.first + i].height;
    }
  }
  return tops;
}

/** The data of the trade-off chart (each method's forget and test accuracy per run, the teacher's and oracle's points, the labels) and its axis ranges. */
export function tradeoffData(series: readonly Series[]): {
  values: object[];
  x: [number, number];
  y: [number, number];
} {
  const values: object[] = [];
  const labelled: Point[] = [];
  series.forEach((s, runIndex) => {
    for (const row of s.rows) {
      const f = estimate(row, 'forget_acc');
      const t = estimate(row, 'test_acc');
      if (f === undefined || t === undefined) continue;
      values.push({
        kind: 'method',
        who: 'method',
        run: s.run,
        runIndex,
        method: row.method,
        label: row.method_label,
        x: f.value,
        xlo: f.lo,
        xhi: f.hi,
        y: t.value,
        ylo: t.lo,
        yhi: t.hi,
      });
      // A comparison names each method once, at its first run's point; the grey line leads to the other.
      if (runIndex === 0) labelled.push({ x: f.value, y: t.value, label: row.method_label });
    }
    // The references come last so that they are drawn over the methods, the oracle (the target) on top.
    const first = s.rows[0];
    for (const who of ['teacher', 'oracle'] as const) {
      const x = first?.mean[`${who}_forget_acc`];
      const y = first?.mean[`${who}_test_acc`];
      if (x === undefined || y === undefined) continue;
      const label = series.length > 1 ? `${who} (${s.run})` : who;
      values.push({ kind: 'reference', who, run: s.run, runIndex, label, x, y });
      labelled.push({ x, y, label });
    }
  });
  const spread = hasSpread(series);
  const extent = (key: 'x' | 'y'): [number, number] =>
    axisDomain(
      values.flatMap((v) => {
        const r = v as Record<string, number>;
        return spread && r[`${key}lo`] !== undefined ? [r[key], r[`${key}lo`], r[`${key}hi`]] : [r[key]];
      }),
    );
  const x = extent('x');
  const y = extent('y');
  return { values: [...values, ...labelColumn(labelled, x, y)], x, y };
}

/**
 * The trade-off every unlearning method makes: test accuracy (utility) against forget accuracy (what is left of the
 * forgotten data), one point per method, with the teacher (square) and the oracle (diamond) marked. A comparison
 * joins each method's two points with a grey line.
 */
export function tradeoffChart(id: string, series: readonly Series[]): Chart {
  const compare = series.length > 1;
  const data = tradeoffData(series);
  const x = { field: 'x', type: 'quantitative', scale: { domain: data.x, nice: false }, title: 'forget accuracy' };
  const y = { field: 'y', type: 'quantitative', scale: { domain: data.y, nice: false }, title: 'test accuracy' };
  const who = { domain: ['method', 'teacher', 'oracle'] };
  const shape = {
    field: 'who',
    type: 'nominal',
    scale: { ...who, range: ['circle', 'square', 'diamond'] },
    legend: { title: 'model' },
  };
  const colour = compare
    ? runColour(series)
    : {
        field: 'who',
        type: 'nominal',
        scale: { ...who, range: ['#0072B2', REFERENCE_COLOURS.teacher, REFERENCE_COLOURS.oracle] },
        legend: { title: 'model' },
      };
  const points = { filter: "datum.kind !== 'label'" };
  const layer: object[] = [];
  if (compare) {
    layer.push({
      transform: [kindIs('method')],
      mark: { type: 'line', color: '#b5b5b5', strokeWidth: 1 },
      encoding: { x, y, detail: { field: 'method' }, order: { field: 'runIndex' } },
    });
  }
  if (hasSpread(series)) {
    const bar = { type: 'rule', color: '#666', opacity: 0.7, clip: true };
    layer.push({
      transform: [kindIs('method')],
      mark: bar,
      encoding: { x: { ...x, field: 'xlo' }, x2: { field: 'xhi' }, y },
    });
    layer.push({
      transform: [kindIs('method')],
      mark: bar,
      encoding: { x, y: { ...y, field: 'ylo' }, y2: { field: 'yhi' } },
    });
  }
  layer.push({
    transform: [points],
    mark: { type: 'point', filled: true, opacity: 0.9 },
    encoding: {
      x,
      y,
      color: colour,
      shape,
      size: { condition: { test: "datum.kind === 'reference'", value: 150 }, value: 60 },
    },
  });
  layer.push({
    transform: [kindIs('label')],
    mark: { type: 'rule', color: '#c4c4c4', strokeWidth: 0.8 },
    encoding: { x, y, x2: { field: 'lx' }, y2: { field: 'ly' } },
  });
  layer.push({
    transform: [kindIs('label')],
    mark: {
      type: 'text',
      align: 'left',
      baseline: 'top',
      fontSize: 10,
      lineHeight: 12.5,
      color: '#333',
      lineBreak: '\n',
    },
    encoding: { x: { ...x, field: 'tx' }, y: { ...y, field: 'ty' }, text: { field: 'text' } },
  });
  const description =
    'Test accuracy against forget accuracy per method; the teacher is a square, the oracle a diamond.';
  return {
    id,
    title: 'Trade-off: utility against forgetting',
    caption: `${description} The closer a method lands to the oracle's diamond, the better it unlearned; left of the oracle is over-forgetting, below it lost utility. Names sit in a column on the right, joined to their points; names of coinciding points share a label${hasSpread(series) ? '. Error bars: 95 % t-intervals of the mean over seeds in both directions' : ''}${compare ? ". Grey lines join the two runs' points of the same method (names mark the first run)" : ''}.`,
    spec: topLevel(description, data.values, { width: WIDTH, height: HEIGHT, layer }),
  };
}
