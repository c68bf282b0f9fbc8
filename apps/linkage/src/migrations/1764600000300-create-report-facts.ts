import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly reports' facts: a few rows per person (permits issued, residence permits issued on
 * them, eligibility for permanent residence, commitments and missing documents), rebuilt from the
 * person's chain on every update, so a report over a million people reads an index instead of every
 * chain's JSON. Cases are reported straight from `cases`, which gains an index by due date.
 */
export class CreateReportFacts1764600000300 implements MigrationInterface {
  name = 'CreateReportFacts1764600000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE report_facts (
        subject  text    NOT NULL,
        fact_key text    NOT NULL,
        kind     text    NOT NULL CHECK (kind IN ('permit-issued', 'residence-issued', 'pr-eligible', 'commitment', 'missing-document')),
        province text    NOT NULL CHECK (province ~ '^[0-9]{2}0000$'),
        month    date    NOT NULL CHECK (extract(day FROM month) = 1),
        detail   text,
        days     integer,
        due_on   date,
        done_on  date,
        breached boolean NOT NULL DEFAULT false,
        PRIMARY KEY (subject, fact_key)
      )`);
    // Every report reads one kind over a range of months, for one province or all: index-only scans.
    await db.query(
      'CREATE INDEX report_facts_by_month ON report_facts (kind, month, province) INCLUDE (days, detail, due_on, done_on, breached)',
    );
    await db.query(
      'CREATE INDEX report_facts_by_province ON report_facts (province, kind, month) INCLUDE (days, detail, due_on, done_on, breached)',
    );
    await db.query('CREATE INDEX cases_by_due_date ON cases (due_date, province)');
    await db.query('CREATE INDEX cases_without_due_date ON cases (opened_on, province) WHERE due_date IS NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX cases_without_due_date');
    await db.query('DROP INDEX cases_by_due_date');
    await db.query('DROP TABLE report_facts');
  }
}
