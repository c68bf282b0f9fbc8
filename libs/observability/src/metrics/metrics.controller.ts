import cluster from 'node:cluster';
import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { HubError } from '@hub/contracts';
import { clusterMetricsText } from './cluster-metrics.js';
import { mayScrape } from './metrics-access.js';
import { Metrics } from './metrics.js';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics-options.js';

/** `GET /metrics`: the Prometheus text exposition of this process, or of its whole cluster. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (!mayScrape(this.options.token, authorization)) {
      throw new HubError(
        'UNAUTHENTICATED',
        '/metrics needs "Authorization: Bearer <METRICS_TOKEN>" (set bearer_token in the Prometheus scrape config).',
      );
    }
    return this.options.cluster && cluster.isWorker ? clusterMetricsText() : this.metrics.expose();
  }
}
