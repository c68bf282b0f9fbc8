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
import { EventIdConflictError } from '../events.errors.js';
import { RecordConflictsRepository } from '../record-conflicts/record-conflicts.repository.js';
import { ResolveConflictHandler } from '../record-conflicts/resolve-conflict.handler.js';
import { prepared, routingEventStore } from '../testing/routing-fixture.js';
import { recordOf, type RecordRef } from './record-identity.js';
import { ConflictAlreadyResolvedError, RecordChangeRejectedError, StaleRecordVersionError } from './record-versions.errors.js';

const SHANGHAI = 'bureau-310000';
const BEIJING = 'bureau-110000';
const config = loadHubConfig(UNIT_TEST_HUB_ENV);
const cipher = fieldCipherOf(config);
const key = subjectIdKey(config.SUBJECT_ID_KEY);

/** A versioned work-permit.issued of `permitNo` from `agency`, prepared as the publish handler prepares it (data encrypted for the store). */
function versioned(agency: string, permitNo: string, version: number, position = 'engineer', id: string = randomUUID()): PreparedEvent {
  const base = prepared(id);
  const envelope = {
    ...base.envelope,
    agency,
    source: `urn:hub:agency:${agency}`,
    region: `${agency.slice(-6)}`,
    recordid: `row-${agency}-${permitNo}`,
    recordversion: version,
    data: { ...(base.envelope.data as Record<string, unknown>), permitNo, position },
  } as EventEnvelope<object>;
  const payload = JSON.stringify(envelope);
  return {
    ...base,
    agency,
    region: envelope.region,
    envelope,
    payload,
    contentHash: createHash('sha256').update(canonicalJson(envelope)).digest('hex'),
    storedEnvelope: JSON.stringify(encryptEventData(cipher, envelope)),
    record: recordOf(envelope, key) as RecordRef,
  };
}

