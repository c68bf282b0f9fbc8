/**
 * Where the integration tests find their real services. The broker is started by global-setup
 * (TEST_KAFKA_PORT, default 29092); PostgreSQL is the machine's server unless TEST_DATABASE_URL
 * names another. Each suite creates its own `*_test_*` databases there and drops them afterwards.
 */
export const TEST_KAFKA_PORT = Number(process.env['TEST_KAFKA_PORT'] ?? 29092);
export const TEST_KAFKA_BROKERS = [`127.0.0.1:${TEST_KAFKA_PORT}`];
export const TEST_DATABASE_SERVER_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
