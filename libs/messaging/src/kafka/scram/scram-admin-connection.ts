import { createRequire } from 'node:module';
import type { KafkaSecurity } from '../create-kafka.js';
import {
  alterUserScramCredentialsRequest,
  type ScramAlterationResult,
  type ScramDeletion,
  type ScramUpsertion,
} from './alter-user-scram-credentials.js';

/** The parts of kafkajs's internal Connection used to send a request kafkajs does not implement. */
interface KafkaConnection {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send<T>(protocol: unknown): Promise<T>;
  setVersions(versions: Record<number, { minVersion: number; maxVersion: number }>): void;
  setSupportAuthenticationProtocol(supported: boolean): void;
  authenticate(): Promise<void>;
}

interface ApiVersionsResponse {
  readonly apiVersions: readonly { apiKey: number; minVersion: number; maxVersion: number }[];
}

const require = createRequire(import.meta.url);
const Connection = require('kafkajs/src/network/connection') as new (options: Record<string, unknown>) => KafkaConnection;
const socketFactory = require('kafkajs/src/network/socketFactory') as () => unknown;
const { createLogger, LEVELS } = require('kafkajs/src/loggers') as {
  createLogger: (options: { level: number; logCreator: () => () => void }) => unknown;
  LEVELS: { NOTHING: number };
};
const ApiVersions = require('kafkajs/src/protocol/requests/apiVersions') as { protocol: (v: { version: number }) => () => unknown };

/**
 * Sends one AlterUserScramCredentials request to `broker` (host:port) as the super user in
 * `security`, over TLS, and returns each user's result. The broker forwards it to the controller.
 */
export async function alterUserScramCredentials(
  broker: string,
  security: KafkaSecurity,
  deletions: readonly ScramDeletion[],
  upsertions: readonly ScramUpsertion[],
): Promise<ScramAlterationResult[]> {
  const [host, port] = splitHostPort(broker);
  const connection = new Connection({
    host,
    port,
    clientId: 'hub-scram-admin',
    logger: createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined }),
    socketFactory: socketFactory(),
    ssl: security.ssl,
    sasl: security.sasl,
    requestTimeout: 30_000,
    connectionTimeout: 10_000,
  });
  await connection.connect();
  try {
    const { apiVersions } = await connection.send<ApiVersionsResponse>(ApiVersions.protocol({ version: 2 })());
    const supported = apiVersions.find((entry) => entry.apiKey === 51);
    if (!supported || supported.minVersion > 0) {
      throw new Error(`The Kafka broker at ${broker} does not support AlterUserScramCredentials v0 (KIP-554, Kafka 2.7 or later).`);
    }
    connection.setVersions(
      Object.fromEntries(apiVersions.map(({ apiKey, minVersion, maxVersion }) => [apiKey, { minVersion, maxVersion }])),
    );
    connection.setSupportAuthenticationProtocol(true);
    await connection.authenticate();
    return await connection.send<ScramAlterationResult[]>(alterUserScramCredentialsRequest(deletions, upsertions));
  } finally {
    await connection.disconnect();
  }
}

function splitHostPort(broker: string): [string, number] {
  const at = broker.lastIndexOf(':');
  return [broker.slice(0, at), Number(broker.slice(at + 1))];
}
