export { aWorkPermitIssuedEvent, aWorkPermitIssuedV2Event, aPermitNo } from './work-permit-issued.factory.js';
export { waitUntil } from './wait-until.js';
export { TEST_KAFKA_PORT, TEST_KAFKA_BROKERS, TEST_DATABASE_SERVER_URL } from './test-environment.js';
export { contractAjv, HUB_SCHEMA_KEYWORDS } from './contract-ajv.js';
export { TEST_AGENCIES, testSigningKey, signedByItsAgency, type TestAgency } from './test-agencies.js';
export { onboardAgency, rotateKafkaPassword, type OnboardedAgency, type AgencyProfile } from './onboard-agency.js';
export { ensureSubscription, type SubscriptionRequest } from './ensure-subscription.js';
export { eventMutations, INVISIBLE_TEXTS, type Json, type Mutation } from './event-mutations.js';
export { cloudEventProblem } from './cloud-events.js';
export {
  canLogIn,
  collectingConsumer,
  TEST_KAFKA_SUPER_USERS,
  TEST_KAFKA_USERS,
  testBrokerSecurity,
  testKafkaCaFile,
  testKafkaClient,
  testKafkaEnvironment,
  testKafkaSecurity,
} from './test-kafka.js';
export { schemaOf } from './database-schema.js';
export { MigratedDatabases } from './migrated-databases.js';
export { startWebhookReceiver, type ReceivedRequest, type ReceiverReply, type StartedWebhookReceiver } from './webhook-receiver.js';
