export { LINKAGE_EVENTS } from './linkage-events.v1.js';
