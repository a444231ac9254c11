/** The browser's stand-in for version.ts: the bundler writes the version in (it cannot read package.json at run time). */
declare const __QUNLEARN_VERSION__: string;

/** The qunlearn version the page was built from. */
export const VERSION: string = __QUNLEARN_VERSION__;
