import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HubExceptionFilter } from '@hub/http';
import { agencyInboundTopic, KafkaBatchServer, kafkaSecurityOptions } from '@hub/messaging';
import { createHubLogger, Metrics, recordConsumedBatches, recordHttpRequests } from '@hub/observability';
import { LINKAGE_AGENCY_ID, type LinkageConfig } from './config/linkage-config.js';
import { LINKAGE_DELIVERIES } from './ingest/record-chain-events.consumer.js';
import { LinkageModule, type LinkageModuleOptions } from './linkage.module.js';

/**
 * The linkage service as a hybrid Nest app: a Kafka microservice (batch consumer of
 * `agency.linkage.inbound`, where the hub delivers the linkage agency's subscriptions) plus its HTTP
 * APIs. The Kafka password, CA, hub API key and signing key are read now, so a wrong setting stops
 * the start with its name. The consumer starts once the hub has made the topic (saying in the log
 * what it waits for) while HTTP answers from the start.
 */
export async function createLinkageApp(config: LinkageConfig, options: LinkageModuleOptions = {}): Promise<INestApplication> {
  const security = kafkaSecurityOptions(config.kafkaSecurity());
  config.signingKey();
  config.hubApiKey();
  const logger = createHubLogger('linkage', config.LOG_LEVELS);
  const app = await NestFactory.create(LinkageModule.forRoot(config, options), { logger });
  const metrics = app.get(Metrics);
  app.use(recordHttpRequests(metrics));
  const inbound = agencyInboundTopic(LINKAGE_AGENCY_ID);
  app.connectMicroservice({
    strategy: new KafkaBatchServer(
      {
        client: { clientId: 'linkage', brokers: config.KAFKA_BROKERS, ...security, retry: { initialRetryTime: 300, retries: 10 } },
        consumer: {
          groupId: config.CONSUMER_GROUP,
          sessionTimeout: 30_000,
          heartbeatInterval: 3_000,
          allowAutoTopicCreation: false,
          // A fetch brings a batch (1 MiB) for each partition folded at once and one more, not 10 MiB
          // (kafkajs' default) of partitions that would only wait in memory.
          maxBytes: (config.PARTITIONS_CONSUMED_CONCURRENTLY + 1) * 1024 * 1024,
        },
        subscribe: { fromBeginning: true },
        run: { partitionsConsumedConcurrently: config.PARTITIONS_CONSUMED_CONCURRENTLY },
      },
      {
        topics: { [inbound]: LINKAGE_DELIVERIES },
        onBatch: recordConsumedBatches(metrics),
        whenTopicsExist: {
          hint:
            `the hub creates ${inbound} when it first delivers to a Kafka subscription of ${LINKAGE_AGENCY_ID}: ` +
            `create one with the linkage agency's API key (POST /v1/subscriptions; npm start does it, see LINKAGE_SUBSCRIPTION)`,
        },
      },
    ),
  });
  app.useGlobalFilters(new HubExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
