/**
 * qunlearn's library surface. Everything a program needs is exported here; deeper paths are internal.
 * The library never prints: results come back as values, errors as QunlearnError.
 */
export * from './core/index.js';
export * from './quantum/index.js';
export * from './models/index.js';
export * from './models/node/index.js';
export * from './data/index.js';
export * from './data/node/index.js';
export * from './train/index.js';
export * from './unlearn/index.js';
export * from './metrics/index.js';
export * from './experiment/index.js';
export { VERSION } from './version.js';
