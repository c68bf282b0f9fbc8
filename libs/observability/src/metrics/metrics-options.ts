/** How an app exposes its metrics. */
export interface MetricsOptions {
  /** The `app` label of every series. */
  readonly app: string;
  /** When set, `/metrics` answers only `Authorization: Bearer <token>` (METRICS_TOKEN). */
  readonly token?: string | undefined;
  /**
   * Whether this app runs as processes of a node:cluster whose primary gathers their metrics
   * (serveClusterMetrics): each process then shares its registry, and `/metrics` answers for all.
   */
  readonly cluster?: boolean;
}

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');
