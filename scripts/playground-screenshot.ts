// Takes the README's screenshot of the playground (docs/playground.png): the built page in Debian's headless
// Chromium, the Iris study with a few methods, rows picked by a lasso on the PCA scatter. `npx tsx scripts/playground-screenshot.ts`.
import { join } from 'node:path';
import { tempDir } from '../tests/helpers/cli.js';
import { buildPlayground, chooseMethods, openPlayground, runStudy } from '../tests/helpers/playground.js';

const site = join(tempDir('qunlearn-screenshot-'), 'site');
await buildPlayground(site);
const pg = await openPlayground(site);
try {
  const { page } = pg;
  await page.setViewportSize({ width: 1280, height: 2200 });
  await chooseMethods(page, ['retrain', 'ga', 'scrub', 'salun', 'sisa']);
  await page.click('#train');
  await page.waitForFunction(() => document.querySelector('#teacher-status')?.textContent?.startsWith('Teacher:'));
  const box = (await page.locator('#scatter svg').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.08, box.y + box.height * 0.12);
  await page.mouse.down();
  for (const [x, y] of [
    [0.22, 0.1],
    [0.24, 0.35],
    [0.1, 0.4],
    [0.08, 0.12],
  ])
    await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 5 });
  await page.mouse.up();
  await page.uncheck('#use-subset');
  await runStudy(page);
  const top = (await page.locator('#teacher-title').boundingBox())!.y - 12;
  const bottom = (await page.locator('#results section.scenario .charts').first().boundingBox())!.y + 20;
  await page.screenshot({
    path: join(import.meta.dirname, '..', 'docs', 'playground.png'),
    fullPage: true,
    clip: { x: 0, y: top, width: 1280, height: bottom - top },
  });
  console.log('docs/playground.png written');
} finally {
  await pg.close();
}
