import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records the dispatcher could not route (not an event, or an event its routing fails on for a
 * reason a retry cannot fix), kept whole with the reason so they never block the records behind
 * them and can be inspected. The same shape as the adapters' `dead_letters`.
 */
export class CreateDispatchDeadLetters1764320000000 implements MigrationInterface {
  name = 'CreateDispatchDeadLetters1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE dead_letters (
        id            bigserial   PRIMARY KEY,
        topic         text        NOT NULL,
        partition     integer     NOT NULL,
        "offset"      bigint      NOT NULL,
        message_key   text,
        payload       text        NOT NULL,
        headers       jsonb       NOT NULL,
        error_code    text        NOT NULL,
        error_message text        NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (topic, partition, "offset")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE dead_letters');
  }
}
