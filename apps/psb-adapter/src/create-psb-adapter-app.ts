import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { agencyInboundTopic, KafkaBatchServer, kafkaSecurityOptions } from '@hub/messaging';
import { HubExceptionFilter } from '@hub/http';
import { createHubLogger, Metrics, recordConsumedBatches, recordHttpRequests } from '@hub/observability';
import type { PsbAdapterConfig } from './config/psb-adapter-config.js';
import { PsbAdapterModule } from './psb-adapter.module.js';
import { INBOUND_DELIVERIES } from './inbound/inbound-deliveries.consumer.js';

/**
 * The adapter as a hybrid Nest app: a Kafka microservice (batch consumer of the agency's inbound
 * topic, where the hub delivers its subscriptions) plus a small HTTP API over what it has
 * recorded. Offsets are committed only after each batch's database transaction. The hub creates
 * the inbound topic when it first delivers to the agency, so the consumer starts once the topic
 * exists (saying in the log what it waits for) while the HTTP API answers from the start.
 */
export async function createPsbAdapterApp(config: PsbAdapterConfig): Promise<INestApplication> {
  // Reads the Kafka password and CA files now, so a wrong setting stops the start with its name.
  const security = kafkaSecurityOptions(config.kafkaSecurity());
  const logger = createHubLogger('psb-adapter', config.LOG_LEVELS);
  const app = await NestFactory.create(PsbAdapterModule.forRoot(config), { logger });
  const metrics = app.get(Metrics);
  app.use(recordHttpRequests(metrics));
  const inbound = agencyInboundTopic(config.AGENCY_ID);
  app.connectMicroservice({
    strategy: new KafkaBatchServer(
      {
        client: { clientId: 'psb-adapter', brokers: config.KAFKA_BROKERS, ...security, retry: { initialRetryTime: 300, retries: 10 } },
        consumer: { groupId: config.CONSUMER_GROUP, sessionTimeout: 30_000, heartbeatInterval: 3_000, allowAutoTopicCreation: false },
        subscribe: { fromBeginning: true },
        run: { partitionsConsumedConcurrently: config.PARTITIONS_CONSUMED_CONCURRENTLY },
      },
      {
        topics: { [inbound]: INBOUND_DELIVERIES },
        onBatch: recordConsumedBatches(metrics),
        whenTopicsExist: {
          hint:
            `the hub creates ${inbound} when it first delivers to a Kafka subscription of ${config.AGENCY_ID}: ` +
            `create one with ${config.AGENCY_ID}'s API key (POST /v1/subscriptions, see the README's "Subscribing (Kafka)")`,
        },
      },
    ),
  });
  app.useGlobalFilters(new HubExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
