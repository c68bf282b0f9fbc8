import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Residence-review cases the linkage service opens for public security (`linkage.review-required`
 * of kind `residence-review`), as public security's own records: the case, its due date and
 * explanation, the work permit it follows, the state the linkage service last gave it, and the
 * officer's decision with the signed `residence-permit.*` event that announced it.
 */
export class CreateResidenceReviews1764820000100 implements MigrationInterface {
  name = 'CreateResidenceReviews1764820000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE residence_reviews (
        case_id          uuid        PRIMARY KEY,
        subject_id       text        NOT NULL,
        region           char(6)     NOT NULL,
        work_permit_no   text,
        rule_id          text        NOT NULL,
        state            text        NOT NULL,
        opened_on        date,
        due_date         date,
        explanation_zh   text        NOT NULL,
        explanation_en   text        NOT NULL,
        source_event_id  uuid        NOT NULL,
        event_time       timestamptz NOT NULL,
        decision         text        CHECK (decision IN ('shortened', 'cancelled', 'renewed')),
        decided_by       text,
        decided_at       timestamptz,
        decision_event   jsonb,
        CHECK ((decision IS NULL) = (decision_event IS NULL))
      )`);
    await db.query('CREATE INDEX residence_reviews_open ON residence_reviews (due_date) WHERE decision IS NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE residence_reviews');
  }
}
