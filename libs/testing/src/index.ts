export { aWorkPermitIssuedEvent, aWorkPermitIssuedV2Event, aPermitNo } from './work-permit-issued.factory.js';
export { waitUntil } from './wait-until.js';
export { createMigratedTestDatabase, type MigratedTestDatabase } from './migrated-test-database.js';
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
export {
  grantTestAgencyKafkaAccess,
  testHubEnvironment,
  testPsbAdapterEnvironment,
  TEST_ADMIN_TOKEN,
  TEST_AUDIT_SIGNING_KEY,
  TEST_FIELD_ENCRYPTION_KEYS,
  TEST_LOG_LEVELS,
  TEST_PSB_READER_KEY,
  TEST_SUBJECT_ID_KEY,
  TEST_WEBHOOK_SIGNING_KEY,
} from './test-app-environments.js';
export { schemaOf } from './database-schema.js';
export { MigratedDatabases } from './migrated-databases.js';
export { startWebhookReceiver, type ReceivedRequest, type ReceiverReply, type StartedWebhookReceiver } from './webhook-receiver.js';
export { parsePrometheusText, scrapeMetrics, sumOf, type PrometheusSample } from './prometheus-text.js';
