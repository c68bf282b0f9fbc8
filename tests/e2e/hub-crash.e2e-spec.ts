import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyHubWebhookSignature } from '@hub/delivery';
import { repoRoot } from '@hub/devstack';
import { agencyInboundTopic } from '@hub/messaging';
import { createTestDatabase } from '@hub/persistence';
import { aWorkPermitIssuedEvent, TEST_DATABASE_SERVER_URL, waitUntil, testKafkaClient } from '@hub/testing';
import pg from 'pg';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { adminCall, apiKeyOf, onboardTestAgencies, publish } from '../support/running-apps.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

type Json = Record<string, unknown>;

const SUBJECTS = 6;
const ROUNDS = 12;
const TOTAL = SUBJECTS * ROUNDS;
const AGENCY = 'psb-310000';
const PATH = `/${AGENCY}/events`;
/**
 * The test's own limit, set on it explicitly, and its waits within it: 60 s for the first webhook
 * requests, up to 90 s for the restart (startHubProcess), 100 s for every acknowledgement and 40 s
 * for the Kafka records add up to 290 s, so a wait times out with its own message before Jest does.
 */
const TEST_TIMEOUT_MS = 300_000;

/** One record read from the agency's inbound topic. */
interface InboundRecord {
  readonly eventId: string;
  readonly sequence: number;
  readonly passportNo: string;
}

/**
 * The whole hub (API, relay, dispatcher, webhook worker) as a child process, killed with SIGKILL
 * while deliveries are in flight (a webhook request sent and not yet answered, events still being
 * published) and started again on the same database. A publisher that resends what it could not
 * confirm, a Kafka channel and a slow webhook endpoint: afterwards every event reached both
 * channels, each with exactly one sequence number and one idempotency key (repeats are the same
 * delivery again, never a second one), sequences gap-free, each subject in publish order, every
 * webhook delivery acknowledged with a stored receipt, and the audit chain intact.
 */
