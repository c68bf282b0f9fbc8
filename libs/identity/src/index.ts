export * from './signing/index.js';
export * from './protection/index.js';
