import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PublishOutcome } from '@hub/agency-kit';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { createSyncDatabases, type SyncDatabases } from '../capture/testing/bureau-sync.fixture.js';
import { SyncStore } from '../capture/sync-store.js';
import { listRefusals, readSyncStatus } from '../sync-status/read-sync-status.js';
import { recordOutcome } from './record-outcome.js';

const HOLDER = 'bureau-310000';

/** A record the bureau published (version 1 of `recordId`), held by the hub because Shanghai's bureau holds it at version 3. */
function held(eventId: string, conflictId: string, offset: string): PublishOutcome {
  return {
    eventId,
    status: 'held',
    outboundOffset: { partition: 0, offset },
    error: {
      code: 'RECORD_CONFLICT_HELD',
      status: 202,
      message: `Record fwp.permit:${offset} (work-permit) is held by ${HOLDER} at version 3; your version 1 waits in the hub's conflict queue.`,
      messageZh: `记录 fwp.permit:${offset}（work-permit）由 ${HOLDER} 持有，版本 3。`,
      currentVersion: 3,
    },
    conflict: { id: conflictId, state: 'open', heldBy: HOLDER, heldVersion: 3, incomingVersion: 1 },
    at: '2026-12-01T02:00:00.000Z',
  };
}

/**
 * A held record as the bureau sees it, round trip: held (with the holder and its version) until the
 * hub sends the operator's resolution for the same record, then accepted (the hold gone) or refused
 * (a refusal with the hub's zh/en reason). Real PostgreSQL.
 */
describe("the bureau's view of a held record and its resolution", () => {
  let dbs: SyncDatabases;
  const store = (): SyncStore => new SyncStore(dbs.adapter);

  beforeAll(async () => {
    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
  });
  afterAll(async () => {
    await dbs?.drop();
  });

  async function publish(eventId: string, recordId: string, position: bigint): Promise<void> {
    await store().commit({
      position,
      records: [],
      events: [{ eventId, recordId, recordVersion: 1, type: 'work-permit.issued' }],
      refusals: [],
    });
  }

  it('shows a held record as held with the competing version, then as refused with the reason once an operator kept the other version', async () => {
    const [eventId, conflictId] = [randomUUID(), randomUUID()];
    await store().begin(0n);
    await publish(eventId, 'fwp.permit:11', 1n);
    await recordOutcome(dbs.adapter, held(eventId, conflictId, '11'));

    expect(await listRefusals(dbs.adapter, { limit: 10, recordId: 'fwp.permit:11' })).toEqual([
      expect.objectContaining({ status: 'held', eventId, code: 'RECORD_CONFLICT_HELD', currentVersion: 3, recordVersion: 1 }),
    ]);
    expect((await readSyncStatus(dbs.adapter)).events['held']).toBe(1);

    const rejected: PublishOutcome = {
      eventId,
      status: 'refused',
      outboundOffset: { partition: 0, offset: '11' },
      error: {
        code: 'CONFLICT_REJECTED',
        status: 409,
        message: `An operator kept ${HOLDER}'s version 3 of record fwp.permit:11 (conflict ${conflictId}: the permit moved to Shanghai).`,
        messageZh: `运维人员保留了 ${HOLDER} 的记录 fwp.permit:11 版本 3。`,
        currentVersion: 3,
      },
      conflict: {
        id: conflictId,
        state: 'rejected',
        heldBy: HOLDER,
        heldVersion: 3,
        incomingVersion: 1,
        winningVersion: 3,
        note: 'the permit moved to Shanghai',
      },
      at: '2026-12-01T03:00:00.000Z',
    };
    await recordOutcome(dbs.adapter, rejected);
    await recordOutcome(dbs.adapter, rejected);
    // The held outcome read again after the resolution (a crash, or two senders) changes nothing.
    await recordOutcome(dbs.adapter, held(eventId, conflictId, '11'));

    const refusals = await listRefusals(dbs.adapter, { limit: 10, recordId: 'fwp.permit:11' });
    expect(refusals).toEqual([
      expect.objectContaining({
        status: 'refused',
        eventId,
        code: 'CONFLICT_REJECTED',
        httpStatus: 409,
        currentVersion: 3,
        message: expect.stringContaining('the permit moved to Shanghai'),
        messageZh: expect.stringContaining('版本 3'),
      }),
    ]);
    const status = await readSyncStatus(dbs.adapter);
    expect(status.events).toMatchObject({ held: 0, refused: 1 });
  });

  it('drops the hold and counts the record accepted once an operator accepted its version', async () => {
    const [eventId, conflictId] = [randomUUID(), randomUUID()];
    await publish(eventId, 'fwp.permit:12', 2n);
    await recordOutcome(dbs.adapter, held(eventId, conflictId, '12'));
    expect(await listRefusals(dbs.adapter, { limit: 10, recordId: 'fwp.permit:12' })).toHaveLength(1);

    const accepted: PublishOutcome = {
      eventId,
      status: 'accepted',
      outboundOffset: { partition: 0, offset: '12' },
      conflict: {
        id: conflictId,
        state: 'accepted',
        heldBy: HOLDER,
        heldVersion: 3,
        incomingVersion: 1,
        winningVersion: 1,
        note: 'transfer approved',
      },
      at: '2026-12-01T03:00:00.000Z',
    };
    await recordOutcome(dbs.adapter, accepted);
    await recordOutcome(dbs.adapter, held(eventId, conflictId, '12'));

    expect(await listRefusals(dbs.adapter, { limit: 10, recordId: 'fwp.permit:12' })).toEqual([]);
    const [row] = await dbs.adapter.query<{ outcome: string }[]>('SELECT outcome FROM bureau_sync.published_event WHERE event_id = $1', [
      eventId,
    ]);
    expect(row).toEqual({ outcome: 'accepted' });
  });
});
