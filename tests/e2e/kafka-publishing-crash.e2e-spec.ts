import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AgencyOutboundPublisher, AgencyOutcomeReader, type PublishOutcome, type SignedEvent } from '@hub/agency-kit';
import { repoRoot } from '@hub/devstack';
import { createTestDatabase } from '@hub/persistence';
import {
  aWorkPermitIssuedEvent,
  canLogIn,
  signedByItsAgency,
  TEST_DATABASE_SERVER_URL,
  TEST_KAFKA_BROKERS,
  testKafkaSecurity,
  waitUntil,
} from '@hub/testing';
import pg from 'pg';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { forgetOutboundHistory } from '../support/outbound-history.js';
import { adminCall, onboardTestAgencies } from '../support/running-apps.js';

const BUREAU = 'bureau-310000';
const EVENTS = 300;
const CHUNK = 10;

/**
 * The hub (every role, as a child process) killed with SIGKILL while a bureau publishes over Kafka,
 * then restarted: every event is stored exactly once and answered accepted (or, when the hub died
 * between its commit and the outcome, duplicate after the re-read); none is refused or lost.
 */
describe('the hub killed (-9) while a bureau publishes over Kafka', () => {
  const logFile = join(repoRoot(), `.cache/test/logs/kafka-publishing-crash-${randomUUID().slice(0, 8)}.log`);
  let database: { url: string; drop(): Promise<void> };
  let db: pg.Client;
  let port: number;
  let hub: HubProcess | undefined;
  let publisher: AgencyOutboundPublisher;
  let reader: AgencyOutcomeReader;
  const outcomes: PublishOutcome[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'ingestcrash');
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    port = await freePort();
    hub = await startHubProcess({ databaseUrl: database.url, port, logFile });
    await onboardTestAgencies(hub.url);
    await forgetOutboundHistory(BUREAU);
    const granted = await adminCall(hub.url, 'POST', `/v1/admin/agencies/${BUREAU}/kafka-credentials`, { kafkaPublishing: true });
    const settings = { agencyId: BUREAU, brokers: TEST_KAFKA_BROKERS, security: testKafkaSecurity(BUREAU, String(granted['password'])) };
    // The broker applies a new SCRAM credential from its metadata log a moment after the hub's answer.
    await waitUntil(`${BUREAU} logs in with its new password`, () => canLogIn(BUREAU, String(granted['password'])), 30_000);
    publisher = new AgencyOutboundPublisher(settings);
    await publisher.connect();
    reader = new AgencyOutcomeReader(settings, (outcome) => Promise.resolve(void outcomes.push(outcome)), {
      groupId: `agency.${BUREAU}.crash-${randomUUID()}`,
    });
    await reader.start();
  }, 180_000);
  afterAll(async () => {
    await reader?.stop();
    await publisher?.disconnect();
    await hub?.service.stop();
    await db?.end();
    await database?.drop();
  }, 60_000);

  it('loses nothing, stores nothing twice and refuses nothing: a re-read event can only be answered duplicate', async () => {
    const events = Array.from(
      { length: EVENTS },
      () => signedByItsAgency(aWorkPermitIssuedEvent()) as SignedEvent & Record<string, unknown>,
    );
    const ids = new Set(events.map((event) => event.id));
    const publishing = (async () => {
      for (let start = 0; start < events.length; start += CHUNK) {
        await publisher.publish(events.slice(start, start + CHUNK).map((event) => ({ event })));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const answered = (): number => new Set(outcomes.filter((o) => o.eventId !== null && ids.has(o.eventId)).map((o) => o.eventId)).size;

    await waitUntil('the first outcomes', () => answered() >= 30, 90_000, 5);
    await hub?.service.kill();
    expect(hub?.service.process.signalCode).toBe('SIGKILL');
    expect(answered()).toBeLessThan(EVENTS);
    hub = await startHubProcess({ databaseUrl: database.url, port, logFile });
    await publishing;

    await waitUntil(`an outcome for each of ${EVENTS} events`, () => answered() === EVENTS, 180_000);
    const mine = outcomes.filter((o) => o.eventId !== null && ids.has(o.eventId));
    expect(mine.filter((o) => o.status !== 'accepted' && o.status !== 'duplicate')).toEqual([]);
    const acceptedTwice = [...ids].filter((id) => mine.filter((o) => o.eventId === id && o.status === 'accepted').length > 1);
    expect(acceptedTwice).toEqual([]);
    const stored = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE id = ANY($1::uuid[])', [[...ids]]);
    expect(stored.rows[0]?.n).toBe(EVENTS);
  }, 420_000);
});
