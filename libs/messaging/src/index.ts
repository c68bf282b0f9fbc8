export { CreateOutbox1764140000000 } from './migrations/1764140000000-create-outbox.js';
export { CreateInbox1764140000001 } from './migrations/1764140000001-create-inbox.js';
export { CreateDeadLetters1764140000002 } from './migrations/1764140000002-create-dead-letters.js';
export { PartitionOutbox1764140000003 } from './migrations/1764140000003-partition-outbox.js';
export { createKafka, type KafkaSettings } from './kafka/create-kafka.js';
export {
  JAVA_COMPATIBLE_PARTITIONER,
  type ConsumedBatch,
  type ConsumedRecord,
  type KafkaAdmin,
  type KafkaClient,
  type KafkaConsumer,
  type KafkaProducer,
} from './kafka/kafka-ports.js';
export { ensureTopics, type TopicSpec } from './kafka/ensure-topics.js';
export { createRecordProducer } from './kafka/record-producer.js';
export { retryConnecting, type RetryConnectingOptions } from './kafka/retry-connecting.js';
export { waitForTopics, type WaitForTopicsOptions } from './kafka/wait-for-topics.js';
export {
  decodeHeaders,
  KafkaBatchServer,
  type KafkaBatch,
  type KafkaBatchMessage,
  type KafkaBatchReport,
  type KafkaBatchServerOptions,
  type KafkaBatchServerSettings,
} from './kafka/kafka-batch-server.js';
export { appendToOutbox, OUTBOX_CHANNEL, outboxInsertCtes, type OutboxEntry } from './outbox/append-to-outbox.js';
export { OutboxRelay, type OutboxRelaySettings, type RelaySendReport } from './outbox/outbox-relay.js';
export { recordDeadLetters, type DeadLetterEntry } from './dead-letter/record-dead-letters.js';
export {
  agencyAclEntries,
  agencyConsumerGroupPrefix,
  agencyInboundTopic,
  agencyOutboundTopic,
  agencyOutcomesTopic,
  agencyPrincipal,
  grantAgencyTopicAcls,
  type AgencyTopicAcls,
} from './kafka/agency-acls.js';
export { kafkaSecurityOptions, REAUTHENTICATION_THRESHOLD_MS, type KafkaSecurity } from './kafka/create-kafka.js';
export {
  BrokerAgencyKafkaAccess,
  KafkaAccessError,
  SCRAM_ITERATIONS,
  scramUpsertion,
  type AgencyKafkaAccess,
  type AgencyKafkaGrant,
} from './kafka/agency-kafka-access.js';
export { alterUserScramCredentials } from './kafka/scram/scram-admin-connection.js';
export {
  SCRAM_SHA_512,
  type ScramAlterationResult,
  type ScramDeletion,
  type ScramUpsertion,
} from './kafka/scram/alter-user-scram-credentials.js';
export { KafkaProbe } from './kafka/kafka-probe.js';
