// Bundles an entry for the browser with esbuild and lists every Node built-in module the bundle would need, with
// the chain of imports that reached it. `node scripts/browser-bundle.mjs [entry]` prints them and exits 1 if any;
// tests/browser-build.test.ts runs the same check in the default suite.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const NODE_MODULES = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Modules that have a browser twin (`x.ts` -> `x.browser.ts`), swapped in as the playground's Vite config does. */
export const BROWSER_TWINS = [/\/experiment\/text-file\.(js|ts)$/, /\/src\/version\.(js|ts)$/];

/** The library's browser entries: the library itself and the reports' browser part. */
export const BROWSER_ENTRIES = ['src/browser.ts', 'src/report/browser.ts'];

/** Node-only globals a source file must not use in the browser build (outside comments). */
const NODE_GLOBALS = /\b(Buffer|process|__dirname|__filename|setImmediate|require)\b\s*[.(]/;

/** The lines of a source file that use a Node-only global (a guard such as `typeof setImmediate` is allowed). */
function nodeGlobalUses(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      const code = line.replace(/\/\/.*$/, '').replace(/'[^']*'|"[^"]*"/g, '');
      if (/^\s*(\*|\/\*)/.test(line) || !NODE_GLOBALS.test(code) || /typeof\s+\w+\s*===/.test(code)) return [];
      return [{ module: `global ${NODE_GLOBALS.exec(code)[1]}`, importer: `${file}:${i + 1}` }];
    });
}

/** Bundles `entry` for the browser; returns the Node modules and globals reached (with where) and the bundle size. */
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
    define: { __QUNLEARN_VERSION__: JSON.stringify('check') },
    logLevel: 'silent',
    plugins: [
      {
        name: 'node-leaks',
        setup(b) {
          b.onLoad({ filter: /\/src\/.*\.ts$/ }, (args) => {
            leaks.push(...nodeGlobalUses(args.path));
            return undefined;
          });
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
      },
    ],
  });
  const bytes = result.outputFiles.reduce((n, f) => n + f.contents.length, 0);
  return { leaks, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const entries = process.argv.length > 2 ? process.argv.slice(2) : BROWSER_ENTRIES;
  let failed = false;
  for (const entry of entries) {
    const { leaks, bytes } = await checkBrowserBundle(entry);
    for (const l of leaks) console.error(`${l.module} imported by ${l.importer}`);
    console.log(`${entry}: ${leaks.length} Node module import(s); minified bundle ${(bytes / 1024).toFixed(0)} KiB`);
    failed ||= leaks.length > 0;
  }
  process.exit(failed ? 1 : 0);
}
