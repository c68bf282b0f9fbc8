export { ConsoleModule } from './console.module.js';
export { ConsoleOperatorsApiModule } from './console-operators-api.module.js';
export { serveConsoleWeb } from './web/serve-console-web.js';
