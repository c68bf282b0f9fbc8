import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { cancelPermit, revokePermit } from '../reference-sor/bureau-application/index.js';
import { BureauChanges } from './bureau-changes.js';
import { BureauSync } from './bureau-sync.js';
import { permitRecordId } from './permit-document.js';
import { SyncStore } from './sync-store.js';
import { createSyncDatabases, issuePermits, RecordingPublisher, type SyncDatabases } from './testing/bureau-sync.fixture.js';

describe('change capture in commit order (real PostgreSQL)', () => {
  let dbs: SyncDatabases;
  let publisher: RecordingPublisher;
  let sync: BureauSync;

  beforeAll(async () => {
    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
    publisher = new RecordingPublisher();
    sync = new BureauSync(new BureauChanges(dbs.bureau), new SyncStore(dbs.adapter), publisher, {
      batchSize: 50,
      chunkSize: 50,
    });
    await sync.drain(); // an empty bureau: the snapshot finds nothing
  });

  afterAll(async () => {
    await dbs?.drop();
  });

  it('publishes a transaction that started first but committed last after the one that committed first, losing neither', async () => {
    const [early, late] = await issuePermits(dbs.bureau, 2);
    await sync.drain();
    const before = publisher.published.length;

    // The earlier transaction writes first (older xid, older updated_at) and stays open.
    const held = await dbs.bureau.connect();
    await held.query('BEGIN');
    await held.query(
      `UPDATE fwp.permit SET status = 'REVOKED', status_reason = 'false-materials', status_changed_on = '2026-03-01',
         version = version + 1, updated_at = now() WHERE permit_id = $1`,
      [early],
    );
    // A later transaction commits while the first is still open.
    await cancelPermit(dbs.bureau, late!, 'employment-ended', '2026-03-02');

    await sync.drain();
    expect(publisher.versions().slice(before)).toEqual([`${permitRecordId(late!)}@2`]);
    const position = await new SyncStore(dbs.adapter).position();

    await held.query('COMMIT');
    held.release();
    await sync.drain();

    // Commit order, not start order; and the earlier-started one is not passed over by the position.
    expect(publisher.versions().slice(before)).toEqual([`${permitRecordId(late!)}@2`, `${permitRecordId(early!)}@2`]);
    expect(publisher.published.at(-1)?.status).toBe('revoked');
    expect((await new SyncStore(dbs.adapter).position())! > position!).toBe(true);
  });

  it('numbers changes by commit even when the transactions interleave on one permit (row lock order ≠ start order)', async () => {
    const [permit] = await issuePermits(dbs.bureau, 1);
    await sync.drain();
    const before = publisher.published.length;

    const first = await dbs.bureau.connect();
    const second = await dbs.bureau.connect();
    await first.query('BEGIN');
    await first.query('SELECT pg_current_xact_id()'); // the older transaction id
    await second.query('BEGIN');
    await second.query(`UPDATE fwp.permit SET position_title = 'Chief engineer', version = version + 1 WHERE permit_id = $1`, [permit]);
    const waiting = first.query(`UPDATE fwp.permit SET position_title = 'Principal engineer', version = version + 1 WHERE permit_id = $1`, [
      permit,
    ]);
    await second.query('COMMIT');
    await waiting;
    await first.query('COMMIT');
    first.release();
    second.release();

    await sync.drain();
    expect(publisher.versions().slice(before)).toEqual([`${permitRecordId(permit!)}@2`, `${permitRecordId(permit!)}@3`]);
  });

  it('captures nothing of a rolled-back transaction and does not stall on its number', async () => {
    const [permit] = await issuePermits(dbs.bureau, 1);
    await sync.drain();
    const before = publisher.published.length;
    const client = await dbs.bureau.connect();
    await client.query('BEGIN');
    await client.query(`UPDATE fwp.permit SET version = version + 1 WHERE permit_id = $1`, [permit]);
    await client.query('ROLLBACK');
    client.release();
    await revokePermit(dbs.bureau, permit!, 'illegal-employment', '2026-04-01');
    await sync.drain();
    expect(publisher.versions().slice(before)).toEqual([`${permitRecordId(permit!)}@2`]);
  });

  it('publishes a change of a holder’s row under each of their permits, once per transaction', async () => {
    const [permit] = await issuePermits(dbs.bureau, 1);
    await sync.drain();
    const before = publisher.published.length;
    const client = await dbs.bureau.connect();
    await client.query('BEGIN');
    await client.query(
      `UPDATE fwp.holder SET passport_no = 'G12345678', version = version + 1 WHERE holder_id = (SELECT holder_id FROM fwp.permit WHERE permit_id = $1)`,
      [permit],
    );
    await client.query(`UPDATE fwp.permit SET version = version + 1, updated_at = now() WHERE permit_id = $1`, [permit]);
    await client.query(`UPDATE fwp.permit SET points = 80, version = version + 1, updated_at = now() WHERE permit_id = $1`, [permit]);
    await client.query('COMMIT');
    client.release();
    await sync.drain();
    expect(publisher.versions().slice(before)).toEqual([`${permitRecordId(permit!)}@3`]);
    const { rows } = await dbs.bureau.query<{ n: number }>('SELECT count(*)::int AS n FROM hub_capture.change');
    expect(rows[0]?.n).toBe(0); // published changes are pruned from the bureau's database
  });
});
