import { defineConfig, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Library modules with a browser twin (`x.ts` -> `x.browser.ts`), as scripts/browser-bundle.mjs swaps them. */
const TWINS = [/\/src\/experiment\/text-file\.ts$/, /\/src\/version\.ts$/];

/** Swaps each Node-only module that has a browser twin for the twin. */
function browserTwins(): Plugin {
  return {
    name: 'qunlearn-browser-twins',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('.js') || importer === undefined) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved !== null && TWINS.some((re) => re.test(resolved.id)))
        return resolved.id.replace(/\.ts$/, '.browser.ts');
      return null;
    },
  };
}

/**
 * The playground: a static page built from the library's sources (src/browser.ts). `base: './'` makes the built
 * folder work from any static host and any path.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [browserTwins()],
  define: {
    __QUNLEARN_VERSION__: JSON.stringify(
      (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version,
    ),
  },
  worker: { format: 'es', plugins: () => [browserTwins()] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1', port: 5173 },
});
