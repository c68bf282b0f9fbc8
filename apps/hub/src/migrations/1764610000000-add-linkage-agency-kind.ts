import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agency kind `linkage`: the national linkage service (agency id `linkage`, no region), onboarded like any agency. */
export class AddLinkageAgencyKind1764610000000 implements MigrationInterface {
  name = 'AddLinkageAgencyKind1764610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE agencies DROP CONSTRAINT agencies_kind_check');
    await db.query(
      `ALTER TABLE agencies ADD CONSTRAINT agencies_kind_check CHECK (kind IN ('bureau', 'psb', 'mfa', 'moe', 'tax', 'credit', 'linkage'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    // Refuses, as the constraint does, while a linkage agency is registered: offboarding keeps its row.
    await db.query('ALTER TABLE agencies DROP CONSTRAINT agencies_kind_check');
    await db.query(
      `ALTER TABLE agencies ADD CONSTRAINT agencies_kind_check CHECK (kind IN ('bureau', 'psb', 'mfa', 'moe', 'tax', 'credit'))`,
    );
  }
}
