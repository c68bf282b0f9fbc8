import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HubExceptionFilter } from '@hub/http';
import { agencyInboundTopic, KafkaBatchServer, kafkaSecurityOptions } from '@hub/messaging';
import { createHubLogger, Metrics, recordConsumedBatches, recordHttpRequests, startIdleCollection, startTracing } from '@hub/observability';
import { loadAgencyAdapterConfig, type AgencyAdapterConfig } from './agency-adapter-config.js';
import { subscriptionOf, type AgencyAdapterDefinition } from './agency-adapter-definition.js';
import { AgencyAdapterModule } from './agency-adapter.module.js';
import { AGENCY_INBOUND_DELIVERIES } from './inbound-deliveries.controller.js';

/**
 * `definition`'s adapter as a hybrid Nest app: the Kafka batch consumer of `agency.<AGENCY_ID>.inbound`
 * (offsets committed after each batch's transaction; it starts once the hub has created the topic,
 * saying in the log what it waits for) plus its HTTP API.
 */
export async function createAgencyAdapterApp(definition: AgencyAdapterDefinition, config: AgencyAdapterConfig): Promise<INestApplication> {
  // Reads the Kafka password and CA files now, so a wrong setting stops the start with its name.
  const security = kafkaSecurityOptions(config.kafkaSecurity());
  const app = await NestFactory.create(AgencyAdapterModule.forAgency(definition, config), {
    logger: createHubLogger(definition.app, config.LOG_LEVELS),
  });
  const metrics = app.get(Metrics);
  app.use(recordHttpRequests(metrics));
  const inbound = agencyInboundTopic(config.AGENCY_ID);
  const subscription = subscriptionOf(definition);
  app.connectMicroservice({
    strategy: new KafkaBatchServer(
      {
        client: { clientId: definition.app, brokers: config.KAFKA_BROKERS, ...security, retry: { initialRetryTime: 300, retries: 10 } },
        consumer: { groupId: config.CONSUMER_GROUP, sessionTimeout: 30_000, heartbeatInterval: 3_000, allowAutoTopicCreation: false },
        subscribe: { fromBeginning: true },
        run: { partitionsConsumedConcurrently: config.PARTITIONS_CONSUMED_CONCURRENTLY },
      },
      {
        topics: { [inbound]: AGENCY_INBOUND_DELIVERIES },
        onBatch: recordConsumedBatches(metrics),
        whenTopicsExist: {
          hint:
            `the hub creates ${inbound} when it first delivers to a Kafka subscription of ${config.AGENCY_ID}: subscribe with ` +
            `${config.AGENCY_ID}'s API key (POST /v1/subscriptions with eventTypes ${JSON.stringify(subscription.eventTypes)} and channels {"kafka":true})`,
        },
      },
    ),
  });
  app.useGlobalFilters(new HubExceptionFilter());
  app.enableShutdownHooks();
  return app;
}

/**
 * An adapter's `main`: settings from the environment, tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set,
 * a full collection when none ran for a minute (startIdleCollection), then consume and listen.
 */
export async function runAgencyAdapter(definition: AgencyAdapterDefinition): Promise<INestApplication> {
  const config = loadAgencyAdapterConfig(definition);
  startTracing(definition.app, config.OTEL_EXPORTER_OTLP_ENDPOINT);
  startIdleCollection();
  const app = await createAgencyAdapterApp(definition, config);
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  return app;
}
