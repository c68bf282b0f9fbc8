import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The adapter reads its agency's inbound topic (the hub's projection for public security) instead
 * of the canonical topic: the employer and position are no longer sent, so they are dropped; permits
 * gain their status date and reason and the dates of their last extension and change; the inbox
 * records which subscription, sequence and replay brought each event (columns `@hub/messaging`'s
 * inbox migration makes). Each subscription's received sequence numbers are tracked to notice a
 * missing delivery, in `@hub/agency-kit`'s tables (made by its migration; released versions of this
 * one made them here, see testing/released-migrations.ts).
 */
export class ReceiveFromInboundTopic1764340000000 implements MigrationInterface {
  name = 'ReceiveFromInboundTopic1764340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE work_permits
        DROP COLUMN employer_name,
        DROP COLUMN employer_credit_code,
        DROP COLUMN position,
        ADD COLUMN status_on     date,
        ADD COLUMN status_reason text,
        ADD COLUMN extended_on   date,
        ADD COLUMN changed_on    date`);
  }

  async down(db: QueryRunner): Promise<void> {
    // What the dropped columns held is gone; they come back empty.
    await db.query(`
      ALTER TABLE work_permits
        DROP COLUMN status_on, DROP COLUMN status_reason, DROP COLUMN extended_on, DROP COLUMN changed_on,
        ADD COLUMN employer_name        text     NOT NULL DEFAULT '',
        ADD COLUMN employer_credit_code char(18) NOT NULL DEFAULT '',
        ADD COLUMN position             text     NOT NULL DEFAULT ''`);
  }
}
