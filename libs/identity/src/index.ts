export * from './signing/index.js';
export * from './protection/index.js';
export * from './x509/index.js';
export { uuidV5 } from './ids/uuid-v5.js';
