/**
 * The least a hub configuration needs, for unit specs that build a `HubConfig` without a database,
 * a broker or real keys (every address points nowhere). Specs add the settings they exercise.
 */
export const UNIT_TEST_HUB_ENV: Readonly<Record<string, string>> = {
  DATABASE_URL: 'postgres://unused/hub',
  KAFKA_BROKERS: '127.0.0.1:1',
  KAFKA_SASL_USERNAME: 'hub',
  KAFKA_SASL_PASSWORD: 'unit-test',
  KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem',
  SUBJECT_ID_KEY: 'unit-test-subject-key-0123456789abcdef',
  FIELD_ENCRYPTION_KEYS: 'k1:aes-256-gcm:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
  FIELD_ENCRYPTION_ACTIVE_KEY: 'k1',
};
