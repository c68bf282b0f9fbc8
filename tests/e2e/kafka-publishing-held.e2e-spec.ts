import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AgencyOutboundPublisher, AgencyOutcomeReader, type PublishOutcome, type SignedEvent } from '@hub/agency-kit';
import { aWorkPermitIssuedEvent, canLogIn, signedByItsAgency, TEST_KAFKA_BROKERS, testKafkaSecurity, waitUntil } from '@hub/testing';
import { forgetOutboundHistory } from '../support/outbound-history.js';
import { adminCall, countRows, startHub, type RunningApp } from '../support/running-apps.js';

const BUREAU = 'bureau-310000';
const EVENTS = 60;
/** The bureau may publish this many events a second (and at once): far fewer than it sends. */
const RATE = 10;

/**
 * A failure that is not the records' own holds the partition and is tried again, never refused:
 * here the agency's publish rate (RATE_LIMITED, retriable), which the hub's ingest meets at once
 * when a bureau sends six times its burst in one go. Every record is read again until it passes.
 */
describe('outbound records held by a failure not of their own', () => {
  let hub: RunningApp;
  let publisher: AgencyOutboundPublisher;
  let reader: AgencyOutcomeReader;
  const outcomes: PublishOutcome[] = [];

  beforeAll(async () => {
    hub = await startHub({ env: { PUBLISH_RATE_PER_SECOND: String(RATE), PUBLISH_BURST: String(RATE) } });
    await forgetOutboundHistory(BUREAU);
    const granted = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${BUREAU}/kafka-credentials`, { kafkaPublishing: true });
    const password = String(granted['password']);
    const settings = { agencyId: BUREAU, brokers: TEST_KAFKA_BROKERS, security: testKafkaSecurity(BUREAU, password) };
    await waitUntil(`${BUREAU} logs in with its new password`, () => canLogIn(BUREAU, password), 30_000);
    publisher = new AgencyOutboundPublisher(settings);
    await publisher.connect();
    reader = new AgencyOutcomeReader(settings, (outcome) => Promise.resolve(void outcomes.push(outcome)), {
      groupId: `agency.${BUREAU}.held-${randomUUID()}`,
    });
    await reader.start();
  }, 120_000);
  afterAll(async () => {
    await reader?.stop();
    await publisher?.disconnect();
    await hub?.destroy();
  }, 60_000);

  it('retries rate-limited records until each is accepted, refusing none', async () => {
    const events = Array.from(
      { length: EVENTS },
      () => signedByItsAgency(aWorkPermitIssuedEvent()) as SignedEvent & Record<string, unknown>,
    );
    await publisher.publish(events.map((event) => ({ event, key: 'one-partition' })));
    const ids = new Set(events.map((event) => event.id));
    const mine = (): PublishOutcome[] => outcomes.filter((o) => o.eventId !== null && ids.has(o.eventId));
    await waitUntil(`outcomes of ${EVENTS} events`, () => new Set(mine().map((o) => o.eventId)).size === EVENTS, 90_000);
    expect(mine().filter((o) => o.status !== 'accepted')).toEqual([]);
    expect(await countRows(hub.db, 'events', 'id = ANY($1::uuid[])', [[...ids]])).toBe(EVENTS);
    const limited = await countRows(hub.db, 'audit_trail', `action = 'event.rejected' AND detail->>'code' = 'RATE_LIMITED'`);
    expect(limited).toBeGreaterThan(0);
  }, 120_000);
});
