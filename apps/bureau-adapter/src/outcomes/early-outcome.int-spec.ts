import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { createSyncDatabases, type SyncDatabases } from '../capture/testing/bureau-sync.fixture.js';
import { SyncStore } from '../capture/sync-store.js';
import { listRefusals, readSyncStatus } from '../sync-status/read-sync-status.js';
import { recordOutcome } from './record-outcome.js';

/**
 * The hub can answer an event before the sync step that published it has written it to the store
 * (its answer needs only Kafka's ack): the refusal is kept at once and gets the bureau's record when
 * the step commits.
 */
describe('a hub refusal read before the sync step committed its event', () => {
  let dbs: SyncDatabases;

  beforeAll(async () => {
    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
  });
  afterAll(async () => {
    await dbs?.drop();
  });

  it('is shown under the record and version of the event once the step commits, and counted as refused', async () => {
    const eventId = randomUUID();
    await recordOutcome(dbs.adapter, {
      eventId,
      status: 'refused',
      outboundOffset: { partition: 0, offset: '41' },
      error: {
        code: 'STALE_RECORD_VERSION',
        status: 409,
        message: 'Record fwp.permit:7 is at version 5 in the hub; version 1 is older.',
        messageZh: '记录版本早于中心所持版本。',
        issues: [{ path: 'recordversion', rule: 'newerThanHeld', message: 'recordversion 1 is older than version 5' }],
        currentVersion: 5,
      },
      at: new Date().toISOString(),
    });
    expect((await listRefusals(dbs.adapter, { limit: 10 }))[0]).toMatchObject({ eventId, recordId: null });

    await new SyncStore(dbs.adapter).commit({
      position: 1n,
      records: [],
      events: [{ eventId, recordId: 'fwp.permit:7', recordVersion: 1, type: 'work-permit.issued' }],
      refusals: [],
    });

    expect(await listRefusals(dbs.adapter, { limit: 10, recordId: 'fwp.permit:7' })).toEqual([
      expect.objectContaining({
        eventId,
        recordVersion: 1,
        eventType: 'work-permit.issued',
        code: 'STALE_RECORD_VERSION',
        currentVersion: 5,
        issues: [expect.objectContaining({ path: 'recordversion', rule: 'newerThanHeld' })],
      }),
    ]);
    expect((await readSyncStatus(dbs.adapter)).events['refused']).toBe(1);
  });
});
