export { emitRoutes, inboundRecord, toDeliveries, type Deliveries, type EmittedEvent, type Emission } from './emit-routes.js';
export { routeAtCommit, type CommitDelivery, type CommitRouting, type CommitWithholding, type EventToRoute } from './route-at-commit.js';
export { routeEvent, type Route, type Withheld } from './route-event.js';
export { RoutingModule } from './routing.module.js';
export { RoutingViews, type RoutingView } from './routing-views.js';
