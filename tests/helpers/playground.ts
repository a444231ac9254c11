/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { serveFolder } from './static-server.js';

/** Debian's Chromium; CI installs it (scripts/system-deps.sh), Playwright's own browser downloads are not used. */
export const CHROMIUM = '/usr/bin/chromium';
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

const ROOT = join(import.meta.dirname, '..', '..');

/** Builds the playground (as `npm run build:playground` does, MNIST asset included) into `outDir`. */
export async function buildPlayground(outDir: string): Promise<void> {
  if (!existsSync(join(ROOT, 'playground', 'public', 'mnist-100.bin'))) {
    const made = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'make-mnist-asset.ts')], {
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`scripts/make-mnist-asset.ts failed: ${made.stderr}`);
  }
  await build({
    configFile: join(ROOT, 'playground', 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

/** The built page served from loopback in headless Chromium, with every request and page error recorded. */
export interface OpenPlayground {
  browser: Browser;
  page: Page;
  url: string;
  /** Requests to anywhere but the local server (the page must make none). */
  foreign: string[];
  errors: string[];
  close(): Promise<void>;
}

/** Serves `dir`, opens it in Chromium with the network cut off beyond the server, and waits for the page to be ready. */
export async function openPlayground(dir: string, hash = ''): Promise<OpenPlayground> {
  const { url, server } = await serveFolder(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1300, height: 1000 }, acceptDownloads: true });
  const foreign: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith(url) || target.startsWith('blob:') || target.startsWith('data:')) return route.continue();
    foreign.push(target);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  // Long tasks are recorded from the first paint on; the page reads them back in window.__longTasks.
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => tasks.push({ start: e.startTime, duration: e.duration })),
    ).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${url}${hash}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
  return {
    browser,
    page,
    url,
    foreign,
    errors,
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}

/** Ticks exactly the given methods in the page. */
export async function chooseMethods(page: Page, methods: readonly string[]): Promise<void> {
  await page.click('#no-methods');
  for (const m of methods) await page.check(`#methods input[value="${m}"]`);
}

/**
 * Runs the study in the page and waits for its results. Returns the wall-clock time from the click to the worker's
 * answer (the 'study-computed' mark), the main thread's long tasks (ms) in that interval (with their start, s after
 * the click), and those of the results' rendering that follows.
 */
export async function runStudy(
  page: Page,
  timeoutMs = 120_000,
): Promise<{ seconds: number; longTasks: number[]; taskStarts: number[]; renderingTasks: number[]; status: string }> {
  const clicked = await page.evaluate(() => {
    delete document.body.dataset.study;
    performance.clearMarks('study-computed');
    return performance.now();
  });
  await page.click('#run');
  await page.waitForSelector('body[data-study=done]', { timeout: timeoutMs });
  const { computed, tasks } = await page.evaluate(() => ({
    computed: performance.getEntriesByName('study-computed').at(-1)?.startTime ?? Number.NaN,
    tasks: [...(window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks],
  }));
  const during = tasks.filter((t) => t.start >= clicked && t.start < computed);
  return {
    seconds: (computed - clicked) / 1000,
    longTasks: during.map((t) => t.duration),
    taskStarts: during.map((t) => (t.start - clicked) / 1000),
    renderingTasks: tasks.filter((t) => t.start >= computed).map((t) => t.duration),
    status: (await page.textContent('#run-status')) ?? '',
  };
}

/** Clicks an export button and returns the downloaded file's text. */
export async function downloadText(page: Page, button: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
