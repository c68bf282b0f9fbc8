import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { LinkageOutboxRepository, OutboxEvent } from '../store/linkage-outbox.repository.js';
import type { HubAnswer } from './hub-events-client.js';
import { publishOutboxBatch } from './publish-outbox-batch.js';

const tx = {} as EntityManager;

function outboxOf(count: number) {
  const rows: OutboxEvent[] = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    eventId: `e${i + 1}`,
    subject: 'sub_1',
    event: { id: `e${i + 1}`, type: 'linkage.review-required' },
    attempts: 0,
  }));
  const marks = { published: [] as number[], refused: [] as { id: number; problem: unknown }[], failed: [] as number[] };
  const outbox = {
    nextBatch: (_tx: EntityManager, limit: number) => Promise.resolve(rows.slice(0, limit)),
    markPublished: (_tx: EntityManager, ids: readonly number[]) => Promise.resolve(void marks.published.push(...ids)),
    markRefused: (_tx: EntityManager, id: number, problem: unknown) => Promise.resolve(void marks.refused.push({ id, problem })),
    markFailed: (_tx: EntityManager, ids: readonly number[]) => Promise.resolve(void marks.failed.push(...ids)),
  } as unknown as LinkageOutboxRepository;
  return { outbox, marks };
}

describe('publishOutboxBatch', () => {
  it('marks a batch the hub accepted published, and says more may wait when it was full', async () => {
    const { outbox, marks } = outboxOf(3);
    const round = await publishOutboxBatch(tx, outbox, () => Promise.resolve({ kind: 'accepted' }), 3);
    expect(round).toEqual({ published: 3, refused: [], more: true });
    expect(marks.published).toEqual([1, 2, 3]);
  });

  it('marks nothing published when the hub cannot take the events now, and passes on when to try again', async () => {
    const { outbox, marks } = outboxOf(2);
    const busy: HubAnswer = { kind: 'retry', reason: 'the hub answered 503', retryAfterMs: 2_000 };
    const round = await publishOutboxBatch(tx, outbox, () => Promise.resolve(busy), 10);
    expect(round).toMatchObject({ published: 0, retry: { retryAfterMs: 2_000 } });
    expect(marks).toEqual({ published: [], refused: [], failed: [1, 2] });
  });

  it('finds the event in a refused batch by sending each alone: that one is kept with the problem, the others are published', async () => {
    const { outbox, marks } = outboxOf(3);
    const problem = { error: { code: 'PUBLISH_REFUSED' } };
    const send = (events: readonly object[]): Promise<HubAnswer> =>
      Promise.resolve(
        events.length > 1 || (events[0] as { id: string }).id === 'e2' ? { kind: 'refused', status: 403, problem } : { kind: 'accepted' },
      );
    const round = await publishOutboxBatch(tx, outbox, send, 10);
    expect(round.refused).toEqual([{ eventId: 'e2', eventType: 'linkage.review-required', problem }]);
    expect(marks).toEqual({ published: [1, 3], refused: [{ id: 2, problem }], failed: [] });
  });
});