function permitNo(): string {
  return `31${String(Date.now()).slice(-10)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

/**
 * Record versions and the conflict queue on the real PostgreSQL: a stale version is refused with the
 * version held and stores nothing; a newer one moves the record; the held version again is a
 * duplicate; a change to another agency's record is queued and resolved each way, audited;
 * concurrent publishes and resolves serialise on the record and the conflict rows.
 */
describe('record versions in the event store', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let store: EventStoreRepository;
  let conflicts: RecordConflictsRepository;
  let resolver: ResolveConflictHandler;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('record_versions', HUB_MIGRATIONS);
    dataSource = database.dataSource;
    ({ store } = await routingEventStore(dataSource));
    conflicts = new RecordConflictsRepository(dataSource);
    resolver = new ResolveConflictHandler(store, conflicts, config);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function storedIds(events: readonly PreparedEvent[]): Promise<string[]> {
    const rows = await dataSource.query<{ id: string }[]>('SELECT id FROM events WHERE id = ANY($1::uuid[]) ORDER BY id', [
      events.map((e) => e.id),
    ]);
    return rows.map((row) => row.id);
  }

  async function heldVersion(event: PreparedEvent): Promise<{ agency: string; version: string }> {
    const [row] = await dataSource.query<{ agency: string; version: string }[]>(
      'SELECT agency, version::text FROM record_versions WHERE record_key = $1',
      [event.record?.key],
    );
    return row ?? { agency: '', version: '' };
  }

  async function auditActions(eventId: string): Promise<string[]> {
    const rows = await dataSource.query<{ action: string; actor: string }[]>(
      'SELECT action, actor FROM audit_trail WHERE event_id = $1 ORDER BY seq, leaf',
      [eventId],
    );
    return rows.map((row) => `${row.actor} ${row.action}`);
  }

  it('refuses a version lower than the one held with the current version, and stores nothing of the request', async () => {
    const permit = permitNo();
    const v2 = versioned(SHANGHAI, permit, 2);
    await store.storeNew([v2]);
    const older = versioned(SHANGHAI, permit, 1);
    const unversioned = prepared();
    const refusal = await store.storeNew([unversioned, older]).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StaleRecordVersionError);
    expect(refusal).toMatchObject({ code: 'STALE_RECORD_VERSION', currentVersion: 2 });
    expect((refusal as StaleRecordVersionError).issues).toEqual([
      expect.objectContaining({ path: 'recordversion', rule: 'newerThanHeld' }),
    ]);
    expect(await storedIds([unversioned, older])).toEqual([]);
    expect(await heldVersion(v2)).toEqual({ agency: SHANGHAI, version: '2' });
  });

  it('stores a newer version and moves the record to it', async () => {
    const permit = permitNo();
    const v1 = versioned(SHANGHAI, permit, 1);
    const v3 = versioned(SHANGHAI, permit, 3, 'manager');
    expect(await store.storeNew([v1])).toEqual({ duplicates: new Set(), held: new Map() });
    expect(await store.storeNew([v3])).toEqual({ duplicates: new Set(), held: new Map() });
    expect(await storedIds([v1, v3])).toEqual([v1.id, v3.id].sort());
    expect(await heldVersion(v3)).toEqual({ agency: SHANGHAI, version: '3' });
  });

  it('takes the held version again with the same content as a duplicate, and with other content as stale', async () => {
    const permit = permitNo();
    await store.storeNew([versioned(SHANGHAI, permit, 4)]);
    const again = versioned(SHANGHAI, permit, 4);
    expect((await store.storeNew([again])).duplicates).toEqual(new Set([again.id]));
    expect(await storedIds([again])).toEqual([]);
    const changed = versioned(SHANGHAI, permit, 4, 'director');
    const refusal = await store.storeNew([changed]).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'STALE_RECORD_VERSION', currentVersion: 4 });
    expect((refusal as StaleRecordVersionError).issues[0]?.rule).toBe('sameVersionSameContent');
  });

  it('answers a re-sent event by its id as a duplicate, even after the record moved on (a Kafka re-read)', async () => {
    const permit = permitNo();
    const v1 = versioned(SHANGHAI, permit, 1);
    await store.storeNew([v1]);
    await store.storeNew([versioned(SHANGHAI, permit, 2)]);
    expect((await store.storeNew([{ ...v1 }])).duplicates).toEqual(new Set([v1.id]));
  });

  it('refuses an event id reused for other content as an id conflict, not as a record decision', async () => {
    const permit = permitNo();
    const v1 = versioned(SHANGHAI, permit, 1);
    await store.storeNew([v1]);
    const reused = versioned(BEIJING, permit, 2, 'other content', v1.id);
    await expect(store.storeNew([reused])).rejects.toBeInstanceOf(EventIdConflictError);
    expect(await conflicts.list({ recordKey: v1.record?.key }, {})).toEqual({ items: [], nextCursor: null });
  });

  it('serialises concurrent publishes of one record: the versions stored rise in commit order and the newest ends held', async () => {
    const permit = permitNo();
    // Separate stores: separate transactions racing for the same record row (no group commit between them).
    const stores = await Promise.all(Array.from({ length: 8 }, () => routingEventStore(dataSource)));
    const events = stores.map((_, index) => versioned(SHANGHAI, permit, index + 1, `position ${index + 1}`));
    const answers = await Promise.all(
      stores.map(({ store: racer }, index) =>
        racer.storeNew([events[index] as PreparedEvent]).then(
          () => 'accepted',
          (error: unknown) => error,
        ),
      ),
    );
    for (const [index, answer] of answers.entries()) {
      if (answer === 'accepted') continue;
      expect(answer).toBeInstanceOf(StaleRecordVersionError);
      expect((answer as StaleRecordVersionError).currentVersion).toBeGreaterThan(index + 1);
    }
    expect(answers[7]).toBe('accepted');
    expect(await heldVersion(events[0] as PreparedEvent)).toEqual({ agency: SHANGHAI, version: '8' });
    // The audit leaf of each stored event is numbered after its transaction took the record's lock: lock order.
    const stored = await dataSource.query<{ version: number }[]>(
      `SELECT (e.envelope->>'recordversion')::int AS version FROM audit_trail a JOIN events e ON e.id = a.event_id
        WHERE a.event_id = ANY($1::uuid[]) AND a.action = 'event.published' ORDER BY a.seq, a.leaf`,
      [events.map((e) => e.id)],
    );
    const versions = stored.map((row) => row.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(versions).toHaveLength(answers.filter((a) => a === 'accepted').length);
  });

  it('lets one of two agencies racing to publish a new record hold it, and queues the other', async () => {
    const permit = permitNo();
    const [one, two] = await Promise.all([routingEventStore(dataSource), routingEventStore(dataSource)]);
    const shanghai = versioned(SHANGHAI, permit, 1);
    const beijing = versioned(BEIJING, permit, 1, 'transferred');
    const [a, b] = await Promise.all([one.store.storeNew([shanghai]), two.store.storeNew([beijing])]);
    expect(a.held.size + b.held.size).toBe(1);
    expect((await storedIds([shanghai, beijing])).length).toBe(1);
  });

  it('queues a change to a record another agency holds with both versions and the changed fields, and accepts it on resolve', async () => {
    const permit = permitNo();
    const shanghai = versioned(SHANGHAI, permit, 3);
    await store.storeNew([shanghai]);
    const beijing = versioned(BEIJING, permit, 1, 'transferred to Beijing');
    const outcome = await store.storeNew([beijing]);
    const conflictId = outcome.held.get(beijing.id) ?? '';
    expect(conflictId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.duplicates.size).toBe(0);
    expect(await storedIds([beijing])).toEqual([]);
    expect((await store.storeNew([{ ...beijing }])).held.get(beijing.id)).toBe(conflictId);

    const conflict = await conflicts.get(conflictId);
    expect(conflict).toMatchObject({
      state: 'open',
      kind: 'work-permit',
      held: { agency: SHANGHAI, version: 3, eventId: shanghai.id, recordId: `row-${SHANGHAI}-${permit}` },
      incoming: { agency: BEIJING, version: 1, eventId: beijing.id, recordId: `row-${BEIJING}-${permit}` },
      resolution: null,
    });
    expect(conflict?.diff).toEqual([{ path: 'position', held: 'engineer', incoming: 'transferred to Beijing' }]);
    const page = await conflicts.list({ state: 'open', agency: BEIJING, recordKey: shanghai.record?.key }, {});
    expect(page.items.map((c) => c.id)).toEqual([conflictId]);
    expect(await auditActions(beijing.id)).toEqual([`agency:${BEIJING} record.conflict-opened`]);

    const resolved = await resolver.execute({ conflictId, resolution: 'accept-incoming', actor: 'admin:wang', note: 'transfer confirmed' });
    expect(resolved).toMatchObject({
      state: 'accepted',
      resolution: { resolution: 'accept-incoming', by: 'admin:wang', note: 'transfer confirmed' },
    });
    expect(await storedIds([beijing])).toEqual([beijing.id]);
    const [outbox] = await dataSource.query<{ payload: string }[]>('SELECT payload FROM outbox WHERE event_id = $1', [beijing.id]);
    expect(JSON.parse(outbox?.payload ?? '{}')).toEqual(beijing.envelope);
    expect(await heldVersion(beijing)).toEqual({ agency: BEIJING, version: '1' });
    expect(await auditActions(beijing.id)).toEqual([
      `agency:${BEIJING} record.conflict-opened`,
      'admin:wang record.conflict-resolved',
      `agency:${BEIJING} event.published`,
    ]);

    await expect(resolver.execute({ conflictId, resolution: 'accept-incoming', actor: 'admin:li', note: 'again' })).resolves.toMatchObject({
      resolution: { by: 'admin:wang' },
    });
    await expect(resolver.execute({ conflictId, resolution: 'keep-current', actor: 'admin:li', note: 'no' })).rejects.toBeInstanceOf(
      ConflictAlreadyResolvedError,
    );
    expect(await storedIds([beijing])).toEqual([beijing.id]);
    // Shanghai's next change is now a change to Beijing's record.
    expect((await store.storeNew([versioned(SHANGHAI, permit, 4)])).held.size).toBe(1);
  });

  it('keeps the current version on keep-current, tells a re-sent change it was refused, and audits it', async () => {
    const permit = permitNo();
    const shanghai = versioned(SHANGHAI, permit, 2);
    await store.storeNew([shanghai]);
    const beijing = versioned(BEIJING, permit, 7, 'moved');
    const conflictId = (await store.storeNew([beijing])).held.get(beijing.id) ?? '';
    const resolved = await resolver.execute({ conflictId, resolution: 'keep-current', actor: 'admin:zhao', note: 'no transfer on file' });
    expect(resolved).toMatchObject({ state: 'rejected', resolution: { resolution: 'keep-current', note: 'no transfer on file' } });
    expect(await heldVersion(shanghai)).toEqual({ agency: SHANGHAI, version: '2' });
    const refusal = await store.storeNew([{ ...beijing }]).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RecordChangeRejectedError);
    expect((refusal as Error).message).toContain('no transfer on file');
    expect(await storedIds([beijing])).toEqual([]);
    expect(await auditActions(beijing.id)).toEqual([`agency:${BEIJING} record.conflict-opened`, 'admin:zhao record.conflict-resolved']);
  });

  it('lets one of concurrent resolves win: the event is stored once, the other resolution is refused or answered the same', async () => {
    const permit = permitNo();
    await store.storeNew([versioned(SHANGHAI, permit, 1)]);
    const beijing = versioned(BEIJING, permit, 2, 'moved');
    const conflictId = (await store.storeNew([beijing])).held.get(beijing.id) ?? '';
    const racers = await Promise.all(
      Array.from({ length: 4 }, async () => new ResolveConflictHandler((await routingEventStore(dataSource)).store, conflicts, config)),
    );
    const answers = await Promise.all(
      racers.map((racer, index) =>
        racer
          .execute({
            conflictId,
            resolution: index % 2 === 0 ? 'accept-incoming' : 'keep-current',
            actor: `admin:op${index}`,
            note: 'race',
          })
          .then(
            (conflict) => conflict.resolution?.resolution ?? 'open',
            (error: unknown) => error,
          ),
      ),
    );
    const winner = (await conflicts.get(conflictId))?.resolution?.resolution;
    for (const answer of answers) {
      if (answer === winner) continue;
      expect(answer).toBeInstanceOf(ConflictAlreadyResolvedError);
    }
    expect(await storedIds([beijing])).toEqual(winner === 'accept-incoming' ? [beijing.id] : []);
    const resolutions = await dataSource.query<{ n: string }[]>(
      `SELECT count(*)::text AS n FROM audit_trail WHERE event_id = $1 AND action = 'record.conflict-resolved'`,
      [beijing.id],
    );
    expect(resolutions[0]?.n).toBe('1');
  });
});
