import { randomUUID } from 'node:crypto';
import { AssignerProtocol } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AgencyOutboundPublisher, AgencyOutcomeReader, type PublishOutcome, type SignedEvent } from '@hub/agency-kit';
import { agencyOutboundTopic, agencyOutcomesTopic } from '@hub/messaging';
import {
  aPermitNo,
  aWorkPermitIssuedEvent,
  canLogIn,
  ensureSubscription,
  signedByItsAgency,
  TEST_KAFKA_BROKERS,
  testKafkaClient,
  testKafkaSecurity,
  waitUntil,
} from '@hub/testing';
import { WORK_PERMIT_SUBSCRIPTION } from '../../apps/psb-adapter/src/work-permits/work-permit-subscription.js';
import { AgencyInbound } from '../support/agency-inbound.js';
import { kafkaProbe } from '../support/kafka-probe.js';
import { forgetOutboundHistory } from '../support/outbound-history.js';
import { adminCall, apiKeyOf, kafkaPasswordOf, publish, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

const BUREAU = 'bureau-310000';
const PSB = 'psb-310000';
/** Records above this are refused unread (lowered here so a test record can pass it under the broker's own 1 MB limit). */
const MAX_RECORD_BYTES = 65_536;

/** An event of the bureau (with `attributes` added to its envelope), signed with its key, as its adapter would publish it. */
function signedPermit(
  overrides: Parameters<typeof aWorkPermitIssuedEvent>[0] = {},
  attributes: Record<string, unknown> = {},
): SignedEvent & Record<string, unknown> {
  const event: Record<string, unknown> = { ...aWorkPermitIssuedEvent(overrides), ...attributes };
  return signedByItsAgency(event) as SignedEvent & Record<string, unknown>;
}

/**
 * A bureau granted Kafka publishing sends signed events to `agency.bureau-310000.outbound` with its
 * own SCRAM credentials (AgencyOutboundPublisher); the hub's ingest role runs each record through
 * the publish path of `POST /v1/events` and answers it on `agency.bureau-310000.outcomes`
 * (AgencyOutcomeReader): stored, routed and delivered like an HTTP publish, or refused alone.
 */
describe('an agency publishing over Kafka', () => {
  let hub: RunningApp;
  let password: string;
  let publisher: AgencyOutboundPublisher;
  let reader: AgencyOutcomeReader;
  let inbound: AgencyInbound;
  const outcomes: PublishOutcome[] = [];

  const outcomeOf = (eventId: string, status?: PublishOutcome['status']): Promise<PublishOutcome> =>
    waitUntil(`the outcome of ${eventId}`, () => outcomes.find((o) => o.eventId === eventId && (!status || o.status === status)), 60_000);

  beforeAll(async () => {
    hub = await startHub({ env: { INGEST_MAX_RECORD_BYTES: String(MAX_RECORD_BYTES) } });
    await ensureSubscription(hub.url, apiKeyOf(hub.url, PSB), WORK_PERMIT_SUBSCRIPTION);
    // Granted after the hub started: the ingest role picks the agency up without a restart.
    await forgetOutboundHistory(BUREAU);
    const granted = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${BUREAU}/kafka-credentials`, { kafkaPublishing: true });
    expect(granted).toMatchObject({
      kafkaPublishing: true,
      outboundTopic: agencyOutboundTopic(BUREAU),
      outcomesTopic: agencyOutcomesTopic(BUREAU),
    });
    password = String(granted['password']);
    const settings = { agencyId: BUREAU, brokers: TEST_KAFKA_BROKERS, security: testKafkaSecurity(BUREAU, password) };
    // The broker applies a new SCRAM credential from its metadata log a moment after the hub's answer.
    await waitUntil(`${BUREAU} logs in with its new password`, () => canLogIn(BUREAU, password), 30_000);
    publisher = new AgencyOutboundPublisher(settings);
    await publisher.connect();
    reader = new AgencyOutcomeReader(settings, (outcome) => Promise.resolve(void outcomes.push(outcome)), {
      groupId: `agency.${BUREAU}.outcomes-${randomUUID()}`,
    });
    await reader.start();
    inbound = new AgencyInbound(hub.url, PSB);
  }, 120_000);
  afterAll(async () => {
    await inbound?.stop();
    await reader?.stop();
    await publisher?.disconnect();
    await hub?.destroy();
  }, 60_000);

  it('grants Kafka publishing at onboarding: both topics made, the grant in the answer; a grant that is no boolean is refused by name', async () => {
    const profile = {
      id: 'bureau-440000',
      kind: 'bureau',
      region: '440000',
      nameZh: '广东省外国专家局',
      nameEn: 'Guangdong Foreign Experts Bureau',
      contact: 'ops@example.invalid',
    };
    const refused = await fetch(`${hub.url}/v1/admin/agencies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...profile, kafkaPublishing: 'yes' }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { issues: { path: string; rule: string }[] } }).error.issues).toContainEqual(
      expect.objectContaining({ path: 'kafkaPublishing', rule: 'isBoolean' }),
    );
    const onboarded = await adminCall(hub.url, 'POST', '/v1/admin/agencies', { ...profile, kafkaPublishing: true });
    expect(onboarded['kafka']).toMatchObject({
      kafkaPublishing: true,
      outboundTopic: agencyOutboundTopic(profile.id),
      outcomesTopic: agencyOutcomesTopic(profile.id),
    });
    const admin = testKafkaClient('kafka-publishing-topics').admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).toEqual(expect.arrayContaining([agencyOutboundTopic(profile.id), agencyOutcomesTopic(profile.id)]));
    } finally {
      await admin.disconnect();
    }
  });

  it('stores, routes and delivers events published over Kafka exactly as over HTTP, with the same audit', async () => {
    // One at a time, as the HTTP event is: events of one call share their audit rows (one `event.dispatched` per call).
    const overKafka = [signedPermit(), signedPermit()];
    for (const event of overKafka) {
      await publisher.publish([{ event }]);
      await outcomeOf(event.id);
    }
    const overHttp = aWorkPermitIssuedEvent();
    expect((await publish(hub.url, overHttp)).status).toBe(202);

    for (const event of overKafka) {
      const outcome = await outcomeOf(event.id);
      expect(outcome).toMatchObject({
        eventId: event.id,
        status: 'accepted',
        outboundOffset: { partition: expect.any(Number) as unknown },
      });
      expect(outcome.error).toBeUndefined();
    }
    for (const event of [...overKafka, overHttp]) {
      const delivered = await inbound.delivered(event['id']);
      expect(delivered.event['type']).toBe('work-permit.issued');
    }
    const auditOf = async (eventId: unknown): Promise<string[]> =>
      (
        await hub.db.query<{ row: string }>(
          `SELECT actor || ' ' || action || ' ' || purpose AS row FROM audit_trail WHERE event_id = $1 ORDER BY action`,
          [eventId],
        )
      ).rows.map((r) => r.row);
    expect(await auditOf(overKafka[0]?.id)).toEqual(await auditOf(overHttp['id']));
    expect(await auditOf(overKafka[0]?.id)).toContainEqual(expect.stringContaining(`agency:${BUREAU} event.published`));
  });

  it('refuses a bad event alone, naming field path and rule in English and Chinese, and accepts the events around it', async () => {
    const before = signedPermit();
    const bad = signedPermit({ data: { holder: { passportNo: 'E1234567', nationality: 'XXX', birthDate: '1988-04-12', name: 'Bad' } } });
    const after = signedPermit();
    await publisher.publish([before, bad, after].map((event) => ({ event, key: 'one-partition' })));

    expect((await outcomeOf(before.id)).status).toBe('accepted');
    expect((await outcomeOf(after.id)).status).toBe('accepted');
    const refused = await outcomeOf(bad.id);
    expect(refused).toMatchObject({ status: 'refused', error: { code: 'VALIDATION_FAILED', status: 400 } });
    expect(refused.error?.messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect(refused.error?.issues).toContainEqual(
      expect.objectContaining({
        path: 'data.holder.nationality',
        rule: 'isInCodeList',
        messageZh: expect.stringMatching(/代码表/) as unknown,
      }),
    );
    const offsets = [before, bad, after].map((event) => outcomes.find((o) => o.eventId === event.id)?.outboundOffset);
    expect(new Set(offsets.map((o) => o?.partition)).size).toBe(1);
    expect(offsets.map((o) => BigInt(o?.offset ?? -1))).toEqual(
      [...offsets.map((o) => BigInt(o?.offset ?? -1))].sort((a, b) => (a < b ? -1 : 1)),
    );
    const rejected = await hub.db.query(`SELECT 1 FROM audit_trail WHERE action = 'event.rejected' AND event_id = $1`, [bad.id]);
    expect(rejected.rowCount).toBe(1);
    expect(await hub.db.query(`SELECT 1 FROM events WHERE id = $1`, [bad.id]).then((r) => r.rowCount)).toBe(0);
  });

  it('answers an event sent again as a duplicate, and stores it once', async () => {
    const event = signedPermit();
    await publisher.publish([{ event }]);
    await outcomeOf(event.id, 'accepted');
    await publisher.publish([{ event }]);
    expect(await outcomeOf(event.id, 'duplicate')).toMatchObject({ status: 'duplicate' });
    expect(await hub.db.query(`SELECT 1 FROM events WHERE id = $1`, [event.id]).then((r) => r.rowCount)).toBe(1);
  });

  it('refuses a stale record version with 409 and the version the hub holds, as over HTTP', async () => {
    const permitNo = aPermitNo();
    const current = signedPermit({ permitNo }, { recordid: `permit-${permitNo}`, recordversion: 3 });
    const stale = signedPermit({ permitNo }, { recordid: `permit-${permitNo}`, recordversion: 2 });
    await publisher.publish([{ event: current }, { event: stale }]);
    expect(await outcomeOf(current.id)).toMatchObject({ status: 'accepted' });
    expect(await outcomeOf(stale.id)).toMatchObject({
      status: 'refused',
      error: { code: 'STALE_RECORD_VERSION', status: 409, currentVersion: 3 },
    });
  });

  it("refuses a forged signature and another agency's event on the bureau's topic", async () => {
    const forged = { ...signedPermit(), time: new Date(Date.now() - 60_000).toISOString() };
    const beijings = signedByItsAgency(aWorkPermitIssuedEvent({ region: '110000' })) as SignedEvent & Record<string, unknown>;
    await publisher.publish([{ event: forged }, { event: beijings }]);
    const forgedOutcome = await outcomeOf(forged.id);
    expect(forgedOutcome).toMatchObject({ status: 'refused', error: { code: 'PUBLISH_REFUSED', status: 403 } });
    expect(forgedOutcome.error?.issues?.map((i) => i.rule)).toContainEqual(expect.stringMatching(/^SIGNATURE_/));
    const foreign = await outcomeOf(beijings.id);
    expect(foreign).toMatchObject({ status: 'refused', error: { code: 'PUBLISH_REFUSED', status: 403 } });
    expect(foreign.error?.issues?.map((i) => i.rule)).toContain('AGENCY_MISMATCH');
    for (const id of [forged.id, beijings.id]) {
      expect(await hub.db.query(`SELECT 1 FROM events WHERE id = $1`, [id]).then((r) => r.rowCount)).toBe(0);
    }
  });

  it('refuses records that are not JSON, empty or too large with an outcome of their own, and reads on', async () => {
    const producer = testKafkaClient('kafka-publishing-raw', { user: BUREAU, password }).producer();
    await producer.connect();
    const marker = randomUUID();
    const after = signedPermit();
    try {
      await producer.send({
        topic: agencyOutboundTopic(BUREAU),
        acks: -1,
        messages: [
          { key: marker, value: `not json ${marker}` },
          { key: marker, value: null },
          { key: marker, value: JSON.stringify({ padding: 'x'.repeat(MAX_RECORD_BYTES) }) },
          { key: marker, value: JSON.stringify(after) },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const { outboundOffset } = await outcomeOf(after.id, 'accepted');
    // Outcomes are keyed by event id, so those without one may come on any outcomes partition: wait for all three, in outbound order.
    const nonEvents = await waitUntil('the outcomes of the three records before', () => {
      const found = outcomes.filter(
        (o) =>
          o.eventId === null &&
          o.outboundOffset.partition === outboundOffset.partition &&
          BigInt(o.outboundOffset.offset) >= BigInt(outboundOffset.offset) - 3n,
      );
      return found.length === 3 && found.sort((a, b) => Number(BigInt(a.outboundOffset.offset) - BigInt(b.outboundOffset.offset)));
    });
    expect(nonEvents.map((o) => [o.status, o.error?.code, o.error?.status])).toEqual([
      ['refused', 'MALFORMED_JSON', 400],
      ['refused', 'MALFORMED_JSON', 400],
      ['refused', 'PAYLOAD_TOO_LARGE', 413],
    ]);
    expect(nonEvents.every((o) => typeof o.error?.messageZh === 'string')).toBe(true);
  });

  it("keeps other agencies' principals off the bureau's outbound and outcomes topics (Apache Kafka's Java client)", async () => {
    const psbPassword = await kafkaPasswordOf(PSB, hub.url);
    const written = kafkaProbe('produce', PSB, psbPassword, agencyOutboundTopic(BUREAU));
    expect(written.stderr).toContain('REFUSED TopicAuthorizationException');
    const read = kafkaProbe('consume', PSB, psbPassword, agencyOutcomesTopic(BUREAU), `agency.${PSB}.probe-${randomUUID()}`);
    expect(read.stderr).toContain('REFUSED TopicAuthorizationException');
    const own = kafkaProbe('consume', BUREAU, password, agencyOutcomesTopic(BUREAU), `agency.${BUREAU}.probe-${randomUUID()}`);
    expect(own.status).toBe(0);
    expect(own.stdout).toContain('"status":"accepted"');
    const theirs = kafkaProbe('consume', BUREAU, password, agencyOutcomesTopic(BUREAU), `agency.${PSB}.probe-${randomUUID()}`);
    expect(theirs.stderr).toContain('REFUSED GroupAuthorizationException');
  }, 240_000);

  it('withdrawing the grant takes away the write access, and the hub stops reading the topic without a restart', async () => {
    // The idle keep-alive connection of the earlier calls may be gone after the slow Java runs: one retry.
    const withdraw = () => adminCall(hub.url, 'POST', `/v1/admin/agencies/${BUREAU}/kafka-credentials`, { kafkaPublishing: false });
    const withdrawn = await withdraw().catch((error: unknown) => {
      if (String((error as Error).cause).includes('ECONNRESET')) return withdraw();
      throw error;
    });
    expect(withdrawn).toMatchObject({ kafkaPublishing: false });
    expect(withdrawn['outboundTopic']).toBeUndefined();
    await waitUntil(`${BUREAU} logs in with its new password`, () => canLogIn(BUREAU, String(withdrawn['password'])), 30_000);
    const written = kafkaProbe('produce', BUREAU, String(withdrawn['password']), agencyOutboundTopic(BUREAU));
    expect(written.stderr).toContain('REFUSED TopicAuthorizationException');
    const group = `hub-ingest-${new URL(hub.databaseUrl).pathname.slice(1)}`;
    const admin = testKafkaClient('kafka-publishing-groups').admin();
    await admin.connect();
    try {
      // bureau-440000 (granted at onboarding above) keeps publishing: the group stays, read by the hub,
      // with the bureau's topic no longer assigned to any member once it is stable again.
      await waitUntil(
        `the hub's ingest group ${group} stable without ${agencyOutboundTopic(BUREAU)}`,
        async () => {
          const described = (await admin.describeGroups([group])).groups[0];
          if (described?.state !== 'Stable' || described.members.length === 0) return false;
          const assigned = described.members.flatMap((member) =>
            Object.keys(AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {}),
          );
          return !assigned.includes(agencyOutboundTopic(BUREAU)) && assigned.includes(agencyOutboundTopic('bureau-440000'));
        },
        60_000,
      );
    } finally {
      await admin.disconnect();
    }
  }, 120_000);
});
