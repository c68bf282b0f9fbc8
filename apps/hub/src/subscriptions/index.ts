export { projectEvent } from './project-event.js';
export type { Subscription, SubscriptionChannels } from './subscription.js';
export { matchesFilters } from './subscription-filter.js';
export { SubscriptionChannelsDto } from './subscriptions.dto.js';
export { SubscriptionsApiModule } from './subscriptions-api.module.js';
export { SubscriptionsHandler } from './subscriptions.handler.js';
export { SubscriptionsModule } from './subscriptions.module.js';
export { SubscriptionsRepository } from './subscriptions.repository.js';
export { SUBSCRIPTION_SCHEMA } from './subscription.schema.js';
