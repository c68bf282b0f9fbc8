import type { INestApplication } from '@nestjs/common';
import { agencyInboundTopic, KafkaBatchServer, kafkaSecurityOptions } from '@hub/messaging';
import { Metrics, recordConsumedBatches } from '@hub/observability';
import type { BureauAdapterConfig } from '../config/bureau-adapter-config.js';
import { bureauInboundSubscription } from './bureau-subscription.js';
import { BUREAU_INBOUND_DELIVERIES } from './record-inbound/record-inbound.consumer.js';

/**
 * Reads `agency.<AGENCY_ID>.inbound` as the bureau's Kafka user in INBOUND_GROUP, offsets committed
 * after each batch's transaction. The hub creates the topic on its first delivery, so the consumer
 * starts once it exists (the log says what it waits for).
 */
export function connectInbound(app: INestApplication, config: BureauAdapterConfig): void {
  const inbound = agencyInboundTopic(config.AGENCY_ID);
  const subscription = bureauInboundSubscription(config.AGENCY_ID);
  app.connectMicroservice({
    strategy: new KafkaBatchServer(
      {
        client: {
          clientId: 'bureau-adapter-inbound',
          brokers: config.KAFKA_BROKERS,
          ...kafkaSecurityOptions(config.kafkaSecurity()),
          retry: { initialRetryTime: 300, retries: 10 },
        },
        consumer: { groupId: config.INBOUND_GROUP, sessionTimeout: 30_000, heartbeatInterval: 3_000, allowAutoTopicCreation: false },
        subscribe: { fromBeginning: true },
        run: { partitionsConsumedConcurrently: 3 },
      },
      {
        topics: { [inbound]: BUREAU_INBOUND_DELIVERIES },
        onBatch: recordConsumedBatches(app.get(Metrics)),
        whenTopicsExist: {
          hint:
            `the hub creates ${inbound} when it first delivers to a Kafka subscription of ${config.AGENCY_ID}: ` +
            `subscribe with ${config.AGENCY_ID}'s API key (POST /v1/subscriptions with "${subscription.name}", see the README's "The bureau adapter")`,
        },
      },
    ),
  });
}
