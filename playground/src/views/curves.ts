import type { EpochRecord } from '../../../src/browser.js';
import { linear, svgEl } from './svg.js';

const W = 300;
const H = 150;
const PAD = { left: 40, right: 10, top: 18, bottom: 24 };

/** One small line chart of a per-epoch value (the training loss, or the training accuracy). */
function chart(title: string, values: number[], maxEpochs: number, domain: [number, number] | null): SVGSVGElement {
  const svg = svgEl('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
  const lo = domain?.[0] ?? Math.min(...values);
  const hi = domain?.[1] ?? Math.max(...values);
  const sx = linear(1, Math.max(2, maxEpochs), PAD.left, W - PAD.right);
  const sy = linear(lo, hi, H - PAD.bottom, PAD.top);
  svg.append(svgEl('text', { x: PAD.left, y: 12, 'font-size': 11, fill: '#1d232b' }, title));
  svg.append(
    svgEl('line', { x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom, stroke: '#bbb' }),
  );
  svg.append(svgEl('line', { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom, stroke: '#bbb' }));
  for (const v of [lo, hi])
    svg.append(
      svgEl(
        'text',
        { x: PAD.left - 4, y: sy(v) + 3, 'font-size': 9, 'text-anchor': 'end', fill: '#5b6470' },
        v.toFixed(2),
      ),
    );
  svg.append(
    svgEl(
      'text',
      { x: W - PAD.right, y: H - 6, 'font-size': 9, 'text-anchor': 'end', fill: '#5b6470' },
      `epoch (of ${maxEpochs})`,
    ),
  );
  if (values.length > 0) {
    const d = values.map((v, i) => `${i === 0 ? 'M' : 'L'}${sx(i + 1).toFixed(1)},${sy(v).toFixed(1)}`).join('');
    svg.append(svgEl('path', { d, fill: 'none', stroke: '#0b5cab', 'stroke-width': 1.5 }));
  }
  return svg;
}

/** Draws the live training curves of one model: loss and training accuracy per epoch so far. */
export function drawCurves(container: HTMLElement, log: readonly EpochRecord[], maxEpochs: number): void {
  const loss = log.map((r) => r.loss);
  const accuracy = log.flatMap((r) => (r.trainAccuracy === undefined ? [] : [r.trainAccuracy]));
  container.replaceChildren(
    chart('training loss', loss, maxEpochs, null),
    chart('training accuracy', accuracy, maxEpochs, [0, 1]),
  );
}
