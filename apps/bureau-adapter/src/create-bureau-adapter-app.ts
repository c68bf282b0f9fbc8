import 'reflect-metadata';
import { AgencyOutboundPublisher, type AgencyOutboundSettings } from '@hub/agency-kit';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HubExceptionFilter } from '@hub/http';
import { createHubLogger, Metrics, recordHttpRequests } from '@hub/observability';
import { BureauAdapterModule } from './bureau-adapter.module.js';
import { connectInbound } from './inbound/connect-inbound.js';
import { KafkaRecordPublisher } from './capture/kafka-record-publisher.js';
import type { BureauAdapterConfig } from './config/bureau-adapter-config.js';

/**
 * The adapter: the sync (capture → signed events → the bureau's outbound topic), the outcome
 * reader (the hub's answers into the adapter's store) and a small HTTP API (health, sync status,
 * refusals). The Kafka password, CA and signing key are read now, so a wrong setting stops the start
 * with its name.
 */
export async function createBureauAdapterApp(config: BureauAdapterConfig): Promise<INestApplication> {
  const outbound: AgencyOutboundSettings = { agencyId: config.AGENCY_ID, brokers: config.KAFKA_BROKERS, security: config.kafkaSecurity() };
  const signing = { alg: config.SIGNING_ALG, keyId: config.SIGNING_KEY_ID, privateKey: config.signingKey() };
  const producer = new AgencyOutboundPublisher(outbound);
  await producer.connect();
  const publisher = new KafkaRecordPublisher(producer, { agencyId: config.AGENCY_ID }, signing);
  const logger = createHubLogger('bureau-adapter', config.LOG_LEVELS);
  const app = await NestFactory.create(BureauAdapterModule.forRoot(config, { publisher, outbound }), { logger });
  app.use(recordHttpRequests(app.get(Metrics)));
  if (config.INBOUND === 'on') connectInbound(app, config);
  app.useGlobalFilters(new HubExceptionFilter());
  app.enableShutdownHooks();
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await producer.disconnect();
  };
  return app;
}
