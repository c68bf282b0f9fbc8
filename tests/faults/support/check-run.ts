import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@hub/devstack';
import type pg from 'pg';
import { TEST_AUDIT_SIGNING_KEY } from '../../support/running-apps.js';
import type { WebhookArrival } from './fault-endpoint.js';
import type { TopicRecord } from './topic-reader.js';
import type { PublishLedger } from './workload.js';

/** What one subscriber got of what it was entitled to. */
export interface SubscriberCheck {
  readonly channel: 'kafka+adapter' | 'kafka' | 'webhook';
  readonly entitled: number;
  readonly delivered: number;
  readonly lost: number;
  /** Events that took effect (adapter rows, webhook deliveries with distinct idempotency keys) more than once. */
  readonly duplicated: number;
  /** People whose events arrived first in an order other than the one they were published in. */
  readonly reordered: number;
  /** Sequence numbers of the subscription missing between 1 and the highest, or standing for two events. */
  readonly sequenceProblems: number;
  /** Records or requests seen more than once (at-least-once redelivery; harmless when duplicated is 0). */
  readonly redelivered: number;
}

export interface RunCheck {
  readonly published: number;
  readonly acknowledged: number;
  readonly refused: number;
  readonly unacknowledged: number;
  readonly missingInHub: number;
  readonly missingOnCanonicalTopic: number;
  readonly subscribers: Record<string, SubscriberCheck>;
  readonly receiptsMissing: number;
  readonly auditVerified: boolean;
  readonly auditReport: string;
  /** Per topic read, whether the reader reached the end offsets (an incomplete read proves nothing lost or found). */
  readonly readers: Readonly<Record<string, { readonly complete: boolean; readonly read: number; readonly total: number }>>;
}

/** Per subscription, the events the hub routed to it at commit and the sequence each got. */
export async function routedEvents(db: pg.Client, subscriptionId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ event_id: string; sequence: string }>(
    'SELECT event_id::text, sequence FROM subscription_deliveries WHERE subscription_id = $1',
    [subscriptionId],
  );
  return new Map(rows.rows.map((row) => [row.event_id, Number(row.sequence)]));
}

/** Events missing from the hub's event store. */
export async function missingInHub(db: pg.Client, ids: readonly string[]): Promise<number> {
  const found = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE id = ANY($1::uuid[])', [ids]);
  return ids.length - (found.rows[0]?.n ?? 0);
}

/** Checks one Kafka subscriber from its records on its inbound topic (and, with an adapter, the effects in its database). */
export function checkKafkaSubscriber(
  ledger: PublishLedger,
  entitled: ReadonlyMap<string, number>,
  subscriptionId: string,
  records: readonly TopicRecord[],
  effects?: ReadonlyMap<string, number>,
): SubscriberCheck {
  const mine = records.filter((record) => record.subscriptionId === subscriptionId && entitled.has(record.eventId));
  const arrived = new Set(mine.map((record) => record.eventId));
  const delivered = effects ? new Set([...effects.keys()].filter((id) => entitled.has(id))) : arrived;
  return {
    channel: effects ? 'kafka+adapter' : 'kafka',
    entitled: entitled.size,
    delivered: delivered.size,
    lost: [...entitled.keys()].filter((id) => !delivered.has(id)).length,
    duplicated: effects ? [...effects.values()].filter((n) => n > 1).length : duplicatedSequences(mine),
    reordered: reorderedPeople(
      ledger,
      mine.map((record) => record.eventId),
    ),
    sequenceProblems: sequenceProblems(mine, entitled),
    redelivered: mine.length - arrived.size,
  };
}

/** Checks the webhook subscriber from what its endpoint answered 200. */
export function checkWebhookSubscriber(
  ledger: PublishLedger,
  entitled: ReadonlyMap<string, number>,
  arrivals: readonly WebhookArrival[],
): SubscriberCheck {
  const answered = arrivals.filter((arrival) => arrival.status === 200 && entitled.has(arrival.eventId));
  const keys = new Map<string, Set<string>>();
  for (const arrival of answered) keys.set(arrival.eventId, (keys.get(arrival.eventId) ?? new Set()).add(arrival.idempotencyKey));
  return {
    channel: 'webhook',
    entitled: entitled.size,
    delivered: keys.size,
    lost: [...entitled.keys()].filter((id) => !keys.has(id)).length,
    duplicated: [...keys.values()].filter((set) => set.size > 1).length,
    reordered: reorderedPeople(
      ledger,
      answered.map((arrival) => arrival.eventId),
    ),
    sequenceProblems: sequenceProblems(answered, entitled),
    redelivered: answered.length - keys.size,
  };
}

/** People whose events, in the order they first arrived, are not in the order they were published. */
function reorderedPeople(ledger: PublishLedger, arrivalOrder: readonly string[]): number {
  const firstSeen = new Map<number, string[]>();
  const seen = new Set<string>();
  for (const id of arrivalOrder) {
    if (seen.has(id)) continue;
    seen.add(id);
    const person = ledger.personOf.get(id);
    if (person !== undefined) (firstSeen.get(person) ?? firstSeen.set(person, []).get(person))?.push(id);
  }
  let reordered = 0;
  for (const [person, ids] of firstSeen) {
    const published = (ledger.people[person]?.events ?? []).filter((id) => seen.has(id));
    if (published.join() !== ids.join()) reordered++;
  }
  return reordered;
}

/** Sequence numbers that disagree with the hub's numbering, stand for two events, or leave a gap below the highest. */
function sequenceProblems(items: readonly { eventId: string; sequence: number }[], entitled: ReadonlyMap<string, number>): number {
  const eventOf = new Map<number, string>();
  let problems = 0;
  for (const { eventId, sequence } of items) {
    const known = eventOf.get(sequence);
    if ((known !== undefined && known !== eventId) || entitled.get(eventId) !== sequence) problems++;
    eventOf.set(sequence, eventId);
  }
  const highest = Math.max(0, ...eventOf.keys());
  for (let sequence = 1; sequence <= highest; sequence++) if (!eventOf.has(sequence)) problems++;
  return problems;
}

function duplicatedSequences(records: readonly TopicRecord[]): number {
  const sequences = new Map<string, Set<number>>();
  for (const record of records) sequences.set(record.eventId, (sequences.get(record.eventId) ?? new Set()).add(record.sequence));
  return [...sequences.values()].filter((set) => set.size > 1).length;
}

/** Webhook deliveries of the subscription acknowledged without a stored receipt. */
export async function receiptsMissing(db: pg.Client, subscriptionId: string): Promise<number> {
  const result = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM webhook_deliveries d
      WHERE d.subscription_id = $1 AND NOT EXISTS (SELECT 1 FROM webhook_receipts r WHERE r.delivery_id = d.id)`,
    [subscriptionId],
  );
  return result.rows[0]?.n ?? 0;
}

/** `npm run audit:verify` on the hub's database with the hub's audit key: every row hash, link, checkpoint root and signature. */
export function verifyAudit(databaseUrl: string): { ok: boolean; report: string } {
  const keyFile = join(mkdtempSync(join(tmpdir(), 'faults-audit-')), 'audit-key.pem');
  writeFileSync(keyFile, TEST_AUDIT_SIGNING_KEY, { mode: 0o600 });
  const result = spawnSync(process.execPath, [join(repoRoot(), 'dist/scripts/audit/verify.js'), '--public-key', keyFile, '--json'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  return { ok: result.status === 0, report: `${result.stdout}${result.stderr}`.trim() };
}
