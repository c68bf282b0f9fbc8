import type { EntityManager } from 'typeorm';
import type { LinkageOutboxRepository, OutboxEvent } from '../store/linkage-outbox.repository.js';
import type { HubAnswer } from './hub-events-client.js';

/** What one round of publishing did. */
export interface PublishRound {
  readonly published: number;
  readonly refused: readonly { readonly eventId: string; readonly eventType: unknown; readonly problem: unknown }[];
  /** Set when the hub could not take the events now: the rows wait for the next round. */
  readonly retry?: { readonly reason: string; readonly retryAfterMs?: number };
  /** Whether more rows may be waiting. */
  readonly more: boolean;
}

/**
 * Sends the oldest waiting outbox rows to the hub in one batch, in the caller's transaction (rows
 * locked, so they are marked in the same commit). Accepted (or duplicate): published. Refused: a
 * batch is refused whole, so each event is sent alone to find which; a refused event is kept with
 * the hub's problem and never sent again, the others go on. Not now (5xx, network): nothing is
 * marked published, the attempt is counted, and the round stops there so each subject's events
 * keep their order.
 */
export async function publishOutboxBatch(
  tx: EntityManager,
  outbox: LinkageOutboxRepository,
  send: (events: readonly object[]) => Promise<HubAnswer>,
  limit: number,
): Promise<PublishRound> {
  const rows = await outbox.nextBatch(tx, limit);
  if (rows.length === 0) return { published: 0, refused: [], more: false };
  const answer = await send(rows.map((row) => row.event));
  if (answer.kind === 'accepted') {
    await outbox.markPublished(
      tx,
      rows.map((row) => row.id),
    );
    return { published: rows.length, refused: [], more: rows.length === limit };
  }
  if (answer.kind === 'retry') {
    await outbox.markFailed(
      tx,
      rows.map((row) => row.id),
      answer.reason,
    );
    return { published: 0, refused: [], retry: answer, more: true };
  }
  if (rows.length === 1) {
    await refuse(tx, outbox, rows[0] as OutboxEvent, answer.problem);
    return { published: 0, refused: [refusal(rows[0] as OutboxEvent, answer.problem)], more: true };
  }
  return publishOneByOne(tx, outbox, send, rows);
}

async function publishOneByOne(
  tx: EntityManager,
  outbox: LinkageOutboxRepository,
  send: (events: readonly object[]) => Promise<HubAnswer>,
  rows: readonly OutboxEvent[],
): Promise<PublishRound> {
  let published = 0;
  const refused: PublishRound['refused'][number][] = [];
  for (const row of rows) {
    const answer = await send([row.event]);
    if (answer.kind === 'retry') {
      await outbox.markFailed(tx, [row.id], answer.reason);
      return { published, refused, retry: answer, more: true };
    }
    if (answer.kind === 'accepted') {
      await outbox.markPublished(tx, [row.id]);
      published += 1;
    } else {
      await refuse(tx, outbox, row, answer.problem);
      refused.push(refusal(row, answer.problem));
    }
  }
  return { published, refused, more: true };
}

async function refuse(tx: EntityManager, outbox: LinkageOutboxRepository, row: OutboxEvent, problem: unknown): Promise<void> {
  await outbox.markRefused(tx, row.id, problem);
}

function refusal(row: OutboxEvent, problem: unknown): PublishRound['refused'][number] {
  return { eventId: row.eventId, eventType: row.event['type'], problem };
}
