import { Injectable, type OnModuleInit } from '@nestjs/common';
import { KafkaProbe } from '@hub/messaging';
import { Metrics } from '@hub/observability';
import { DataSource } from 'typeorm';
import { HubConfig } from '../config/hub-config.js';
import { registerAgencyConsumerLag } from './agency-consumer-lag.js';
import { registerHubGauges } from './hub-gauges.js';

/**
 * Registers the hub's scrape-time gauges: the database's (every process, so any one scraped
 * answers; a cluster's processes report the same rows and are merged by maximum) and, in a process
 * with the dispatch role, the agencies' consumer lag read with the admin client (one process per
 * deployment asks the brokers, not every API process).
 */
@Injectable()
export class OpsMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaProbe,
    private readonly config: HubConfig,
  ) {}

  onModuleInit(): void {
    registerHubGauges(this.metrics, this.dataSource, this.config.METRICS_CACHE_MS);
    if (this.config.HUB_ROLES.includes('dispatch')) {
      registerAgencyConsumerLag(this.metrics, this.kafka, this.dataSource, this.config.METRICS_CACHE_MS);
    }
  }
}
