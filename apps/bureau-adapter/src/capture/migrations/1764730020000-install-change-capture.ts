import type { MigrationInterface, QueryRunner } from 'typeorm';

/** pg_advisory_xact_lock key that orders capturing transactions' commits (any constant no other code of the bureau takes). */
export const COMMIT_ORDER_LOCK = 7_317_300_001;

/**
 * Change capture in the bureau's database, schema `hub_capture` (the adapter's; the bureau's `fwp`
 * tables and application are untouched but for triggers on them).
 *
 * Each change to a permit (or to the holder or employer it names) adds one row to
 * `hub_capture.change` per permit and transaction, holding the permit as the transaction leaves it
 * (`permit_document`), numbered in COMMIT order: the triggers are deferred to commit and take one
 * transaction-scoped advisory lock before they draw `seq`, so a transaction draws its numbers only
 * after every transaction that drew earlier ones has ended (PostgreSQL makes a commit visible before
 * it releases the committing transaction's locks). Reading `seq > position` therefore never passes
 * over a number whose transaction may still commit; numbers of rolled-back transactions are simply
 * never seen. See the README's "Change capture".
 */
export class InstallChangeCapture1764730020000 implements MigrationInterface {
  name = 'InstallChangeCapture1764730020000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE SCHEMA hub_capture');
    await db.query('CREATE SEQUENCE hub_capture.commit_seq CACHE 1');
    await db.query(`
      CREATE TABLE hub_capture.change (
        seq          bigint      PRIMARY KEY,
        txid         xid8        NOT NULL DEFAULT pg_current_xact_id(),
        kind         text        NOT NULL CHECK (kind IN ('permit', 'watermark')),
        permit_id    bigint,
        document     jsonb,
        committed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE UNIQUE INDEX change_once_per_transaction ON hub_capture.change (txid, permit_id) WHERE kind = 'permit'`);
    await db.query(`
      CREATE TABLE hub_capture.watermark (
        watermark_id bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        chunk        text        NOT NULL,
        edge         text        NOT NULL CHECK (edge IN ('low', 'high')),
        written_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE FUNCTION hub_capture.permit_document(id bigint) RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT jsonb_build_object(
          'permitId', p.permit_id, 'permitNo', p.permit_no, 'version', p.version, 'permitClass', p.permit_class,
          'points', p.points, 'positionTitle', p.position_title, 'occupationCode', p.occupation_code,
          'workRegion', p.work_region, 'issuedOn', p.issued_on, 'validFrom', p.valid_from, 'validUntil', p.valid_until,
          'status', p.status, 'statusReason', p.status_reason, 'statusChangedOn', p.status_changed_on,
          'updatedAt', p.updated_at,
          'holder', jsonb_build_object('holderId', h.holder_id, 'familyName', h.family_name, 'givenNames', h.given_names,
            'nameZh', h.name_zh, 'gender', h.gender, 'birthDate', h.birth_date, 'nationality', h.nationality,
            'passportNo', h.passport_no, 'version', h.version),
          'employer', jsonb_build_object('employerId', e.employer_id, 'uscc', e.uscc, 'nameZh', e.name_zh,
            'nameEn', e.name_en, 'regionCode', e.region_code, 'version', e.version))
        FROM fwp.permit p JOIN fwp.holder h ON h.holder_id = p.holder_id JOIN fwp.employer e ON e.employer_id = p.employer_id
        WHERE p.permit_id = id
      $$`);
    // ON CONFLICT … DO UPDATE: a transaction that set its constraints IMMEDIATE records a permit at
    // each statement; the row keeps its first number and ends with the transaction's last state.
    await db.query(`
      CREATE FUNCTION hub_capture.record_change(change_kind text, id bigint, doc jsonb) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(${COMMIT_ORDER_LOCK});
        INSERT INTO hub_capture.change (seq, kind, permit_id, document)
        VALUES (nextval('hub_capture.commit_seq'), change_kind, id, doc)
        ON CONFLICT (txid, permit_id) WHERE kind = 'permit' DO UPDATE SET document = EXCLUDED.document;
      END $$`);
    await db.query(`
      CREATE FUNCTION hub_capture.capture_permit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM hub_capture.record_change('permit', OLD.permit_id, NULL);
        ELSE
          PERFORM hub_capture.record_change('permit', NEW.permit_id, hub_capture.permit_document(NEW.permit_id));
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION hub_capture.capture_permits_of() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE id bigint;
      BEGIN
        FOR id IN EXECUTE format('SELECT permit_id FROM fwp.permit WHERE %I = $1::bigint', TG_ARGV[0]) USING to_jsonb(NEW) ->> TG_ARGV[0] LOOP
          PERFORM hub_capture.record_change('permit', id, hub_capture.permit_document(id));
        END LOOP;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION hub_capture.capture_watermark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM hub_capture.record_change('watermark', NULL, jsonb_build_object('chunk', NEW.chunk, 'edge', NEW.edge));
        RETURN NULL;
      END $$`);
    // Named zz_… so that they run after the table's own deferred triggers (PostgreSQL fires them by name).
    await db.query(`
      CREATE CONSTRAINT TRIGGER zz_hub_capture AFTER INSERT OR UPDATE OR DELETE ON fwp.permit
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hub_capture.capture_permit()`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER zz_hub_capture AFTER UPDATE ON fwp.holder
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hub_capture.capture_permits_of('holder_id')`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER zz_hub_capture AFTER UPDATE ON fwp.employer
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hub_capture.capture_permits_of('employer_id')`);
    await db.query(`
      CREATE TRIGGER capture_watermark AFTER INSERT ON hub_capture.watermark
      FOR EACH ROW EXECUTE FUNCTION hub_capture.capture_watermark()`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['fwp.permit', 'fwp.holder', 'fwp.employer']) await db.query(`DROP TRIGGER zz_hub_capture ON ${table}`);
    await db.query('DROP SCHEMA hub_capture CASCADE');
  }
}
