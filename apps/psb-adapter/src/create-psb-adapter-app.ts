import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Partitioners } from 'kafkajs';
import { createKafka, KafkaBatchServer, waitForTopics } from '@hub/messaging';
import { CANONICAL_TOPICS } from '@hub/contracts';
import { HubExceptionFilter } from '@hub/http';
import { createHubLogger } from '@hub/observability';
import type { PsbAdapterConfig } from './config/psb-adapter-config.js';
import { PsbAdapterModule } from './psb-adapter.module.js';

/**
 * The adapter as a hybrid Nest app: a Kafka microservice (batch consumer of the canonical
 * work-permit topic) plus a small HTTP API over what it has recorded. Offsets are committed only
 * after each batch's database transaction.
 */
export async function createPsbAdapterApp(config: PsbAdapterConfig): Promise<INestApplication> {
  const logger = createHubLogger('psb-adapter', config.LOG_LEVELS);
  const app = await NestFactory.create(PsbAdapterModule.forRoot(config), { logger });
  app.connectMicroservice({
    strategy: new KafkaBatchServer({
      client: { clientId: 'psb-adapter', brokers: config.KAFKA_BROKERS, retry: { initialRetryTime: 300, retries: 10 } },
      consumer: { groupId: config.CONSUMER_GROUP, sessionTimeout: 30_000, heartbeatInterval: 3_000, allowAutoTopicCreation: false },
      subscribe: { fromBeginning: true },
      // Nest's server also creates a producer (for replies); the Java-compatible partitioner keeps kafkajs quiet and consistent.
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
      run: { partitionsConsumedConcurrently: config.PARTITIONS_CONSUMED_CONCURRENTLY },
    }),
  });
  await waitForTopics(
    createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'psb-adapter-admin' }, logger),
    [CANONICAL_TOPICS.workPermit],
    logger,
  );
  app.useGlobalFilters(new HubExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
