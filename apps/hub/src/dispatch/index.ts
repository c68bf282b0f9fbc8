export { DispatchModule } from './dispatch.module.js';
export { DispatchRepository } from './dispatch.repository.js';
export { DispatchStallMonitor } from './dispatch-stall-monitor.js';
export { DispatcherService } from './dispatcher.service.js';
export type { StalledPartition } from './partition-progress.js';
