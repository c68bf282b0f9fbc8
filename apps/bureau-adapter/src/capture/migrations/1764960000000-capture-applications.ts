import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change capture of the bureau's applications, beside its permits: each change to an application
 * (its row, one of its documents, or the holder or employer it names) adds one `application` row to
 * `hub_capture.change` per application and transaction, holding the application as the transaction
 * leaves it (`application_document`), numbered in commit order by the same lock and sequence as the
 * permits' changes (see InstallChangeCapture1764730020000).
 *
 * The document function is written out here rather than shared with the adapter's code: a migration
 * installs what it says at the time it ran.
 */
export class CaptureApplications1764960000000 implements MigrationInterface {
  name = 'CaptureApplications1764960000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE hub_capture.change ADD COLUMN application_id bigint');
    await db.query('ALTER TABLE hub_capture.change DROP CONSTRAINT change_kind_check');
    await db.query(
      `ALTER TABLE hub_capture.change ADD CONSTRAINT change_kind_check CHECK (kind IN ('permit', 'application', 'watermark'))`,
    );
    await db.query(
      `CREATE UNIQUE INDEX change_once_per_application_and_transaction ON hub_capture.change (txid, application_id) WHERE kind = 'application'`,
    );
    await db.query(`
      CREATE FUNCTION hub_capture.application_document(id bigint) RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT jsonb_build_object(
          'applicationId', a.application_id, 'applicationNo', a.application_no, 'version', a.version,
          'permitClass', a.permit_class, 'positionTitle', a.position_title, 'workRegion', a.work_region,
          'submittedOn', to_char(a.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 'inChina', a.in_china, 'path', a.path,
          'acceptedOn', a.accepted_on, 'acceptanceMode', a.acceptance_mode,
          'holder', jsonb_build_object('familyName', h.family_name, 'givenNames', h.given_names, 'birthDate', h.birth_date,
            'nationality', h.nationality, 'passportNo', h.passport_no),
          'employer', jsonb_build_object('uscc', e.uscc, 'nameZh', e.name_zh),
          'documents', coalesce((SELECT jsonb_agg(jsonb_build_object('docType', d.doc_type, 'dueOn', d.due_on,
              'receivedOn', to_char(d.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
              'commitmentNo', d.commitment_no, 'commitmentSignedOn', d.commitment_signed_on, 'verifyBy', d.verify_by,
              'verifiedOn', d.verified_on, 'verificationResult', d.verification_result, 'verificationNote', d.verification_note)
              ORDER BY d.doc_type)
            FROM fwp.document d WHERE d.application_id = a.application_id), '[]'::jsonb))
        FROM fwp.application a JOIN fwp.holder h ON h.holder_id = a.holder_id JOIN fwp.employer e ON e.employer_id = a.employer_id
        WHERE a.application_id = id
      $$`);
    await db.query(`
      CREATE FUNCTION hub_capture.record_application_change(id bigint, doc jsonb) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(7317300001);
        INSERT INTO hub_capture.change (seq, kind, application_id, document)
        VALUES (nextval('hub_capture.commit_seq'), 'application', id, doc)
        ON CONFLICT (txid, application_id) WHERE kind = 'application' DO UPDATE SET document = EXCLUDED.document;
      END $$`);
    // TG_ARGV[0]: the column of the changed row that names the application (application_id on the
    // application and its documents) or the holder or employer whose applications it changes.
    await db.query(`
      CREATE FUNCTION hub_capture.capture_applications_of() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE id bigint;
      BEGIN
        FOR id IN EXECUTE format('SELECT application_id FROM fwp.application WHERE %I = $1::bigint', TG_ARGV[0])
          USING to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END) ->> TG_ARGV[0] LOOP
          PERFORM hub_capture.record_application_change(id, hub_capture.application_document(id));
        END LOOP;
        IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'application' THEN
          PERFORM hub_capture.record_application_change(OLD.application_id, NULL);
        END IF;
        RETURN NULL;
      END $$`);
    // zz_hub_capture_application: after the permits' zz_hub_capture (deferred triggers fire by name).
    for (const [table, column, events] of [
      ['fwp.application', 'application_id', 'INSERT OR UPDATE OR DELETE'],
      ['fwp.document', 'application_id', 'INSERT OR UPDATE OR DELETE'],
      ['fwp.holder', 'holder_id', 'UPDATE'],
      ['fwp.employer', 'employer_id', 'UPDATE'],
    ] as const) {
      await db.query(`
        CREATE CONSTRAINT TRIGGER zz_hub_capture_application AFTER ${events} ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hub_capture.capture_applications_of('${column}')`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['fwp.application', 'fwp.document', 'fwp.holder', 'fwp.employer'])
      await db.query(`DROP TRIGGER zz_hub_capture_application ON ${table}`);
    await db.query('DROP FUNCTION hub_capture.capture_applications_of()');
    await db.query('DROP FUNCTION hub_capture.record_application_change(bigint, jsonb)');
    await db.query('DROP FUNCTION hub_capture.application_document(bigint)');
    await db.query(`DELETE FROM hub_capture.change WHERE kind = 'application'`);
    await db.query('DROP INDEX hub_capture.change_once_per_application_and_transaction');
    await db.query('ALTER TABLE hub_capture.change DROP CONSTRAINT change_kind_check');
    await db.query(`ALTER TABLE hub_capture.change ADD CONSTRAINT change_kind_check CHECK (kind IN ('permit', 'watermark'))`);
    await db.query('ALTER TABLE hub_capture.change DROP COLUMN application_id');
  }
}
