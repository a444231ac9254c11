/// <reference lib="dom" />
// The end-to-end test of the playground: the built static folder, served from loopback, in Debian's headless
// Chromium (driven by playwright-core). The callbacks given to page.evaluate run in the browser, hence the DOM types.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import {
  buildPlayground,
  CHROMIUM,
  chooseMethods,
  downloadText,
  openPlayground,
  runStudy,
  type OpenPlayground,
} from '../helpers/playground.js';

const WALL_CLOCK = new Set(['seconds', 'retrain_seconds', 'speedup']);

/** A CSV's rows as header -> cell maps, without the wall-clock columns. */
function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  return lines.map((cells) =>
    Object.fromEntries(header.map((h, i) => [h, cells[i]]).filter(([h]) => !WALL_CLOCK.has(h))),
  );
}

/** Cells that differ between two result tables: different text, unless both are numbers within 1e-12. */
function differences(a: Record<string, string>[], b: Record<string, string>[]): string[] {
  const out: string[] = [];
  if (a.length !== b.length) return [`${a.length} rows against ${b.length}`];
  a.forEach((row, i) => {
    for (const key of new Set([...Object.keys(row), ...Object.keys(b[i])])) {
      const x = row[key];
      const y = b[i][key];
      if (x === y) continue;
      const close = x !== '' && y !== '' && Math.abs(Number(x) - Number(y)) <= 1e-12 * Math.max(1, Math.abs(Number(x)));
      if (!close || Number.isNaN(Number(x))) out.push(`row ${i} ${key}: page ${x}, CLI ${y}`);
    }
  });
  return out;
}

