import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { canonicalJson, type EventEnvelope } from '@hub/contracts';
import { encryptEventData } from '@hub/identity';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { loadHubConfig } from '../../config/hub-config.js';
import { fieldCipherOf } from '../../config/hub-keys.js';
import { UNIT_TEST_HUB_ENV } from '../../config/unit-test-hub-env.js';
import { HUB_MIGRATIONS } from '../../migrations/index.js';
import { subjectIdKey } from '../../subjects/index.js';
import type { PreparedEvent } from '../event-store.port.js';
import type { EventStoreRepository } from '../event-store.repository.js';
import { recordOf, type RecordRef } from '../record-versions/record-identity.js';
import { prepared, routingEventStore } from '../testing/routing-fixture.js';
import { ConflictOutcomesRepository, type DueOutcome } from './conflict-outcomes.repository.js';
import { RecordConflictsRepository } from './record-conflicts.repository.js';
import { ResolveConflictHandler } from './resolve-conflict.handler.js';

const SHANGHAI = 'bureau-310000';
const BEIJING = 'bureau-110000';
const config = loadHubConfig(UNIT_TEST_HUB_ENV);
const cipher = fieldCipherOf(config);
const key = subjectIdKey(config.SUBJECT_ID_KEY);

/** A versioned work-permit.issued of `permitNo` from `agency`, prepared as the publish handler prepares it. */
function versioned(agency: string, permitNo: string, version: number): PreparedEvent {
  const base = prepared(randomUUID());
  const envelope = {
    ...base.envelope,
    agency,
    source: `urn:hub:agency:${agency}`,
    region: agency.slice(-6),
    recordid: `row-${agency}-${permitNo}`,
    recordversion: version,
    data: { ...(base.envelope.data as Record<string, unknown>), permitNo },
  } as EventEnvelope<object>;
  return {
    ...base,
    agency,
    region: envelope.region,
    envelope,
    payload: JSON.stringify(envelope),
    contentHash: createHash('sha256').update(canonicalJson(envelope)).digest('hex'),
    storedEnvelope: JSON.stringify(encryptEventData(cipher, envelope)),
    record: recordOf(envelope, key) as RecordRef,
  };
}

/**
 * The final outcomes of held records on the real PostgreSQL: where a held record was read is kept
 * (first reading wins, only for its own agency); a resolved conflict read from Kafka is due once,
 * as accepted or refused with CONFLICT_REJECTED and the version that won; one published over HTTP
 * never is; a send that fails leaves it due.
 */
describe('the outcomes of resolved conflicts', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let store: EventStoreRepository;
  let outcomes: ConflictOutcomesRepository;
  let resolver: ResolveConflictHandler;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('conflict_outcomes', HUB_MIGRATIONS);
    dataSource = database.dataSource;
    ({ store } = await routingEventStore(dataSource));
    outcomes = new ConflictOutcomesRepository(dataSource);
    resolver = new ResolveConflictHandler(store, new RecordConflictsRepository(dataSource), config);
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** Shanghai holds a permit at version 2; Beijing's version 1 of it is held. Answers the conflict and Beijing's event. */
  async function heldTransfer(): Promise<{ conflictId: string; event: PreparedEvent }> {
    const permitNo = `31${randomUUID().replace(/\D/g, '').slice(0, 16)}`;
    await store.storeNew([versioned(SHANGHAI, permitNo, 2)]);
    const event = versioned(BEIJING, permitNo, 1);
    const { held } = await store.storeNew([event]);
    const conflictId = held.get(event.id);
    if (!conflictId) throw new Error('the transfer was not held');
    return { conflictId, event };
  }

  async function sendAll(): Promise<DueOutcome[]> {
    const sent: DueOutcome[] = [];
    await outcomes.sendDue(100, (due) => Promise.resolve(void sent.push(...due)));
    return sent;
  }

  it('keeps where a held record was read, first reading only, and answers who holds it at which version', async () => {
    const { conflictId } = await heldTransfer();
    const facts = await outcomes.noteHeldOrigins(BEIJING, [{ conflictId, partition: 2, offset: '17' }]);
    expect(facts.get(conflictId)).toMatchObject({ state: 'open', heldAgency: SHANGHAI, heldVersion: 2, incomingVersion: 1 });
    await outcomes.noteHeldOrigins(BEIJING, [{ conflictId, partition: 0, offset: '99' }]);
    expect(await outcomes.noteHeldOrigins(SHANGHAI, [{ conflictId, partition: 1, offset: '5' }])).toEqual(new Map());
    const [row] = await dataSource.query<{ partition: number; offset: string }[]>(
      'SELECT outbound_partition AS partition, outbound_offset::text AS offset FROM record_conflicts WHERE id = $1',
      [conflictId],
    );
    expect(row).toEqual({ partition: 2, offset: '17' });
    expect((await sendAll()).filter((due) => due.conflictId === conflictId)).toEqual([]);
  });

  it('sends a rejected conflict read from Kafka once, refused with the held version; a failed send leaves it due', async () => {
    const { conflictId, event } = await heldTransfer();
    await outcomes.noteHeldOrigins(BEIJING, [{ conflictId, partition: 1, offset: '8' }]);
    await resolver.execute({ conflictId, resolution: 'keep-current', note: 'the permit stays in Shanghai', actor: 'admin:wang.li' });

    await expect(outcomes.sendDue(100, () => Promise.reject(new Error('broker away')))).rejects.toThrow('broker away');
    const [due, ...more] = (await sendAll()).filter((one) => one.conflictId === conflictId);
    expect(more).toEqual([]);
    expect(due).toMatchObject({
      agency: BEIJING,
      outcome: {
        eventId: event.id,
        status: 'refused',
        outboundOffset: { partition: 1, offset: '8' },
        error: { code: 'CONFLICT_REJECTED', status: 409, currentVersion: 2 },
        conflict: { id: conflictId, state: 'rejected', heldBy: SHANGHAI, heldVersion: 2, incomingVersion: 1, winningVersion: 2 },
      },
    });
    expect(due?.outcome.error?.message).toContain('the permit stays in Shanghai');
    expect(due?.outcome.error?.messageZh).toContain(`运维人员保留了 ${SHANGHAI} 的记录`);
    expect((await sendAll()).filter((one) => one.conflictId === conflictId)).toEqual([]);
  });

  it('sends an accepted conflict as accepted with its own version the winner, and never one published over HTTP', async () => {
    const fromKafka = await heldTransfer();
    const overHttp = await heldTransfer();
    await outcomes.noteHeldOrigins(BEIJING, [{ conflictId: fromKafka.conflictId, partition: 0, offset: '3' }]);
    for (const { conflictId } of [fromKafka, overHttp]) {
      await resolver.execute({ conflictId, resolution: 'accept-incoming', note: 'transfer approved', actor: 'admin:wang.li' });
    }
    const sent = await sendAll();
    expect(sent.filter((one) => one.conflictId === overHttp.conflictId)).toEqual([]);
    expect(sent.filter((one) => one.conflictId === fromKafka.conflictId).map((one) => one.outcome)).toEqual([
      expect.objectContaining({
        eventId: fromKafka.event.id,
        status: 'accepted',
        conflict: expect.objectContaining({ state: 'accepted', winningVersion: 1, note: 'transfer approved' }),
      }),
    ]);
    expect(sent.find((one) => one.conflictId === fromKafka.conflictId)?.outcome.error).toBeUndefined();
  });
});
