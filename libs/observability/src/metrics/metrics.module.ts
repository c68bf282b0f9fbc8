import cluster from 'node:cluster';
import { Module, type DynamicModule } from '@nestjs/common';
import { shareWithCluster } from './cluster-metrics.js';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics-options.js';

/**
 * The app's Prometheus metrics: a global `Metrics` (its registry, with the process metrics) that
 * features count into, and `GET /metrics`. Mount `recordHttpRequests(app.get(Metrics))` first in
 * the app's middleware to time its HTTP requests.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_OPTIONS, useValue: options },
        {
          provide: Metrics,
          useFactory: () => {
            const metrics = new Metrics(options.app);
            if (options.cluster && cluster.isWorker) shareWithCluster(metrics);
            return metrics;
          },
        },
      ],
      exports: [Metrics],
    };
  }
}
