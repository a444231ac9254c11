// Bundles an entry for the browser with esbuild and lists every Node built-in module the bundle would need, with
// the chain of imports that reached it. `node scripts/browser-bundle.mjs [entry]` prints them and exits 1 if any;
// tests/browser-build.test.ts runs the same check in the default suite.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const NODE_MODULES = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Modules that have a browser twin (`x.ts` -> `x.browser.ts`), swapped in as the playground's Vite config does. */
export const BROWSER_TWINS = [/\/experiment\/text-file\.(js|ts)$/];

/** Bundles `entry` for the browser; returns the Node modules reached (with their importers) and the bundle size. */
export async function checkBrowserBundle(entry) {
  const leaks = [];
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    metafile: true,
    logLevel: 'silent',
    plugins: [{
      name: 'node-leaks',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (NODE_MODULES.has(args.path)) {
            leaks.push({ module: args.path, importer: args.importer });
            return { path: args.path, external: true };
          }
          const resolved = args.resolveDir ? resolve(args.resolveDir, args.path) : args.path;
          if (BROWSER_TWINS.some((re) => re.test(resolved))) {
            return { path: resolved.replace(/\.(js|ts)$/, '.browser.ts') };
          }
          return undefined;
        });
      },
    }],
  });
  const bytes = result.outputFiles.reduce((n, f) => n + f.contents.length, 0);
  return { leaks, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const entry = process.argv[2] ?? 'src/browser.ts';
  const { leaks, bytes } = await checkBrowserBundle(entry);
  for (const l of leaks) console.error(`${l.module} imported by ${l.importer}`);
  console.log(`${entry}: ${leaks.length} Node module import(s); minified bundle ${(bytes / 1024).toFixed(0)} KiB`);
  process.exit(leaks.length > 0 ? 1 : 0);
}