describe('the playground in headless Chromium', () => {
  const dir = tempDir('qunlearn-playground-');
  const site = join(dir, 'site');
  let pg: OpenPlayground;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}: \`apt-get install -y --no-install-recommends chromium\` (npm test's pretest does it where it can)`,
      );
    await buildPlayground(site);
    pg = await openPlayground(site);
  });

  afterAll(async () => {
    await pg?.close();
  });

  it("loads offline: Iris is built in and nothing is fetched beyond the page's own folder", async () => {
    expect(await pg.page.textContent('#data-status')).toMatch(/^iris: 150 rows, 4 features, 3 classes/);
    expect(await pg.page.$$eval('#scatter circle.point', (c) => c.length)).toBe(108);
    expect(await pg.page.$$eval('#circuit svg rect', (r) => r.length)).toBeGreaterThan(0);
    expect(pg.foreign).toEqual([]);
  });

  it('loads the MNIST subset shipped with the page', async () => {
    await pg.page.selectOption('#dataset', 'mnist');
    await pg.page.waitForFunction(
      () => document.querySelector('#data-status')?.textContent?.startsWith('mnist:'),
      undefined,
      { timeout: 60_000 },
    );
    expect(await pg.page.textContent('#data-status')).toMatch(/^mnist: 1000 rows, 784 features, 10 classes/);
    await pg.page.waitForFunction(() =>
      document.querySelector('#model-description')?.textContent?.startsWith('cnn-hybrid'),
    );
    await pg.page.selectOption('#dataset', 'iris');
    await pg.page.waitForFunction(() => document.querySelector('#data-status')?.textContent?.startsWith('iris:'));
    await pg.page.waitForFunction(() => document.querySelector('#model-description')?.textContent?.startsWith('iris-'));
  });

  it('trains the teacher with live curves', async () => {
    await pg.page.click('#train');
    await pg.page.waitForFunction(
      () => document.querySelector('#teacher-status')?.textContent?.startsWith('Teacher:'),
      undefined,
      { timeout: 60_000 },
    );
    expect(await pg.page.textContent('#teacher-status')).toMatch(/test accuracy 0\.\d{3}/);
    expect(await pg.page.$$eval('#curves svg path', (p) => p.length)).toBe(2);
  });

  // SCRUB's max steps amplify last-bit differences the most: with the engine-independent math and Adam's running
  // products it still agrees with the CLI (docs/playground.md, "Same numbers as the CLI").
  it("forgets class 0 with three methods; the table equals the CLI's results.csv for the exported configuration", async () => {
    const { page } = pg;
    await page.uncheck('#use-subset');
    await page.check('#use-class');
    await page.selectOption('#forgetClass', '0');
    await chooseMethods(page, ['ga', 'scrub', 'salun']);
    await runStudy(page);
    const rows = await page.$$eval('section[data-scenario="class-0"] tbody tr', (trs) =>
      trs.map((tr) => tr.querySelector('th')?.textContent),
    );
    expect(rows).toEqual(['Teacher', 'Oracle', 'GA', 'SCRUB', 'SalUn']);
    expect(await page.$$eval('section[data-scenario="class-0"] td[class*=band-]', (tds) => tds.length)).toBeGreaterThan(
      10,
    );

    const yaml = await downloadText(page, '#export-yaml');
    const pageCsv = await downloadText(page, '#export-csv');
    writeFileSync(join(dir, 'study.yaml'), yaml);
    const cli = runCli(['run', '--config', join(dir, 'study.yaml'), '--out', join(dir, 'cli-run'), '--workers', '1']);
    expect(cli.status).toBe(0);
    const cliRows = csvRows(readFileSync(join(dir, 'cli-run', 'results.csv'), 'utf8'));
    expect(cliRows.map((r) => `${r.scenario}/${r.method}`)).toEqual(['class-0/ga', 'class-0/scrub', 'class-0/salun']);
    expect(differences(csvRows(pageCsv), cliRows)).toEqual([]);
  });

  it("renders the report's charts as non-empty SVG", async () => {
    const marks = await pg.page.$$eval('#results figure.chart svg', (svgs) =>
      svgs.map((s) => s.querySelectorAll('path, line, rect, circle, text').length),
    );
    expect(marks).toHaveLength(2);
    for (const m of marks) expect(m).toBeGreaterThan(20);
  });

  it('exports the self-contained HTML report of the study (inline SVG charts, no script)', async () => {
    const html = await downloadText(pg.page, '#export-html');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script(?![^>]*application\/json)/i);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(5);
    for (const text of ['Scenario class-0', 'GA', 'SCRUB', 'SalUn', 'qunlearn-playground'])
      expect(html).toContain(text);
  });

  it("shows the CLI's own error for a dropped malformed CSV", async () => {
    const bad = 'a,b,label\n1,2,x\n3,oops,y\n';
    writeFileSync(join(dir, 'bad.csv'), bad);
    const cli = runCli(['run', '--dataset', 'csv', '--data', 'bad.csv', '--out', join(dir, 'bad-run')], { cwd: dir });
    const message = cli.stderr.trim().replace(/^qunlearn: error: /, '');
    expect(message).toContain("csv file 'bad.csv', line 3");
    await pg.page.setInputFiles('#file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await pg.page.waitForSelector('#data-error:not([hidden])');
    expect(await pg.page.textContent('#data-error')).toBe(message);
  });

  it('cancelling a run leaves the page usable', async () => {
    const { page } = pg;
    await page.selectOption('#dataset', 'iris');
    await page.waitForFunction(() => document.querySelector('#data-status')?.textContent?.startsWith('iris:'));
    await chooseMethods(page, ['ga', 'scrub', 'salun', 'fisher', 'neggrad-plus', 'lca']);
    await page.click('#run');
    await page.waitForFunction(() => /jobs · /.test(document.querySelector('#run-status')?.textContent ?? ''));
    await page.click('#cancel');
    await page.waitForFunction(() => document.querySelector('#run-status')?.textContent?.startsWith('Cancelled'));
    expect(await page.isEnabled('#run')).toBe(true);
    await chooseMethods(page, ['ga']);
    const again = await runStudy(page);
    expect(again.status).toMatch(/^Done: 1 method runs/);
    expect(pg.errors).toEqual([]);
  });
});
