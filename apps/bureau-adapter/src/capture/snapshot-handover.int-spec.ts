import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { cancelPermit, changeEmployer, issuePermit, revokePermit } from '../reference-sor/bureau-application/index.js';
import { BureauSync } from './bureau-sync.js';
import { permitRecordId } from './permit-document.js';
import { SyncStore } from './sync-store.js';
import { ChangesDuringSnapshot } from './testing/changes-during-snapshot.js';
import { aBureauPermit, createSyncDatabases, issuePermits, RecordingPublisher, type SyncDatabases } from './testing/bureau-sync.fixture.js';

const NEW_EMPLOYER = { uscc: '91310115MA1H7TQK2R', nameZh: '上海浦东示例研究院有限公司', regionCode: '310000' };

describe('snapshot → live handover (real PostgreSQL)', () => {
  let dbs: SyncDatabases;
  let permits: number[];

  beforeEach(async () => {
    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
    permits = await issuePermits(dbs.bureau, 25); // history from before the adapter's first start
  });

  afterEach(async () => {
    await dbs?.drop();
  });

  /** Every permit's and application's version in the bureau's database now, by record id. */
  async function finalVersions(): Promise<Map<string, number>> {
    const { rows } = await dbs.bureau.query<{ record_id: string; version: number }>(
      `SELECT 'fwp.permit:' || permit_id AS record_id, version FROM fwp.permit
       UNION ALL SELECT 'fwp.application:' || application_id, version FROM fwp.application`,
    );
    return new Map(rows.map((row) => [row.record_id, row.version]));
  }

  function expectEveryPermitAtItsFinalVersion(publisher: RecordingPublisher, finals: Map<string, number>): void {
    const lastPublished = new Map(publisher.published.map(({ recordId, version }) => [recordId, version]));
    expect(lastPublished).toEqual(finals);
  }

  it('takes every existing permit and application once, then every change committed during the snapshot, with no gap and no duplicate', async () => {
    const p = (i: number): number => permits[i]!;
    const changes = new ChangesDuringSnapshot(dbs.bureau);
    const publisher = new RecordingPublisher();
    let added = 0;
    // Inside chunk 1's window, before its read: the read sees the change, and so does the stream.
    changes.afterLowWatermark = async (chunk) => {
      if (chunk === 1) await revokePermit(dbs.bureau, p(3), 'false-materials', '2026-02-01');
      if (chunk === 2) await revokePermit(dbs.bureau, p(15), 'illegal-employment', '2026-02-03');
    };
    // Inside chunk 1's window, after its read: the read has the old version, the stream the new one;
    // and a permit of chunk 2 changes before chunk 2 is read.
    changes.afterChunkRead = async (chunk) => {
      if (chunk !== 1) return;
      await changeEmployer(dbs.bureau, p(5), NEW_EMPLOYER);
      await changeEmployer(dbs.bureau, p(15), NEW_EMPLOYER);
    };
    // Between chunks, while batches are published: a cancellation and a newly issued permit.
    publisher.before = async (call) => {
      if (call !== 2) return;
      await cancelPermit(dbs.bureau, p(0), 'employment-ended', '2026-02-02');
      added = await issuePermit(dbs.bureau, aBureauPermit());
    };
    const sync = new BureauSync(changes, new SyncStore(dbs.adapter), publisher, { batchSize: 4, chunkSize: 10 });

    await sync.drain();

    const versions = publisher.versions();
    expect(new Set(versions).size).toBe(versions.length); // no duplicate
    for (const made of [`${p(3)}@2`, `${p(5)}@2`, `${p(15)}@2`, `${p(15)}@3`, `${p(0)}@2`, `${added}@1`]) {
      expect(versions).toContain(`fwp.permit:${made}`); // no change lost
    }
    expectEveryPermitAtItsFinalVersion(publisher, await finalVersions());
    const firsts = publisher.published.filter((entry) => entry.first).map((entry) => entry.recordId);
    expect(firsts.sort()).toEqual([...(await finalVersions()).keys()].sort()); // each record first seen exactly once
    for (const recordId of new Set(publisher.published.map((entry) => entry.recordId))) {
      const ofRecord = publisher.published.filter((entry) => entry.recordId === recordId).map((entry) => entry.version);
      expect(ofRecord).toEqual([...ofRecord].sort((a, b) => a - b)); // each record's versions in order
    }
    const store = new SyncStore(dbs.adapter);
    expect(await store.snapshot('permit')).toEqual({ status: 'done', afterId: String(added) });
    const { rows } = await dbs.bureau.query<{ id: string }>('SELECT max(application_id)::text AS id FROM fwp.application');
    expect(await store.snapshot('application')).toEqual({ status: 'done', afterId: rows[0]?.id });
  });

  it('after a crash mid-snapshot (published, not yet recorded) resumes from its position: no gap, repeats only of the batch in flight', async () => {
    const crashing = new RecordingPublisher();
    crashing.before = async (call) => {
      if (call === 3) await revokePermit(dbs.bureau, permits[12]!, 'false-materials', '2026-02-01');
    };
    crashing.after = (call) =>
      call === 3 ? Promise.reject(new Error('killed after Kafka acknowledged, before the position was written')) : Promise.resolve();
    const first = new BureauSync(new ChangesDuringSnapshot(dbs.bureau), new SyncStore(dbs.adapter), crashing, {
      batchSize: 4,
      chunkSize: 10,
    });
    await expect(first.drain()).rejects.toThrow('killed after Kafka acknowledged');
    const inFlight = crashing.published.filter((entry) => entry.call === 3).map(({ recordId, version }) => `${recordId}@${version}`);
    expect(inFlight.length).toBeGreaterThan(0);

    await changeEmployer(dbs.bureau, permits[2]!, NEW_EMPLOYER);
    const restarted = new RecordingPublisher();
    const second = new BureauSync(new ChangesDuringSnapshot(dbs.bureau), new SyncStore(dbs.adapter), restarted, {
      batchSize: 4,
      chunkSize: 10,
    });
    await second.drain();

    const both = Object.assign(new RecordingPublisher(), { published: [...crashing.published, ...restarted.published] });
    expectEveryPermitAtItsFinalVersion(both, await finalVersions());
    expect(restarted.versions()).toEqual(expect.arrayContaining([`${permitRecordId(permits[12]!)}@2`, `${permitRecordId(permits[2]!)}@2`]));
    expect(new Set(restarted.versions()).size).toBe(restarted.versions().length);
    // At least once: only what was in flight is sent again (the same ids: duplicates at the hub).
    expect(
      crashing
        .versions()
        .filter((version) => restarted.versions().includes(version))
        .sort(),
    ).toEqual([...inFlight].sort());
  });
});
