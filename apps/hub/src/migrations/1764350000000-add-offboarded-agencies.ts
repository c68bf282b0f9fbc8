import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An agency may be `offboarded`: it left the hub for good (its history and public keys stay). */
export class AddOffboardedAgencies1764350000000 implements MigrationInterface {
  name = 'AddOffboardedAgencies1764350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE agencies DROP CONSTRAINT agencies_status_check');
    await db.query(`ALTER TABLE agencies ADD CONSTRAINT agencies_status_check CHECK (status IN ('active', 'suspended', 'offboarded'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE agencies DROP CONSTRAINT agencies_status_check');
    await db.query(`ALTER TABLE agencies ADD CONSTRAINT agencies_status_check CHECK (status IN ('active', 'suspended'))`);
  }
}
