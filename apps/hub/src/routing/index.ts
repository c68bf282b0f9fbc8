export { emitRoutes, inboundRecord, toDeliveries, type Deliveries, type EmittedEvent, type Emission } from './emit-routes.js';
export { routeEvent, type Route, type Withheld } from './route-event.js';
