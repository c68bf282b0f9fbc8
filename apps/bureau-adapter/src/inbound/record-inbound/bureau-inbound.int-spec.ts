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

  it("applies visas and credit records to the bureau's database once, in each person's order, older events never overwriting", async () => {
    const consumer = bureauInboundConsumer(db, 60_000);
    const subscription = randomUUID();
    const through = (event: Json, sequence: number): KafkaBatch['messages'][number] =>
      delivered(event, sequence, { [INBOUND_HEADERS.subscriptionId]: subscription });
    const other = {
      passportNo: `P${randomUUID().slice(0, 8).toUpperCase()}`,
      nationality: 'DEU',
      birthDate: '1990-02-03',
      name: 'Lena Schmidt',
    };
    const otherSubject = `sub_${randomUUID().replace(/-/g, '')}`;
    const visaNo = `V${randomUUID().slice(0, 8).toUpperCase()}`;
    const recordNo = `CR-310000-2026-${randomUUID().slice(0, 6)}`;
    const breachNo = `CB-310000-2026-${randomUUID().slice(0, 6)}`;
    const visaIssued = anEvent(
      'visa.issued',
      { visaNo, holder, category: 'Z', issuedOn: '2026-01-20', validFrom: '2026-01-20', validTo: '2026-04-19' },
      '2026-01-20T09:00:00+08:00',
      subject,
    );
    const refused = anEvent(
      'visa.refused',
      { holder: other, category: 'Z', refusedOn: '2026-01-19', reasonCode: 'missing-documents' },
      '2026-01-19T09:00:00+08:00',
      otherSubject,
    );
    const violation = anEvent(
      'credit.violation-recorded',
      { recordNo, holder, kind: 'illegal-employment', recordedOn: '2026-02-26' },
      '2026-02-26T09:00:00+08:00',
      subject,
    );
    const breached = anEvent(
      'credit.commitment-breached',
      { recordNo: breachNo, holder: other, breachedOn: '2026-02-23' },
      '2026-02-23T09:00:00+08:00',
      otherSubject,
    );
    const visaCancelled = anEvent(
      'visa.cancelled',
      { visaNo, holder, category: 'Z', cancelledOn: '2026-03-10', reason: 'work-permit-notice-withdrawn' },
      '2026-03-10T09:00:00+08:00',
      subject,
    );
    const cleared = anEvent(
      'credit.record-cleared',
      { recordNo, holder, clearedOn: '2026-03-27', reason: 'credit-repaired' },
      '2026-03-27T09:00:00+08:00',
      subject,
    );
    // Two people's events interleaved, each person's in the order the hub accepted them.
    const messages = [visaIssued, refused, violation, breached, visaCancelled, cleared].map((event, n) => through(event, n + 1));
    const first = await consumer.consume(batch(messages));
    expect(first.deadLettered).toEqual([]);
    expect(first.applied.applied.map((e) => e.id)).toEqual(
      [visaIssued, refused, violation, breached, visaCancelled, cleared].map((e) => e['id']),
    );

    const visas = (): Promise<Json[]> =>
      db.query<Json[]>(
        `SELECT visa_key, subject_id, nationality, passport_no, status, category, to_char(status_on, 'YYYY-MM-DD') AS status_on,
                to_char(valid_to, 'YYYY-MM-DD') AS valid_to, reason, decided_by, source_event_id::text
           FROM visa WHERE passport_no = ANY($1) ORDER BY status_on`,
        [[holder.passportNo, other.passportNo]],
      );
    const credit = (): Promise<Json[]> =>
      db.query<Json[]>(
        `SELECT record_no, subject_id, nationality, passport_no, status, kind, to_char(status_on, 'YYYY-MM-DD') AS status_on, decided_by,
                source_event_id::text
           FROM credit_record WHERE record_no = ANY($1) ORDER BY record_no`,
        [[recordNo, breachNo]],
      );
    const expectedVisas = [
      {
        visa_key: `refusal:${String(refused['id'])}`,
        subject_id: otherSubject,
        nationality: 'DEU',
        passport_no: other.passportNo,
        status: 'refused',
        category: 'Z',
        status_on: '2026-01-19',
        valid_to: null,
        reason: 'missing-documents',
        decided_by: 'mfa',
        source_event_id: refused['id'],
      },
      {
        visa_key: visaNo,
        subject_id: subject,
        nationality: 'FRA',
        passport_no: holder.passportNo,
        status: 'cancelled',
        category: 'Z',
        status_on: '2026-03-10',
        // The cancellation names no end date: the issued visa's stays.
        valid_to: '2026-04-19',
        reason: 'work-permit-notice-withdrawn',
        decided_by: 'mfa',
        source_event_id: visaCancelled['id'],
      },
    ];
    const expectedCredit = [
      {
        record_no: breachNo,
        subject_id: otherSubject,
        nationality: 'DEU',
        passport_no: other.passportNo,
        status: 'recorded',
        kind: 'breached-commitment',
        status_on: '2026-02-23',
        decided_by: 'credit',
        source_event_id: breached['id'],
      },
      {
        record_no: recordNo,
        subject_id: subject,
        nationality: 'FRA',
        passport_no: holder.passportNo,
        status: 'cleared',
        // The clearance names no kind: the violation's stays.
        kind: 'illegal-employment',
        status_on: '2026-03-27',
        decided_by: 'credit',
        source_event_id: cleared['id'],
      },
    ];
    expect(await visas()).toEqual(expectedVisas);
    expect(await credit()).toEqual(expectedCredit);
    expect(await readHolderStanding(db, 'FRA', permit.holder.passportNo)).toMatchObject({ creditRecords: 0 });
    const people = await db.query<Json[]>('SELECT subject_id, nationality, passport_no FROM person WHERE subject_id = $1', [otherSubject]);
    expect(people).toEqual([{ subject_id: otherSubject, nationality: 'DEU', passport_no: other.passportNo }]);

    // Kafka delivers the batch again: nothing is applied twice.
    const again = await consumer.consume(batch(messages));
    expect(again.fresh).toHaveLength(0);
    expect(again.duplicates).toHaveLength(6);
    // A replay from further back brings the issue and the violation again (new ids, older than the records): they change nothing.
    const replayId = randomUUID();
    const replayed = await consumer.consume(
      batch([
        delivered({ ...visaIssued, id: randomUUID() }, 1, {
          [INBOUND_HEADERS.subscriptionId]: subscription,
          [INBOUND_HEADERS.replayId]: replayId,
        }),
        delivered({ ...violation, id: randomUUID() }, 3, {
          [INBOUND_HEADERS.subscriptionId]: subscription,
          [INBOUND_HEADERS.replayId]: replayId,
        }),
      ]),
    );
    expect(replayed.applied).toEqual({ applied: [], older: 2 });
    expect(await visas()).toEqual(expectedVisas);
    expect(await credit()).toEqual(expectedCredit);

    // A later violation of the other person, in a later batch, follows; the status counts every record.
    const later = anEvent(
      'credit.violation-recorded',
      { recordNo: `${breachNo}-2`, holder: other, kind: 'illegal-employment', recordedOn: '2026-04-02' },
      '2026-04-02T09:00:00+08:00',
      otherSubject,
    );
    expect((await consumer.consume(batch([through(later, 7)]))).applied.applied.map((e) => e.id)).toEqual([later['id']]);
    const status = await readInboundStatus(db);
    expect(status.records).toMatchObject({ visas: 2, creditRecords: 3 });
    expect(status.gaps.filter((gap) => gap.subscriptionId === subscription)).toEqual([]);
  });
});
