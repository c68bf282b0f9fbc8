export type { CompiledPolicy } from './compiled-policy.js';
export { PolicyApiModule } from './policy-api.module.js';
export { PolicyModule } from './policy.module.js';
export { PolicyService } from './policy.service.js';
export { readPolicy } from './read-policy.js';
