export { createHubLogger } from './hub-logger.js';
export { newCorrelationId, newTraceparent, childTraceparent, isTraceparent } from './trace-context.js';
export { DURATION_BUCKETS, Metrics, type GaugeReading, type GaugeSample, type ScrapedGauge } from './metrics/metrics.js';
export { recordHttpRequests, routeTemplate, UNMATCHED_ROUTE } from './metrics/http-requests.js';
export { mayScrape } from './metrics/metrics-access.js';
export { MetricsModule } from './metrics/metrics.module.js';
export type { MetricsOptions } from './metrics/metrics-options.js';
export { clusterMetricsText, serveClusterMetrics, shareWithCluster } from './metrics/cluster-metrics.js';
export { recordConsumedBatches, type ConsumedBatchReport } from './metrics/consumed-batches.js';
export { recordSentMessages, type SentMessagesReport } from './metrics/sent-messages.js';
export {
  databaseCheck,
  kafkaCheck,
  liveness,
  PROBE_TIMEOUT_MS,
  readiness,
  type BrokerProbe,
  type QueryRunnerLike,
} from './health/readiness.js';
export { markHop, startHop, startTracing, tracingOn, type Hop, type HopKind } from './tracing/tracing.js';
export { IDLE_COLLECTION_INTERVAL_MS, startIdleCollection, type Collector, type IdleCollection } from './runtime/idle-collection.js';
