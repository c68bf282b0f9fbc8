export {
  clusterId,
  LocalKafka,
  type LocalKafkaClusterNode,
  type LocalKafkaOptions,
  type LocalKafkaSecurity,
  type ScramUser,
  type ScramSasl,
} from './kafka/local-kafka.js';
export { ensureKafkaJars } from './kafka/kafka-jars.js';
export { waitForKafka, type ReadinessProbeSecurity } from './kafka/wait-for-kafka.js';
export { keptBrokerTls, localBrokerTls, LOCAL_BROKER_HOSTNAMES, throwawayCa } from './kafka/broker-tls.js';
export { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './postgres/embedded-postgres.js';
export {
  parsePostgresSettings,
  POSTGRES_SETTINGS_FILE,
  postgresServerSettings,
  postgresSettingArgs,
  type PostgresSetting,
} from './postgres/postgres-settings.js';
export { repoRoot } from './repo-root.js';
export { startNodeService, type NodeService } from './process/node-service.js';
export { nodeRuntimeFlags, NODE_FLAGS_FILE, processEnvDefaults, PROCESS_ENV_FILE } from './process/node-flags.js';
