import { Logger } from '@nestjs/common';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@hub/contracts';
import { Metrics } from '@hub/observability';
import { aWorkPermitIssuedEvent, signedByItsAgency, testSigningKey } from '@hub/testing';
import type { Agency, AgencyRegistry } from '../../agencies/index.js';
import type { PolicyService } from '../../policy/index.js';
import { loadHubConfig } from '../../config/hub-config.js';
import { EventIdConflictError, PublishRefusedError, RateLimitedError } from '../events.errors.js';
import type { EventStore, PreparedEvent, StoreOutcome } from '../event-store.port.js';
import { AgencyRateLimiter } from './agency-rate-limiter.js';
import { PublishEventsHandler } from './publish-events.handler.js';
import { PublishMetrics } from './publish-metrics.js';
import { SignatureVerification } from './signature-verification.js';
import type { RefusalAudit } from './refusal-audit.js';
import { UNIT_TEST_HUB_ENV } from '../../config/unit-test-hub-env.js';

/** An in-memory event store with the real store's duplicate and conflict rules. */
class FakeEventStore implements EventStore {
  readonly stored = new Map<string, PreparedEvent>();

  storeNew(events: readonly PreparedEvent[]): Promise<StoreOutcome> {
    const conflicts = events.filter((e) => this.stored.has(e.id) && this.stored.get(e.id)?.contentHash !== e.contentHash);
    if (conflicts.length > 0) return Promise.reject(new EventIdConflictError(conflicts.map((e) => e.id)));
    const repeated = new Set(events.filter((e) => this.stored.has(e.id)).map((e) => e.id));
    for (const event of events) if (!repeated.has(event.id)) this.stored.set(event.id, event);
    return Promise.resolve({ duplicates: repeated, held: new Map() });
  }
}

function setup(): { handler: PublishEventsHandler; store: FakeEventStore } {
  const config = loadHubConfig({
    ...UNIT_TEST_HUB_ENV,
    MAX_EVENTS_PER_REQUEST: '3',
    PUBLISH_RATE_PER_SECOND: '1',
    PUBLISH_BURST: '8',
  });
  const store = new FakeEventStore();
  // Registry and policy stand-ins: every test agency's key is registered; the policy allows bureaus
  // to publish work-permit events for their own province only.
  const registry = {
    signingKey: (keyId: string) => {
      const agencyId = keyId.replace(/-test-k1$/, '');
      return { agencyId, alg: 'ed25519' as const, publicKey: testSigningKey(agencyId).publicKeyPem, status: 'active' as const };
    },
  } as unknown as AgencyRegistry;
  const policy = {
    mayPublish: (agency: Agency, type: string, region: string) =>
      type.startsWith('work-permit.') && region.startsWith(agency.region?.slice(0, 2) ?? '-')
        ? { allowed: true, purpose: 'work-permit-administration' }
        : { allowed: false, reason: `not for ${agency.id}` },
  } as unknown as PolicyService;
  const refusals = { record: () => Promise.resolve() } as unknown as RefusalAudit;
  return {
    handler: new PublishEventsHandler(
      store,
      config,
      registry,
      policy,
      new AgencyRateLimiter(config),
      refusals,
      new SignatureVerification(config),
      new PublishMetrics(new Metrics('hub')),
    ),
    store,
  };
}

