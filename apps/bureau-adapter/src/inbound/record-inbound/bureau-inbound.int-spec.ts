import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, exampleEvent, INBOUND_HEADERS } from '@hub/contracts';
import type { KafkaBatch } from '@hub/messaging';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { listDeadLetters, redriveDeadLetters } from '@hub/agency-kit';
import { aBureauPermit, createSyncDatabases, type SyncDatabases } from '../../capture/testing/bureau-sync.fixture.js';
import { issuePermit } from '../../reference-sor/bureau-application/index.js';
import { inboundDataSource, installHubInbound } from '../inbound-data-source.js';
import { readHolderStanding, readInboundStatus } from '../inbound-status/read-inbound-status.js';
import { bureauInboundConsumer } from './bureau-inbound-consumer.js';

type Json = Record<string, unknown>;
const SUBSCRIPTION = randomUUID();
const TOPIC = 'agency.bureau-310000.inbound';

function anEvent(type: string, data: Json, time: string, subject: string): Json {
  const contract = EVENT_CATALOGUE.find((c) => c.type === type && c.version === 1);
  if (!contract) throw new Error(`no ${type} v1`);
  const example = exampleEvent(contract);
  return {
    ...example,
    id: randomUUID(),
    subject,
    time,
    correlationid: `inbound-${randomUUID()}`,
    data: { ...(example['data'] as Json), ...data },
  };
}

let offset = 0;
function delivered(event: Json, sequence: number, headers: Record<string, string> = {}): KafkaBatch['messages'][number] {
  offset += 1;
  return {
    key: String(event['subject']),
    value: Buffer.from(JSON.stringify(event)),
    headers: { [INBOUND_HEADERS.subscriptionId]: SUBSCRIPTION, [INBOUND_HEADERS.sequence]: String(sequence), ...headers },
    offset: String(offset),
    timestamp: '0',
  };
}

const batch = (messages: KafkaBatch['messages']): KafkaBatch => ({
  topic: TOPIC,
  partition: 0,
  messages,
  heartbeat: () => Promise.resolve(),
});

/**
 * The bureau's inbound side against a real reference bureau database: what the hub delivers lands
 * under `hub_inbound` beside the bureau's `fwp` tables (which are not changed), once per event, in
 * order, never overwritten by an older event; poison is dead-lettered and redriven; gaps reported.
 */
describe('bureau inbound records', () => {
  let dbs: SyncDatabases;
  let db: DataSource;
  const permit = aBureauPermit();
  const holder = { passportNo: permit.holder.passportNo, nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' };
  const subject = `sub_${randomUUID().replace(/-/g, '')}`;

  beforeAll(async () => {
    dbs = await createSyncDatabases(TEST_DATABASE_SERVER_URL);
    await issuePermit(dbs.bureau, permit);
    await installHubInbound(dbs.bureauUrl);
    await installHubInbound(dbs.bureauUrl); // a second start changes nothing
    db = await inboundDataSource(dbs.bureauUrl).initialize();
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await dbs?.drop();
  });

  const residence = (type: string, data: Json, time: string): Json =>
    anEvent(type, { permitNo: 'R310000260009999', holder, workPermitNo: permit.permitNo, ...data }, time, subject);

  it("applies residence decisions and linkage cases to the bureau's database once, in order, older events never overwriting", async () => {
    const consumer = bureauInboundConsumer(db, 60_000);
    const issued = residence(
      'residence-permit.issued',
      { issuedOn: '2026-01-10', validFrom: '2026-01-10', validTo: '2027-12-31' },
      '2026-01-10T09:00:00+08:00',
    );
    const review = anEvent('linkage.review-required', {}, '2026-03-01T09:00:00+08:00', subject);
    const caseId = ((review['data'] as Json)['case'] as Json)['caseId'];
    const shortened = residence(
      'residence-permit.shortened',
      { shortenedOn: '2026-03-05', previousValidTo: '2027-12-31', validTo: '2026-04-30', reason: 'work-permit-ended' },
      '2026-03-05T10:00:00+08:00',
    );
    const first = await consumer.consume(batch([delivered(issued, 1), delivered(review, 2), delivered(shortened, 3)]));
    expect(first.applied.applied.map((e) => e.type)).toEqual([
      'residence-permit.issued',
      'linkage.review-required',
      'residence-permit.shortened',
    ]);

    // Kafka delivers the batch again, and a replay brings the issue (older than the record) once more.
    const again = await consumer.consume(batch([delivered(issued, 1), delivered(shortened, 3)]));
    expect(again.fresh).toHaveLength(0);
    expect(again.duplicates).toHaveLength(2);
    const replayedIssue = { ...issued, id: randomUUID() };
    const replayed = await consumer.consume(batch([delivered(replayedIssue, 1, { [INBOUND_HEADERS.replayId]: randomUUID() })]));
    expect(replayed.applied.older).toBe(1);

    expect(await readHolderStanding(db, 'FRA', permit.holder.passportNo)).toMatchObject({
      residencePermitNo: 'R310000260009999',
      residenceStatus: 'valid',
      residenceLastAction: 'shortened',
      residenceValidTo: '2026-04-30',
      openCases: 1,
    });
    const [stored] = await db.query<{ state: string; owner_agency: string }[]>(
      'SELECT state, owner_agency FROM linkage_case WHERE case_id = $1',
      [caseId],
    );
    expect(stored).toEqual({ state: 'open', owner_agency: 'psb-310000' });
    const { rows } = await dbs.bureau.query<{ n: number }>('SELECT count(*)::int AS n FROM fwp.holder WHERE passport_no = $1', [
      permit.holder.passportNo,
    ]);
    expect(rows[0]?.n).toBe(1);
  });

  it('dead-letters a record it cannot read, naming the field path and rule, applies it once redriven after a fix, and reports a gap', async () => {
    const consumer = bureauInboundConsumer(db, 0);
    const bad = residence(
      'residence-permit.cancelled',
      { cancelledOn: 'yesterday', reason: 'work-permit-ended' },
      '2026-03-20T10:00:00+08:00',
    );
    const outcome = await consumer.consume(batch([delivered(bad, 5)]));
    expect(outcome.deadLettered).toHaveLength(1);
    expect(outcome.deadLettered[0]?.reason).toContain('data.cancelledOn');
    expect(outcome.gaps).toEqual([{ subscriptionId: SUBSCRIPTION, expected: 4, received: 5 }]);
    const status = await readInboundStatus(db);
    expect(status.deadLetters.byCode).toEqual({ INVALID_RECORD: 1 });

    // Redriven unchanged, it fails again and stays; fixed in place (as an operator would after the sender's correction), it applies.
    const [letter] = await listDeadLetters(db, 1);
    expect(await redriveDeadLetters(db, consumer, [letter!.id])).toEqual({ redriven: 1, recovered: 0, deadLetteredAgain: 1 });
    await db.query(`UPDATE dead_letters SET payload = replace(payload, '"yesterday"', '"2026-03-20"')`);
    expect(await redriveDeadLetters(db, consumer, [])).toEqual({ redriven: 1, recovered: 1, deadLetteredAgain: 0 });
    expect(await readHolderStanding(db, 'FRA', permit.holder.passportNo)).toMatchObject({
      residenceStatus: 'cancelled',
      residenceLastAction: 'cancelled',
    });
    expect((await readInboundStatus(db)).deadLetters.total).toBe(0);
  });
});
