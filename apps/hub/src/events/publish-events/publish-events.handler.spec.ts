import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@hub/contracts';
import { aWorkPermitIssuedEvent } from '@hub/testing';
import { loadHubConfig } from '../../config/hub-config.js';
import { EventIdConflictError } from '../events.errors.js';
import type { EventStore, PreparedEvent } from '../event-store.port.js';
import { PublishEventsHandler } from './publish-events.handler.js';

/** An in-memory event store with the real store's duplicate and conflict rules. */
class FakeEventStore implements EventStore {
  readonly stored = new Map<string, PreparedEvent>();

  storeNew(events: readonly PreparedEvent[]): Promise<Set<string>> {
    const conflicts = events.filter((e) => this.stored.has(e.id) && this.stored.get(e.id)?.contentHash !== e.contentHash);
    if (conflicts.length > 0) return Promise.reject(new EventIdConflictError(conflicts.map((e) => e.id)));
    const repeated = new Set(events.filter((e) => this.stored.has(e.id)).map((e) => e.id));
    for (const event of events) if (!repeated.has(event.id)) this.stored.set(event.id, event);
    return Promise.resolve(repeated);
  }
}

function setup(): { handler: PublishEventsHandler; store: FakeEventStore } {
  const config = loadHubConfig({
    DATABASE_URL: 'postgres://unused/hub',
    KAFKA_BROKERS: '127.0.0.1:1',
    SUBJECT_ID_KEY: 'unit-test-subject-key-0123456789abcdef',
    MAX_EVENTS_PER_REQUEST: '3',
  });
  const store = new FakeEventStore();
  return { handler: new PublishEventsHandler(store, config), store };
}

const request = { correlationId: 'req-1', traceparent: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01' };

describe('PublishEventsHandler', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('stores a valid event with a derived subject, the request correlation id and Kafka headers', async () => {
    const { handler, store } = setup();
    const event = aWorkPermitIssuedEvent();
    const result = await handler.execute({ ...request, events: [event], batch: false });

    expect(result.events).toEqual([{ id: event['id'], status: 'accepted', correlationId: 'req-1' }]);
    const stored = store.stored.get(event['id'] as string);
    expect(stored?.subject).toMatch(/^sub_[0-9a-f]{32}$/);
    expect(stored?.topic).toBe('hub.work-permit.events');
    expect(stored?.headers).toMatchObject({
      ce_type: 'work-permit.issued',
      'hub-correlation-id': 'req-1',
      traceparent: request.traceparent,
    });
    const payload = JSON.parse(stored?.payload ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({ id: event['id'], subject: stored?.subject, correlationid: 'req-1', data: event['data'] });
  });

  it("keeps the publisher's own correlation id and continues its trace", async () => {
    const { handler, store } = setup();
    const traceparent = '00-11111111111111111111111111111111-2222222222222222-01';
    const event: Record<string, unknown> = { ...aWorkPermitIssuedEvent({ correlationid: 'bureau-7' }), traceparent };
    await handler.execute({ ...request, events: [event], batch: false });
    const stored = store.stored.get(event['id'] as string);
    expect(stored?.correlationId).toBe('bureau-7');
    expect(stored?.headers['traceparent']).toMatch(/^00-11111111111111111111111111111111-[0-9a-f]{16}-01$/);
    expect(stored?.headers['traceparent']).not.toBe(traceparent);
  });

  it('rejects the whole batch when one event is bad, naming it by index, and stores nothing', async () => {
    const { handler, store } = setup();
    const events = [aWorkPermitIssuedEvent(), aWorkPermitIssuedEvent({ data: { permitClass: 'Z' } })];
    const failure = await handler.execute({ ...request, events, batch: true }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationFailedError);
    expect((failure as ValidationFailedError).issues.map((i) => i.path)).toEqual(['events[1].data.permitClass']);
    expect(store.stored.size).toBe(0);
  });

  it('answers duplicate for an event id already stored or repeated in the same request', async () => {
    const { handler, store } = setup();
    const event = aWorkPermitIssuedEvent();
    await handler.execute({ ...request, events: [event], batch: false });
    const again = await handler.execute({ ...request, events: [event, event], batch: true });
    expect(again.events.map((e) => e.status)).toEqual(['duplicate', 'duplicate']);
    expect(store.stored.size).toBe(1);
  });

  it('refuses an id repeated in one request with different content', async () => {
    const { handler } = setup();
    const event = aWorkPermitIssuedEvent();
    const changed = { ...event, region: '110000', source: 'urn:hub:agency:bureau-110000', agency: 'bureau-110000' };
    await expect(handler.execute({ ...request, events: [event, changed], batch: true })).rejects.toBeInstanceOf(EventIdConflictError);
  });

  it('refuses empty and oversized batches', async () => {
    const { handler } = setup();
    await expect(handler.execute({ ...request, events: [], batch: true })).rejects.toBeInstanceOf(ValidationFailedError);
    const four = Array.from({ length: 4 }, () => aWorkPermitIssuedEvent());
    await expect(handler.execute({ ...request, events: four, batch: true })).rejects.toBeInstanceOf(ValidationFailedError);
  });
});
