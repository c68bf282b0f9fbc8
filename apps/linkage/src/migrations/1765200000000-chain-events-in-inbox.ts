import type { MigrationInterface, QueryRunner } from 'typeorm';
import { chainEventsSql } from '../store/person-chains.repository.js';

/**
 * A chain's events are no longer copied into `person_chains.chain`: the row keeps the state folded
 * from them, and the events are read from `linkage_inbox`, where every folded event is recorded once
 * in the same transaction (the inbox is never retired). Each batch wrote every touched person's whole
 * event list again (2.7 MB of JSON for 895 events at 5,000 records/s offered), and each rewrite left a
 * dead row of that size behind. Down puts the events back from the inbox.
 */
export class ChainEventsInInbox1765200000000 implements MigrationInterface {
  name = 'ChainEventsInInbox1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE person_chains SET chain = chain - 'events' WHERE chain ? 'events'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE person_chains SET chain = chain || jsonb_build_object('events', (${chainEventsSql('person_chains.subject')}))`);
  }
}
