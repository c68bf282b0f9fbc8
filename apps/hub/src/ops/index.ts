export { MinuteSampler } from './rollups/minute-sampler.service.js';
export { MetricRollups } from './rollups/metric-rollups.service.js';
export { LAG_COUNT_CAP, readSubscriptionLag, type SubscriptionLag } from './rollups/subscription-lag.js';
export { warnWhenAutovacuumIsOff } from './autovacuum-check.js';
export { readAgencyConsumerGroups, type AgencyConsumerGroupLag } from './agency-consumer-lag.js';
