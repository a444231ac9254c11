/** A tiny helper to build SVG elements: the page draws its small figures (circuit, scatter, curves) by hand. */
export const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and optional text. */
export function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Colour-blind-safe class colours (Okabe-Ito), repeated past eight classes. */
export const CLASS_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** A linear map from [d0, d1] to [r0, r1] (a degenerate domain maps to the middle of the range). */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  return d1 === d0 ? () => (r0 + r1) / 2 : (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}
