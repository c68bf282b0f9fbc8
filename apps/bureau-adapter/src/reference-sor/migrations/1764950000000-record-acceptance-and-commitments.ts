import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the bureau records when it accepts an application (受理), as its system does since
 * acceptance with missing documents (容缺受理) and on commitment (告知承诺制) began: on the
 * application, whether it was filed from inside China, its path (standard, a foreign graduate of a
 * Chinese university, a founder), the day and mode of acceptance; on its documents, besides the
 * ones received, those owed with their due date (补正期限), those replaced by a signed commitment
 * (承诺书) with its number and the day it is to be verified by, and the verification's result.
 * Every row already held is an application from abroad on the standard path, documents received.
 */
export class RecordAcceptanceAndCommitments1764950000000 implements MigrationInterface {
  name = 'RecordAcceptanceAndCommitments1764950000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE fwp.application
        ADD COLUMN in_china        boolean NOT NULL DEFAULT false,
        ADD COLUMN path            text    NOT NULL DEFAULT 'STANDARD' CHECK (path IN ('STANDARD', 'GRADUATE', 'FOUNDER')),
        ADD COLUMN accepted_on     date,
        ADD COLUMN acceptance_mode text CHECK (acceptance_mode IN ('COMPLETE', 'MISSING_DOCUMENTS', 'COMMITMENT')),
        ADD CONSTRAINT application_accepted_with_mode CHECK ((accepted_on IS NULL) = (acceptance_mode IS NULL))`);
    await db.query(`COMMENT ON COLUMN fwp.application.in_china IS '境内申请：申请人已在中国境内合法居留'`);
    await db.query(`COMMENT ON COLUMN fwp.application.path IS '申请通道：STANDARD 一般、GRADUATE 应届毕业生、FOUNDER 创业'`);
    await db.query(
      `COMMENT ON COLUMN fwp.application.acceptance_mode IS '受理方式：COMPLETE 材料齐全、MISSING_DOCUMENTS 容缺受理、COMMITMENT 告知承诺'`,
    );
    await db.query(`
      ALTER TABLE fwp.document
        ALTER COLUMN file_name DROP NOT NULL,
        ALTER COLUMN sha256 DROP NOT NULL,
        ALTER COLUMN received_at DROP NOT NULL,
        ADD COLUMN due_on               date,
        ADD COLUMN commitment_no        text CHECK (commitment_no ~ '^[A-Z0-9][A-Z0-9-]{0,39}$'),
        ADD COLUMN commitment_signed_on date,
        ADD COLUMN verify_by            date,
        ADD COLUMN verified_on          date,
        ADD COLUMN verification_result  text CHECK (verification_result IN ('FULFILLED', 'UNTRUE')),
        ADD COLUMN verification_note    text,
        ADD CONSTRAINT document_received_with_file CHECK (received_at IS NULL OR (file_name IS NOT NULL AND sha256 IS NOT NULL)),
        ADD CONSTRAINT document_received_owed_or_committed CHECK (received_at IS NOT NULL OR due_on IS NOT NULL OR commitment_no IS NOT NULL),
        ADD CONSTRAINT document_commitment_complete CHECK
          ((commitment_no IS NULL) = (commitment_signed_on IS NULL) AND (commitment_no IS NULL) = (verify_by IS NULL)),
        ADD CONSTRAINT document_verified_with_result CHECK
          ((verified_on IS NULL) = (verification_result IS NULL) AND (verified_on IS NULL OR commitment_no IS NOT NULL))`);
    await db.query('CREATE UNIQUE INDEX document_once_per_application ON fwp.document (application_id, doc_type)');
    await db.query(`COMMENT ON COLUMN fwp.document.due_on IS '容缺受理时的补正期限'`);
    await db.query(`COMMENT ON COLUMN fwp.document.commitment_no IS '告知承诺书编号（以承诺代替该材料）'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX fwp.document_once_per_application');
    await db.query(`
      ALTER TABLE fwp.document
        DROP CONSTRAINT document_verified_with_result, DROP CONSTRAINT document_commitment_complete,
        DROP CONSTRAINT document_received_owed_or_committed, DROP CONSTRAINT document_received_with_file,
        DROP COLUMN verification_note, DROP COLUMN verification_result, DROP COLUMN verified_on, DROP COLUMN verify_by,
        DROP COLUMN commitment_signed_on, DROP COLUMN commitment_no, DROP COLUMN due_on`);
    // Owed and committed documents have no place in the older schema.
    await db.query('DELETE FROM fwp.document WHERE received_at IS NULL');
    await db.query(
      'ALTER TABLE fwp.document ALTER COLUMN file_name SET NOT NULL, ALTER COLUMN sha256 SET NOT NULL, ALTER COLUMN received_at SET NOT NULL',
    );
    await db.query(`
      ALTER TABLE fwp.application
        DROP CONSTRAINT application_accepted_with_mode,
        DROP COLUMN acceptance_mode, DROP COLUMN accepted_on, DROP COLUMN path, DROP COLUMN in_china`);
  }
}
