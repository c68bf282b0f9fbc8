import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { buildChain } from '../chain/apply-event.js';
import type { ChainEvent } from '../chain/person-chain.types.js';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { aSubject, contractEvent } from '../testing/contract-events.fixture.js';
import { LinkageInboxRepository } from './linkage-inbox.repository.js';
import { PersonChainsRepository } from './person-chains.repository.js';

const ASOF = '2026-03-20';

/**
 * A chain as `person_chains` keeps it, on a real PostgreSQL: the row holds the state, the events are
 * the person's rows of `linkage_inbox`, read back in the chain's order (time, then id), without the
 * service's own conclusions, and only through a given arrival when one is set (as a rebuild reads).
 */
describe('person_chains with their events in the inbox', () => {
  let database: MigratedTestDatabase;
  const inbox = new LinkageInboxRepository();

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_chain_events', LINKAGE_MIGRATIONS);
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** A person's violations, admitted out of time order, two at the same minute (ordered by id), and a conclusion about them. */
  async function storeChain(): Promise<{ subject: string; admitted: ChainEvent[]; firstArrival: number }> {
    const subject = aSubject();
    const at = (minute: string) => `2026-03-02T10:${minute}:00+08:00`;
    const facts = ['07', '01', '05', '05', '03'].map(
      (minute) => contractEvent('credit.violation-recorded', {}, { subject, time: at(minute) }) as unknown as ChainEvent,
    );
    const conclusion = contractEvent('linkage.flag-changed', {}, { subject, time: at('00') }) as unknown as ChainEvent;
    const admitted = [facts[0], conclusion, ...facts.slice(1)] as ChainEvent[];
    const [row] = await database.dataSource.query<{ next: string }[]>('SELECT coalesce(max(arrival), 0) + 1 AS next FROM linkage_inbox');
    await database.dataSource.transaction(async (tx) => {
      await new PersonChainsRepository().saveMany(tx, [buildChain(subject, facts)], ASOF);
      await inbox.admit(
        tx,
        admitted.map((event) => ({ event, delivery: null, asOf: ASOF })),
      );
    });
    return { subject, admitted, firstArrival: Number(row?.next) };
  }

  it('stores the state alone and reads the chain back whole, in canonical order, without conclusions', async () => {
    const { subject, admitted } = await storeChain();
    const facts = admitted.filter((event) => !event.type.startsWith('linkage.'));
    const expected = buildChain(subject, facts);
    expect(expected.events.map((event) => event.time.slice(14, 16))).toEqual(['01', '03', '05', '05', '07']);

    const [row] = await database.dataSource.query<{ keys: string[]; event_count: number }[]>(
      `SELECT array(SELECT jsonb_object_keys(chain) ORDER BY 1) AS keys, event_count FROM person_chains WHERE subject = $1`,
      [subject],
    );
    expect(row).toEqual({ keys: ['state', 'subject'], event_count: 5 });
    const loaded = await database.dataSource.transaction((tx) => new PersonChainsRepository().load(tx, [subject, aSubject()]));
    expect([...loaded.keys()]).toEqual([subject]);
    expect(loaded.get(subject)?.chain).toEqual(expected);
  });

  it('reads only the events up to the arrival it is given', async () => {
    const { subject, admitted, firstArrival } = await storeChain();
    // Arrivals: 07, the conclusion, 01, 05, then the second 05 and 03 after the bound.
    const through = firstArrival + 3;
    const loaded = await database.dataSource.transaction((tx) => new PersonChainsRepository(() => through).load(tx, [subject]));
    const before = buildChain(subject, [admitted[0], admitted[1], admitted[2], admitted[3]] as ChainEvent[]);
    expect(before.events).toHaveLength(3);
    expect(loaded.get(subject)?.chain.events).toEqual(before.events);
  });

  it('puts the events back into the row when its migration is undone, and takes them out again', async () => {
    const { subject, admitted } = await storeChain();
    const expected = buildChain(
      subject,
      admitted.filter((event) => !event.type.startsWith('linkage.')),
    );
    const storedEvents = async (): Promise<unknown> =>
      (
        await database.dataSource.query<{ events: unknown }[]>(`SELECT chain -> 'events' AS events FROM person_chains WHERE subject = $1`, [
          subject,
        ])
      )[0]?.events;

    expect(await storedEvents()).toBeNull();
    await database.dataSource.undoLastMigration();
    expect(await storedEvents()).toEqual(expected.events);
    await database.dataSource.runMigrations();
    expect(await storedEvents()).toBeNull();
    const loaded = await database.dataSource.transaction((tx) => new PersonChainsRepository().load(tx, [subject]));
    expect(loaded.get(subject)?.chain).toEqual(expected);
  });
});
