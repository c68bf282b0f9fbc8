import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agency registry (agencies, their public signing keys and their API keys) and the policy
 * versions. Every change to these tables notifies `hub_agency_registry` or `hub_policy` (by
 * statement trigger, so a change made by hand in psql reaches every hub process too): each process
 * keeps them in memory and reloads on the notification.
 */
export class CreateAgencyRegistry1764180000000 implements MigrationInterface {
  name = 'CreateAgencyRegistry1764180000000';

  async up(db: QueryRunner): Promise<void> {
    // The id says what the agency is: `bureau-310000` is the Shanghai bureau, `mfa` the national ministry.
    await db.query(`
      CREATE TABLE agencies (
        id         text        PRIMARY KEY,
        kind       text        NOT NULL CHECK (kind IN ('bureau', 'psb', 'mfa', 'moe', 'tax', 'credit')),
        region     char(6)     CHECK (region ~ '^[0-9]{2}0000$'),
        name_zh    text        NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
        name_en    text        NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
        contact    text        NOT NULL CHECK (length(contact) BETWEEN 1 AND 500),
        status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agencies_id_matches_kind_and_region CHECK (
          CASE WHEN kind IN ('bureau', 'psb') THEN region IS NOT NULL AND id = kind || '-' || region
               ELSE region IS NULL AND id = kind END)
      )`);

    await db.query(`
      CREATE TABLE agency_signing_keys (
        key_id         text        PRIMARY KEY CHECK (key_id ~ '^[a-z0-9-]{1,64}$'),
        agency_id      text        NOT NULL REFERENCES agencies (id),
        alg            text        NOT NULL CHECK (alg IN ('ed25519', 'sm2-sm3')),
        public_key     text        NOT NULL,
        status         text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'revoked')),
        created_at     timestamptz NOT NULL DEFAULT now(),
        retired_at     timestamptz,
        revoked_at     timestamptz,
        revoked_reason text,
        CONSTRAINT agency_signing_keys_status_dates CHECK (
          CASE status WHEN 'active' THEN retired_at IS NULL AND revoked_at IS NULL AND revoked_reason IS NULL
                      WHEN 'retired' THEN retired_at IS NOT NULL AND revoked_at IS NULL AND revoked_reason IS NULL
                      ELSE revoked_at IS NOT NULL AND revoked_reason IS NOT NULL END)
      )`);
    await db.query('CREATE INDEX agency_signing_keys_agency_idx ON agency_signing_keys (agency_id)');
    // One public key belongs to one agency under one key id: the same key twice would make a signature ambiguous.
    await db.query('CREATE UNIQUE INDEX agency_signing_keys_public_key_key ON agency_signing_keys (alg, public_key)');

    // Only a SHA-256 of each key is stored (see api-key-secret.ts); `prefix`, its first 8 characters, names it.
    await db.query(`
      CREATE TABLE agency_api_keys (
        id         uuid        PRIMARY KEY,
        agency_id  text        NOT NULL REFERENCES agencies (id),
        prefix     char(8)     NOT NULL UNIQUE CHECK (prefix ~ '^[a-z2-7]{8}$'),
        hash       char(64)    NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT agency_api_keys_revoked_at CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
      )`);
    await db.query('CREATE INDEX agency_api_keys_agency_idx ON agency_api_keys (agency_id)');

    await db.query(`
      CREATE TABLE policy_versions (
        version    integer     PRIMARY KEY CHECK (version > 0),
        document   jsonb       NOT NULL CHECK (jsonb_typeof(document) = 'object'),
        sha256     char(64)    NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        changed_by text        NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        reason     text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000)
      )`);

    await db.query(`
      CREATE FUNCTION hub_notify_agency_registry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('hub_agency_registry', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const table of ['agencies', 'agency_signing_keys', 'agency_api_keys']) {
      await db.query(`
        CREATE TRIGGER ${table}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION hub_notify_agency_registry()`);
    }
    await db.query(`
      CREATE FUNCTION hub_notify_policy() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('hub_policy', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER policy_versions_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policy_versions
        FOR EACH STATEMENT EXECUTE FUNCTION hub_notify_policy()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE policy_versions');
    await db.query('DROP TABLE agency_api_keys');
    await db.query('DROP TABLE agency_signing_keys');
    await db.query('DROP TABLE agencies');
    await db.query('DROP FUNCTION hub_notify_policy()');
    await db.query('DROP FUNCTION hub_notify_agency_registry()');
  }
}
