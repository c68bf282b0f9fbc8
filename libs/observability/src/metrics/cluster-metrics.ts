import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry } from 'prom-client';
import type { Metrics } from './metrics.js';

const REQUEST = 'hub:cluster-metrics-request';
const RESPONSE = 'hub:cluster-metrics-response';

interface ClusterMetricsRequest {
  readonly type: typeof REQUEST;
  readonly id: string;
}
interface ClusterMetricsResponse {
  readonly type: typeof RESPONSE;
  readonly id: string;
  readonly text?: string;
  readonly error?: string;
}

/**
 * In the primary of a node:cluster: answers a process's request for the whole cluster's metrics.
 * The primary asks every process for its registry (prom-client's AggregatorRegistry) and merges
 * them: counters and histograms add up, gauges read from the database take the maximum (they are
 * the same rows), process metrics add up or average as prom-client defines. Whichever process
 * answers a scrape of `/metrics` on the shared port therefore answers for all of them.
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<ClusterMetricsRequest>(message, REQUEST)) return;
    const reply = (answer: Omit<ClusterMetricsResponse, 'type' | 'id'>): void => {
      if (worker.isConnected()) worker.send({ type: RESPONSE, id: message.id, ...answer });
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: String(error) }),
    );
  });
}

/** In a process of a node:cluster: hands this registry to the primary when it gathers the cluster's metrics. */
export function shareWithCluster(metrics: Metrics): void {
  // Constructing one registers prom-client's listener for the primary's requests in this process.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
}

/** In a process of a node:cluster: the whole cluster's metrics, gathered by the primary. */
export function clusterMetricsText(timeoutMs = 6_000): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      if (!isMessage<ClusterMetricsResponse>(message, RESPONSE) || message.id !== id) return;
      finish();
      if (message.text !== undefined) resolve(message.text);
      else reject(new Error(`the cluster's primary could not gather the metrics: ${message.error ?? 'no reason given'}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`the cluster's primary did not answer for the metrics within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    process.on('message', onMessage);
    process.send?.({ type: REQUEST, id } satisfies ClusterMetricsRequest);
  });
}

function isMessage<T extends { type: string; id: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}
