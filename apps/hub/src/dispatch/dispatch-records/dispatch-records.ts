import type { ConsumedRecord, DeadLetterEntry } from '@hub/messaging';
import type { RoutedEvent } from './number-deliveries.js';
import { planDispatch } from './plan-dispatch.js';
import { routeRecords } from './route-records.js';
import type { Agency } from '../../agencies/index.js';
import type { CompiledPolicy } from '../../policy/index.js';
import { routeEvent } from '../../routing/index.js';
import type { Subscription } from '../../subscriptions/index.js';

/** What dispatching records needs, passed in so the unit tests can fake it. */
export interface DispatchRecordsDependencies {
  /** The active subscriptions, including every one committed before `relayedAt` (ms since the epoch). */
  subscriptionsAsOf(relayedAt: number): Promise<readonly Subscription[]>;
  agencyOf(id: string): Agency | undefined;
  policy(): CompiledPolicy;
  /** Which of these event ids the event store holds. */
  storedEventIds(ids: readonly string[]): Promise<ReadonlySet<string>>;
  ensureInboundTopics(topics: readonly string[]): Promise<void>;
  /** Records the deliveries of the events and the dead letters, in one transaction. */
  record(deliverable: readonly RoutedEvent[], deadLetters: readonly DeadLetterEntry[]): Promise<void>;
  onDeadLetter(code: string, offset: string): void;
}

/**
 * Dispatches some records of the dispatch stream: reads the subscriptions as of the newest record
 * and the policy in force; routes each event and keeps only those the event store holds; then
 * makes sure the inbound topics exist and records the deliveries, and the records that can never be
 * dispatched, in one transaction. Throws when that fails (the caller retries or parks).
 */
export async function dispatchRecords(
  at: { readonly topic: string; readonly partition: number },
  messages: readonly ConsumedRecord[],
  deps: DispatchRecordsDependencies,
): Promise<void> {
  const subscriptions = await deps.subscriptionsAsOf(Math.max(...messages.map((message) => Number(message.timestamp))));
  const policy = deps.policy();
  const records = routeRecords(
    at,
    messages,
    (event, relayedAt) => routeEvent(event, relayedAt, subscriptions, (id) => deps.agencyOf(id), policy),
    (code, offset) => deps.onDeadLetter(code, offset),
  );
  const stored = await deps.storedEventIds(records.routed.map((event) => event.eventId));
  const { deliverable, inboundTopics } = planDispatch(records, stored);
  await deps.ensureInboundTopics(inboundTopics);
  if (deliverable.length > 0 || records.deadLetters.length > 0) await deps.record(deliverable, records.deadLetters);
}
