/** What `npm start` and `npm run bench` read from the environment; everything has a local default. */
export interface StartSettings {
  /** An existing PostgreSQL (database for the hub); unset: an embedded server is started. */
  readonly databaseUrl: string | undefined;
  /** An existing Kafka; unset: a local broker is started. */
  readonly kafkaBrokers: string[] | undefined;
  /** The CA certificate (PEM file) of the brokers in kafkaBrokers (KAFKA_TLS_CA_FILE); the local broker brings its own. */
  readonly kafkaCaFile: string | undefined;
  readonly kafkaPort: number;
  readonly embeddedPostgresPort: number;
  readonly hubPort: number;
  readonly psbPort: number;
  readonly linkagePort: number;
  readonly subjectIdKey: string;
  /** Bearer token of the hub's admin API (`npm run hub -- …` sends it as ADMIN_TOKEN). */
  readonly adminToken: string;
  /** FIELD_ENCRYPTION_KEYS and FIELD_ENCRYPTION_ACTIVE_KEY of the hub. */
  readonly fieldEncryptionKeys: string;
  readonly fieldEncryptionActiveKey: string;
  /** READER_API_KEYS of the public-security adapter: the local reading system's key (name `local-desk`). */
  readonly psbReaderKey: string;
  /** LINKAGE_API_KEYS of the linkage service: local keys of psb-310000 (`local-exit-entry-desk`), bureau-310000 (`local-bureau-desk`) and an evaluator (`*`). */
  readonly linkageApiKeys: string;
  /** People of the seeded linkage demo data set `npm start` publishes (LINKAGE_DEMO_PEOPLE; 0: none). */
  readonly linkageDemoPeople: number;
  /** The hub's CA_KEY_ENCRYPTION_KEY; unset: a local one kept under .cache/dev. */
  readonly caKeyEncryptionKey: string | undefined;
}

export function readStartSettings(env: Record<string, string | undefined> = process.env): StartSettings {
  return {
    databaseUrl: env['DATABASE_URL'] || undefined,
    kafkaBrokers: env['KAFKA_BROKERS'] ? env['KAFKA_BROKERS'].split(',') : undefined,
    kafkaCaFile: env['KAFKA_TLS_CA_FILE'] || undefined,
    kafkaPort: Number(env['LOCAL_KAFKA_PORT'] ?? 19092),
    embeddedPostgresPort: Number(env['EMBEDDED_POSTGRES_PORT'] ?? 15432),
    hubPort: Number(env['HUB_PORT'] ?? 8080),
    psbPort: Number(env['PSB_ADAPTER_PORT'] ?? 8081),
    linkagePort: Number(env['LINKAGE_PORT'] ?? 8082),
    subjectIdKey: env['SUBJECT_ID_KEY'] ?? 'local-development-subject-key-not-for-production',
    adminToken: env['ADMIN_TOKEN'] ?? 'local-development-admin-token-not-for-production',
    // A fixed development key, so data kept in .cache/dev stays readable between runs; never use it elsewhere.
    fieldEncryptionKeys: env['FIELD_ENCRYPTION_KEYS'] ?? 'dev-k1:aes-256-gcm:AwoRGB8mLTQ7QklQV15lbHN6gYiPlp2kq7K5wMfO1dw=',
    fieldEncryptionActiveKey: env['FIELD_ENCRYPTION_ACTIVE_KEY'] ?? 'dev-k1',
    psbReaderKey: env['PSB_READER_KEY'] ?? 'local-development-psb-reader-key-not-for-production',
    linkageApiKeys:
      env['LINKAGE_API_KEYS'] ??
      [
        'psb-310000:local-exit-entry-desk:local-development-linkage-psb-key-not-for-production',
        'bureau-310000:local-bureau-desk:local-development-linkage-bureau-key-not-for-production',
        '*:local-evaluator:local-development-linkage-evaluator-key-not-for-production',
      ].join(','),
    linkageDemoPeople: Number(env['LINKAGE_DEMO_PEOPLE'] ?? 3000),
    caKeyEncryptionKey: env['CA_KEY_ENCRYPTION_KEY'] || undefined,
  };
}
