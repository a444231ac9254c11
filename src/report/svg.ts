import { parse, View, type LoggerInterface } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { QunlearnError } from '../core/errors.js';

/**
 * A Vega logger that collects warnings instead of printing them (the library never prints) and turns errors into a
 * QunlearnError. Vega calls these methods detached from the object, so they are closures rather than class methods.
 */
function warningLog(messages: string[]): LoggerInterface {
  let level = 2;
  const log: LoggerInterface = {
    level: (value?: number) => {
      if (value === undefined) return level;
      level = value;
      return log;
    },
    warn: (...args: unknown[]) => {
      messages.push(args.map(String).join(' '));
      return log;
    },
    info: () => log,
    debug: () => log,
    error: (...args: unknown[]) => {
      throw new QunlearnError('report', `chart rendering failed: ${args.map(String).join(' ')}`);
    },
  };
  return log;
}

/** An SVG rendering of a chart and the warnings its compilation raised. */
export interface RenderedSvg {
  svg: string;
  warnings: string[];
}

/**
 * Renders a Vega-Lite specification to an SVG string in Node: compiled with vega-lite and drawn by a headless Vega
 * View (no browser and no canvas: text widths are estimated). `idPrefix` makes the SVG's element ids (clip paths,
 * gradients) unique, so that several SVGs can be inlined into one HTML page without their references colliding.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<RenderedSvg> {
  const warnings: string[] = [];
  const log = warningLog(warnings);
  const vega = compile(spec, { logger: log }).spec;
  const view = new View(parse(vega), { renderer: 'none', logger: log, logLevel: 2 });
  try {
    const svg = await view.toSVG();
    return { svg: namespaceIds(svg, idPrefix), warnings };
  } finally {
    view.finalize();
  }
}

/** Prefixes every `id="…"` of an SVG and every reference to it (`url(#…)`, `href="#…"`). */
export function namespaceIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}
