/// <reference lib="dom" />
// The callbacks given to page.evaluate run in the browser, hence the DOM types.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeRun } from './helpers.js';

/** Debian's Chromium; CI installs it (.ci/run), Playwright's own browser downloads are not used. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What the page did while it loaded and rendered. */
interface PageLog {
  errors: string[];
  requests: string[];
}

/** What the page shows of each chart: its id, size, and the items its data marks drew. */
interface ChartView {
  id: string;
  width: number;
  height: number;
  marks: number;
}

describe('report.html in headless Chromium', () => {
  let context: BrowserContext;
  let run: string;
  const log: PageLog = { errors: [], requests: [] };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}: install Debian's package with \`apt-get install -y --no-install-recommends chromium\` (CI's .ci/run does this)`,
      );
    }
    run = makeRun('browser', ['--seeds', '0,1']);
    context = await chromium.launchPersistentContext(tempDir('qunlearn-chromium-'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1360, height: 900 },
    });
    context.on('request', (request) => log.requests.push(request.url()));
    context.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        log.errors.push(`${message.type()}: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await context?.close();
  });

  it('renders every chart, logs no error and makes no request but the page itself', async () => {
    const url = pathToFileURL(join(run, 'report.html')).href;
    const page = await context.newPage();
    page.on('pageerror', (e) => log.errors.push(`page error: ${e.message}`));
    await page.goto(url, { waitUntil: 'load' });
    const charts = (await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => {
        const svg = figure.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const items =
          svg?.querySelectorAll(
            'g[class*="role-mark"] > path, g[class*="role-mark"] > line, g[class*="role-mark"] > text',
          ) ?? [];
        return { id: figure.id, width: box?.width ?? 0, height: box?.height ?? 0, marks: items.length };
      }),
    )) as ChartView[];
    expect(charts.map((c) => c.id)).toEqual([
      'training-curves',
      ...['subset', 'class-0'].flatMap((s) =>
        ['accuracy', 'tradeoff', 'quality', 'divergence', 'mia', 'curves'].map((c) => `scenario-${s}-${c}`),
      ),
    ]);
    for (const chart of charts) {
      expect(chart.marks, chart.id).toBeGreaterThan(0);
      expect(chart.width, chart.id).toBeGreaterThan(150);
      expect(chart.height, chart.id).toBeGreaterThan(100);
    }
    const fonts = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(fonts).toBe('system-ui, sans-serif');
    expect(log.errors).toEqual([]);
    expect(log.requests.filter((r) => r !== url && !r.startsWith('data:'))).toEqual([]);
    const screenshot = join(run, 'report-screenshot.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
    await page.close();
  });

  it('fits a phone-sized screen without a page-wide horizontal scroll (wide tables scroll in place)', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 400, height: 800 });
    await page.goto(pathToFileURL(join(run, 'report.html')).href, { waitUntil: 'load' });
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await page.close();
  });
});
