import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without type declarations
import { checkBrowserBundle } from '../scripts/browser-bundle.mjs';

describe('the browser build of the library', () => {
  it('reaches no Node module from src/browser.ts (the playground\'s library)', async () => {
    const { leaks } = (await checkBrowserBundle('src/browser.ts')) as { leaks: { module: string; importer: string }[] };
    expect(leaks.map((l) => `${l.module} imported by ${l.importer}`)).toEqual([]);
  });

  it('catches a leak: an entry that imports a file loader fails the check', async () => {
    const { leaks } = (await checkBrowserBundle('src/data/node/csv-file.ts')) as { leaks: { module: string; importer: string }[] };
    expect(leaks.map((l) => l.module)).toContain('node:fs');
  });
});
