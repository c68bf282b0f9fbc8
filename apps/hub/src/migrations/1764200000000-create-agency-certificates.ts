import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hub's own certificate authority and the TLS client certificates it issued to agencies.
 *
 * `hub_certificate_authority` holds one row, made by the first hub process that starts with
 * CA_KEY_ENCRYPTION_KEY: the CA certificate and its private key (PKCS#8) encrypted with AES-256-GCM
 * under that key, which is never stored here. `agency_certificates` records every issued client
 * certificate (serial, SHA-256 fingerprint of its DER, validity, status): a request over mutual TLS
 * is accepted only for a certificate found here, active and within its dates. Every change notifies
 * `hub_agency_certificates`, so each process reloads them (a revocation applies at once, even on an
 * open connection).
 */
export class CreateAgencyCertificates1764200000000 implements MigrationInterface {
  name = 'CreateAgencyCertificates1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE hub_certificate_authority (
        id                 smallint    PRIMARY KEY CHECK (id = 1),
        certificate        text        NOT NULL CHECK (certificate LIKE '-----BEGIN CERTIFICATE-----%'),
        fingerprint_sha256 char(64)    NOT NULL CHECK (fingerprint_sha256 ~ '^[0-9a-f]{64}$'),
        encrypted_key      text        NOT NULL CHECK (encrypted_key ~ '^v1:aes-256-gcm:'),
        not_after          timestamptz NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE agency_certificates (
        serial             text        PRIMARY KEY CHECK (serial ~ '^[0-9a-f]{2,40}$'),
        agency_id          text        NOT NULL REFERENCES agencies (id),
        fingerprint_sha256 char(64)    NOT NULL UNIQUE CHECK (fingerprint_sha256 ~ '^[0-9a-f]{64}$'),
        certificate        text        NOT NULL CHECK (certificate LIKE '-----BEGIN CERTIFICATE-----%'),
        not_before         timestamptz NOT NULL,
        not_after          timestamptz NOT NULL,
        status             text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
        issued_at          timestamptz NOT NULL DEFAULT now(),
        revoked_at         timestamptz,
        revoked_reason     text        CHECK (length(revoked_reason) BETWEEN 1 AND 500),
        CONSTRAINT agency_certificates_validity CHECK (not_before < not_after),
        CONSTRAINT agency_certificates_revocation CHECK (
          (status = 'revoked') = (revoked_at IS NOT NULL) AND (revoked_at IS NULL) = (revoked_reason IS NULL))
      )`);
    await db.query('CREATE INDEX agency_certificates_agency_idx ON agency_certificates (agency_id)');

    await db.query(`
      CREATE FUNCTION hub_notify_agency_certificates() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('hub_agency_certificates', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER agency_certificates_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agency_certificates
        FOR EACH STATEMENT EXECUTE FUNCTION hub_notify_agency_certificates()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE agency_certificates');
    await db.query('DROP FUNCTION hub_notify_agency_certificates()');
    await db.query('DROP TABLE hub_certificate_authority');
  }
}
