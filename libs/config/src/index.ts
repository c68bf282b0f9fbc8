export { CommaList, Integer } from './config-transforms.js';
export { loadConfig } from './load-config.js';
export { ServiceConfig, SERVICE_REQUIRED } from './service-config.js';