const SHANGHAI: Agency = {
  id: 'bureau-310000',
  kind: 'bureau',
  region: '310000',
  nameZh: '上海市外国专家局',
  nameEn: 'Shanghai',
  contact: 'ops@example.invalid',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

const request = { agency: SHANGHAI, correlationId: 'req-1', traceparent: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01' };

/** A valid work-permit.issued event signed by its bureau. */
function anEvent(overrides: Parameters<typeof aWorkPermitIssuedEvent>[0] = {}): Record<string, unknown> {
  return signedByItsAgency(aWorkPermitIssuedEvent(overrides));
}

describe('PublishEventsHandler', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('stores a valid event with a derived subject, the request correlation id and Kafka headers', async () => {
    const { handler, store } = setup();
    const event = anEvent();
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
    const event: Record<string, unknown> = signedByItsAgency({ ...aWorkPermitIssuedEvent({ correlationid: 'bureau-7' }), traceparent });
    await handler.execute({ ...request, events: [event], batch: false });
    const stored = store.stored.get(event['id'] as string);
    expect(stored?.correlationId).toBe('bureau-7');
    expect(stored?.headers['traceparent']).toMatch(/^00-11111111111111111111111111111111-[0-9a-f]{16}-01$/);
    expect(stored?.headers['traceparent']).not.toBe(traceparent);
  });

  it('continues the trace of each event’s own Kafka record, before the envelope’s and the request’s', async () => {
    const { handler, store } = setup();
    const record = '00-33333333333333333333333333333333-4444444444444444-01';
    const envelopeTrace = '00-55555555555555555555555555555555-6666666666666666-01';
    const events: Record<string, unknown>[] = [
      signedByItsAgency({ ...aWorkPermitIssuedEvent(), traceparent: envelopeTrace }),
      anEvent(),
      anEvent(),
    ];
    await handler.execute({ ...request, events, batch: true, recordTraceparents: [record, undefined, record] });
    const headerOf = (index: number): string | undefined => store.stored.get(events[index]?.['id'] as string)?.headers['traceparent'];
    expect(headerOf(0)).toMatch(/^00-33333333333333333333333333333333-[0-9a-f]{16}-01$/);
    expect(headerOf(1)).toBe(request.traceparent);
    expect(headerOf(2)).toMatch(/^00-33333333333333333333333333333333-[0-9a-f]{16}-01$/);
    expect(headerOf(2)).not.toBe(record);
  });

  it('rejects the whole batch when one event is bad, naming it by index, and stores nothing', async () => {
    const { handler, store } = setup();
    const events = [anEvent(), anEvent({ data: { permitClass: 'Z' } })];
    const failure = await handler.execute({ ...request, events, batch: true }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationFailedError);
    expect((failure as ValidationFailedError).issues.map((i) => i.path)).toEqual(['events[1].data.permitClass']);
    expect(store.stored.size).toBe(0);
  });

  it('answers duplicate for an event id already stored or repeated in the same request', async () => {
    const { handler, store } = setup();
    const event = anEvent();
    await handler.execute({ ...request, events: [event], batch: false });
    const again = await handler.execute({ ...request, events: [event, event], batch: true });
    expect(again.events.map((e) => e.status)).toEqual(['duplicate', 'duplicate']);
    expect(store.stored.size).toBe(1);
  });

  it('refuses an id repeated in one request with different content', async () => {
    const { handler } = setup();
    const event = anEvent();
    const changed = signedByItsAgency({ ...event, signature: undefined, region: '310115' });
    await expect(handler.execute({ ...request, events: [event, changed], batch: true })).rejects.toBeInstanceOf(EventIdConflictError);
  });

  it('refuses empty and oversized batches', async () => {
    const { handler } = setup();
    await expect(handler.execute({ ...request, events: [], batch: true })).rejects.toBeInstanceOf(ValidationFailedError);
    const four = Array.from({ length: 4 }, () => anEvent());
    await expect(handler.execute({ ...request, events: four, batch: true })).rejects.toBeInstanceOf(ValidationFailedError);
  });

  it("refuses another agency's events, events outside policy and bad signatures, naming each, and stores nothing", async () => {
    const { handler, store } = setup();
    const foreign = anEvent({ region: '110000' });
    const visa = signedByItsAgency({ ...aWorkPermitIssuedEvent(), type: 'visa.issued' });
    const unsigned = aWorkPermitIssuedEvent();
    const tampered = { ...anEvent(), region: '310115' };
    const failure = await handler
      .execute({ ...request, events: [foreign, visa, unsigned], batch: true })
      .catch((error: unknown) => error as PublishRefusedError);
    expect(failure).toBeInstanceOf(ValidationFailedError);
    const refused = await handler
      .execute({ ...request, events: [foreign, unsigned, tampered], batch: true })
      .catch((error: unknown) => error as PublishRefusedError);
    expect(refused).toBeInstanceOf(PublishRefusedError);
    expect((refused as PublishRefusedError).issues.map((issue) => `${issue.path}:${issue.rule}`)).toEqual([
      'events[0].agency:AGENCY_MISMATCH',
      'events[1].signature:SIGNATURE_MISSING',
      'events[2].signature:SIGNATURE_INVALID',
    ]);
    expect(store.stored.size).toBe(0);
  });

  it('refuses a type the policy does not grant', async () => {
    const { handler } = setup();
    const event = signedByItsAgency({ ...aWorkPermitIssuedEvent(), type: 'work-permit.issued', region: '310115' });
    await expect(handler.execute({ ...request, events: [event], batch: false })).resolves.toBeDefined();
    const policyDenied = signedByItsAgency({ ...aWorkPermitIssuedEvent({ region: '310000' }), region: '320000' });
    const refused = await handler.execute({ ...request, events: [policyDenied], batch: false }).catch((error: unknown) => error);
    expect((refused as PublishRefusedError).issues).toEqual([expect.objectContaining({ path: 'type', rule: 'PUBLISH_DENIED' })]);
  });

  it("answers an agency over its rate with RATE_LIMITED and leaves other agencies' buckets alone", async () => {
    const { handler } = setup();
    const batch = () => [anEvent(), anEvent(), anEvent()];
    await handler.execute({ ...request, events: batch(), batch: true });
    await handler.execute({ ...request, events: batch(), batch: true });
    const limited = await handler.execute({ ...request, events: batch(), batch: true }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    const beijing = { ...SHANGHAI, id: 'bureau-110000', region: '110000' };
    const other = anEvent({ region: '110000' });
    await expect(handler.execute({ ...request, agency: beijing, events: [other], batch: false })).resolves.toBeDefined();
  });
});
