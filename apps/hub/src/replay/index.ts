export { ReplayApiModule } from './replay-api.module.js';
export { ReplayModule } from './replay.module.js';
export { ReplayService } from './replay.service.js';
