import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every look-up of a work permit over HTTP, for public security's own oversight: which reading
 * system (the name of its API key), which permit number was asked for, when, under which declared
 * purpose, from which address, and whether a permit was found. Append-only by trigger: an UPDATE,
 * DELETE or TRUNCATE is refused, so a record of who read a person's data cannot be rewritten.
 */
export class CreateWorkPermitReads1764400000000 implements MigrationInterface {
  name = 'CreateWorkPermitReads1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE work_permit_reads (
        id             bigserial   PRIMARY KEY,
        read_at        timestamptz NOT NULL DEFAULT now(),
        reader         text        NOT NULL CHECK (reader ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
        permit_no      text        NOT NULL CHECK (length(permit_no) BETWEEN 1 AND 200),
        purpose        text        CHECK (length(purpose) BETWEEN 1 AND 200),
        found          boolean     NOT NULL,
        client_address text        CHECK (length(client_address) <= 100)
      )`);
    await db.query('CREATE INDEX work_permit_reads_permit_idx ON work_permit_reads (permit_no, read_at)');
    await db.query(`
      CREATE FUNCTION work_permit_reads_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'work_permit_reads is append-only: % refused', TG_OP USING ERRCODE = 'PSA01';
      END $$`);
    await db.query(
      'CREATE TRIGGER work_permit_reads_append_only BEFORE UPDATE OR DELETE ON work_permit_reads FOR EACH ROW EXECUTE FUNCTION work_permit_reads_refuse_change()',
    );
    await db.query(
      'CREATE TRIGGER work_permit_reads_no_truncate BEFORE TRUNCATE ON work_permit_reads FOR EACH STATEMENT EXECUTE FUNCTION work_permit_reads_refuse_change()',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE work_permit_reads');
    await db.query('DROP FUNCTION work_permit_reads_refuse_change()');
  }
}