describe('the hub killed (-9) mid-delivery and restarted', () => {
  const run = randomUUID().slice(0, 8);
  const receiver = new WebhookReceiver({ answerAfterMs: 400 });
  const logFile = join(repoRoot(), `.cache/test/logs/hub-crash-${run}.log`);
  let database: { url: string; drop(): Promise<void> };
  let db: pg.Client;
  let port: number;
  let hub: HubProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    const receiverUrl = await receiver.start();
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'crash');
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    port = await freePort();
    env = { WEBHOOK_BASE_DELAY_MS: '100', WEBHOOK_MAX_DELAY_MS: '1000', WEBHOOK_TIMEOUT_MS: '5000' };
    hub = await startHubProcess({ databaseUrl: database.url, port, logFile, env });
    await onboardTestAgencies(hub.url);
    subscriptionUrl = `${receiverUrl}${PATH}`;
  }, 120_000);
  afterAll(async () => {
    await hub?.service.stop();
    await db?.end();
    await database?.drop();
    await receiver.stop();
  }, 60_000);

  let subscriptionUrl = '';

  it(
    'loses nothing and delivers nothing twice in effect, in per-subject order, on Kafka and by webhook',
    async () => {
      const hubUrl = `http://127.0.0.1:${port}`;
      const created = await fetch(`${hubUrl}/v1/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKeyOf(hubUrl, AGENCY)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'crash test',
          eventTypes: [{ type: 'work-permit.issued' }],
          // Only this test's events: the broker (and the dispatch stream) is shared with other suites.
          filters: { attributes: [{ path: 'data.holder.name', op: 'prefix', value: `Crash ${run}` }] },
          channels: { kafka: true, webhook: { url: subscriptionUrl } },
        }),
      });
      const subscription = (await created.json()) as Json;
      expect(created.status).toBe(201);
      const subscriptionId = String(subscription['id']);

      const holders = Array.from({ length: SUBJECTS }, (_, i) => ({
        passportNo: `K${run
          .slice(0, 4)
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, '0')}${String(i).padStart(4, '0')}`,
        nationality: 'CAN',
        birthDate: '1987-05-0' + String(1 + (i % 9)),
        name: `Crash ${run} ${i}`,
      }));
      const rounds = Array.from({ length: ROUNDS }, () => holders.map((holder) => aWorkPermitIssuedEvent({ data: { holder } })));
      // Each round holds one event per subject, so a subject's events are published in round order.
      const publishedOrder = Object.fromEntries(
        holders.map((holder, i) => [holder.passportNo, rounds.map((round) => String(round[i]?.['id']))]),
      );

      // A publisher that resends a batch until the hub confirms it (a resend of an accepted event is a no-op).
      const publishing = (async () => {
        for (const round of rounds) {
          for (;;) {
            const answer = await publish(hubUrl, { events: round }).catch(() => undefined);
            if (answer?.status === 202) break;
            if (answer && answer.status < 500) throw new Error(`publish refused: ${JSON.stringify(answer.body)}`);
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
      })();

      await waitUntil('20 webhook requests', () => receiver.at(PATH).length >= 20, 60_000, 5);
      const beforeKill = receiver.at(PATH).length;
      const inFlightAtKill = receiver.at(PATH).filter((request) => request.answered === undefined);
      await hub?.service.kill();
      expect(hub?.service.process.signalCode).toBe('SIGKILL');
      expect(inFlightAtKill.length).toBeGreaterThan(0); // a webhook request was in flight when the hub died
      expect(beforeKill).toBeLessThan(TOTAL);

      hub = await startHubProcess({ databaseUrl: database.url, port, logFile, env });
      await publishing;

      const acknowledged = async (): Promise<number> =>
        Number(
          (
            await db.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1 AND acknowledged_at IS NOT NULL',
              [subscriptionId],
            )
          ).rows[0]?.n,
        );
      await waitUntil(`${TOTAL} webhook deliveries acknowledged`, async () => (await acknowledged()) === TOTAL, 100_000);
      expect(receiver.at(PATH).length).toBeGreaterThan(beforeKill);

      // Webhook: one delivery (id, idempotency key, sequence) per event; a repeat is the same delivery again.
      const publicKeys = { 'hub-webhook-1': await hubWebhookKey(hubUrl) };
      const requests = receiver.at(PATH).map((request) => {
        const verified = verifyHubWebhookSignature({ headers: request.headers, body: request.body, publicKeys });
        const event = JSON.parse(request.body) as { id: string; data: { holder: { passportNo: string } } };
        return { ...verified, eventId: event.id, passportNo: event.data.holder.passportNo };
      });
      const byEvent = new Map<string, Set<string>>();
      for (const request of requests) byEvent.set(request.eventId, (byEvent.get(request.eventId) ?? new Set()).add(request.idempotencyKey));
      expect(byEvent.size).toBe(TOTAL);
      expect([...byEvent.values()].every((keys) => keys.size === 1)).toBe(true);
      expect(sequencesOf(requests)).toEqual(range(TOTAL));
      // What was in flight when the hub died was sent again after the restart as the same delivery.
      for (const lost of inFlightAtKill) {
        const key = String(lost.headers['idempotency-key']);
        expect(requests.slice(beforeKill).some((request) => request.idempotencyKey === key)).toBe(true);
      }
      // …after the restarted hub recorded the dead process's attempts (these, and any claimed but not yet
      // sent) as abandoned when their lease ran out.
      const abandoned = await db.query<{ id: string }>(
        `SELECT DISTINCT a.delivery_id::text AS id FROM webhook_delivery_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
        WHERE d.subscription_id = $1 AND a.outcome = 'abandoned' AND a.error_code = 'LEASE_EXPIRED'`,
        [subscriptionId],
      );
      expect(abandoned.rows.map((row) => row.id)).toEqual(
        expect.arrayContaining(inFlightAtKill.map((lost) => String(lost.headers['hub-delivery-id']))),
      );
      expect(firstOrderBySubject(requests)).toEqual(publishedOrder);
      const receipts = await db.query<{ n: number }>(
        'SELECT count(DISTINCT r.delivery_id)::int AS n FROM webhook_receipts r JOIN webhook_deliveries d ON d.id = r.delivery_id WHERE d.subscription_id = $1',
        [subscriptionId],
      );
      expect(receipts.rows[0]?.n).toBe(TOTAL);

      // Kafka: every event on the agency's topic with one gap-free sequence number, each subject in order.
      const records = await readInbound(subscriptionId, TOTAL);
      expect(new Set(records.map((record) => record.eventId)).size).toBe(TOTAL);
      expect(sequencesOf(records)).toEqual(range(TOTAL));
      expect(firstOrderBySubject(records)).toEqual(publishedOrder);
      // One numbering per subscription: an event has the same sequence number on both channels.
      const webhookSequence = new Map(requests.map((request) => [request.eventId, request.sequence]));
      expect(records.filter((record) => webhookSequence.get(record.eventId) !== record.sequence)).toEqual([]);
      const deliveries = await db.query<{ n: number; events: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS events FROM subscription_deliveries WHERE subscription_id = $1',
        [subscriptionId],
      );
      expect(deliveries.rows[0]).toEqual({ n: TOTAL, events: TOTAL });

      // Nothing dead-lettered, and the audit chain survived the crash intact.
      expect((await adminCall(hubUrl, 'GET', `/v1/admin/deliveries/dead-letters?subscriptionId=${subscriptionId}`))['items']).toEqual([]);
      expect(await adminCall(hubUrl, 'GET', '/v1/admin/audit/verify')).toMatchObject({ ok: true, problem: null });
    },
    TEST_TIMEOUT_MS,
  );
});

async function hubWebhookKey(hubUrl: string): Promise<string> {
  const key = (await (await fetch(`${hubUrl}/v1/webhooks/signing-key`)).json()) as { publicKey: string };
  return key.publicKey;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** The distinct sequence numbers, sorted, after checking each stands for one event only. */
function sequencesOf(items: readonly { sequence: number; eventId: string }[]): number[] {
  const eventOf = new Map<number, string>();
  for (const item of items) {
    const known = eventOf.get(item.sequence);
    if (known !== undefined && known !== item.eventId) throw new Error(`sequence ${item.sequence} stands for ${known} and ${item.eventId}`);
    eventOf.set(item.sequence, item.eventId);
  }
  return [...eventOf.keys()].sort((a, b) => a - b);
}

/** Per subject (passport number), the event ids in the order they first arrived. */
function firstOrderBySubject(items: readonly { passportNo: string; eventId: string }[]): Record<string, string[]> {
  const order: Record<string, string[]> = {};
  for (const item of items) {
    const seen = (order[item.passportNo] ??= []);
    if (!seen.includes(item.eventId)) seen.push(item.eventId);
  }
  return order;
}

/** The records of one subscription on the agency's inbound topic, read from the start until `count` distinct events arrived. */
async function readInbound(subscriptionId: string, count: number): Promise<InboundRecord[]> {
  const kafka = testKafkaClient('crash-test-reader');
  const consumer = kafka.consumer({ groupId: `crash-test-${randomUUID()}` });
  const records: InboundRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: agencyInboundTopic(AGENCY), fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        if (message.headers?.['hub-subscription-id']?.toString() !== subscriptionId) return Promise.resolve();
        const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as { id: string; data: { holder: { passportNo: string } } };
        records.push({
          eventId: event.id,
          sequence: Number(message.headers['hub-sequence']?.toString()),
          passportNo: event.data.holder.passportNo,
        });
        return Promise.resolve();
      },
    });
    await waitUntil(`${count} events on ${agencyInboundTopic(AGENCY)}`, () => new Set(records.map((r) => r.eventId)).size >= count, 40_000);
    return records;
  } finally {
    await consumer.disconnect();
  }
}
