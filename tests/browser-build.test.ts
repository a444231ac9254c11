import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script without type declarations
import { checkBrowserBundle } from '../scripts/browser-bundle.mjs';

describe('the browser build of the library', () => {
  it.each(['src/browser.ts', 'src/report/browser.ts'])('reaches no Node module or global from %s', async (entry) => {
    const { leaks } = (await checkBrowserBundle(entry)) as { leaks: { module: string; importer: string }[] };
    expect(leaks.map((l) => `${l.module} imported by ${l.importer}`)).toEqual([]);
  });

  it('catches a leak: an entry that imports a file loader fails the check', async () => {
    const { leaks } = (await checkBrowserBundle('src/data/node/csv-file.ts')) as {
      leaks: { module: string; importer: string }[];
    };
    expect(leaks.map((l) => l.module)).toContain('node:fs');
  });

  it('catches a Node global: process.pid in the atomic file writer', async () => {
    const { leaks } = (await checkBrowserBundle('src/core/node/atomic-file.ts')) as {
      leaks: { module: string; importer: string }[];
    };
    expect(leaks.map((l) => l.module)).toContain('global process');
  });
});
