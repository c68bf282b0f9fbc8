import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AgencyOutboundPublisher, type SignedEvent } from '@hub/agency-kit';
import { EVENT_CATALOGUE } from '@hub/contracts';
import { agencyInboundTopic, agencyOutboundTopic } from '@hub/messaging';
import { startTracing } from '@hub/observability';
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
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process.js';
import { forgetOutboundHistory } from '../support/outbound-history.js';
import {
  adminCall,
  apiKeyOf,
  onboardTestAgencies,
  PSB_AGENCY,
  psbGroupId,
  publish,
  startPsbAdapter,
  type RunningPsbAdapter,
} from '../support/running-apps.js';

/** One span as the OTLP/HTTP JSON export carries it, with the service that sent it. */
interface ReceivedSpan {
  readonly service: string;
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly status: number;
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { name: string; traceId: string; spanId: string; parentSpanId?: string; status?: { code?: number } }[] }[];
  }[];
}

/** A collector of OTLP/HTTP JSON trace exports: POST /v1/traces, every span kept. */
function otlpReceiver(spans: ReceivedSpan[]): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces' && request.headers['content-type']?.startsWith('application/json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const resource of body.resourceSpans ?? []) {
          const service = resource.resource?.attributes?.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resource.scopeSpans ?? []) {
            for (const span of scope.spans ?? []) {
              spans.push({
                service,
                name: span.name,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? '',
                status: span.status?.code ?? 0,
              });
            }
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
}

const WORK_PERMIT_TOPIC = EVENT_CATALOGUE.find((entry) => entry.type === 'work-permit.issued')?.topic ?? 'missing';
const INBOUND = agencyInboundTopic(PSB_AGENCY);
const BUREAU = 'bureau-310000';
const OUTBOUND = agencyOutboundTopic(BUREAU);

/** Whether `span` is `ancestor` or below it in `spans` (by parent span ids). */
function descendsFrom(span: ReceivedSpan | undefined, ancestor: ReceivedSpan | undefined, spans: readonly ReceivedSpan[]): boolean {
  for (let at = span; at !== undefined; at = spans.find((one) => one.spanId === at?.parentSpanId)) {
    if (at.spanId === ancestor?.spanId) return true;
  }
  return false;
}

/**
 * Traces with OTEL_EXPORTER_OTLP_ENDPOINT set, received by an OTLP/HTTP collector in the test: the
 * hub runs as its own process (service `hub`), the public-security adapter in the test's (service
 * `psb-adapter`). One published event is one trace from the caller's traceparent through the
 * publish request, its acceptance, the relay's sends, the dispatch to the subscription, the
 * adapter's processing and the receipt; a replay of it continues the same trace. An event a bureau
 * publishes over Kafka (AgencyOutboundPublisher, with this process's tracer) continues the trace of
 * the record's send through the hub's ingest, acceptance and relay to the subscriber.
 */
describe('traces', () => {
  const spans: ReceivedSpan[] = [];
  const receiver = otlpReceiver(spans);
  let tracing: { shutdown: () => Promise<void> } | undefined;
  let database: { url: string; drop: () => Promise<void> } | undefined;
  let hub: HubProcess | undefined;
  let psb: RunningPsbAdapter | undefined;

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    tracing = startTracing('psb-adapter', endpoint);
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'traces');
    hub = await startHubProcess({
      databaseUrl: database.url,
      port: await freePort(),
      logFile: join(repoRoot(), `.cache/test/logs/traces-hub-${Date.now()}.log`),
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, HUB_ROLES: 'api,relay,dispatch,ingest' },
    });
    await onboardTestAgencies(hub.url);
    psb = await startPsbAdapter({ hubUrl: hub.url, groupId: psbGroupId('traces') });
  }, 180_000);
  afterAll(async () => {
    await psb?.destroy();
    await hub?.service.stop();
    await tracing?.shutdown();
    await database?.drop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('follows one event in one trace across every hop, and a replay continues it', async () => {
    const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const callerSpan = '1122334455667788';
    const event = aWorkPermitIssuedEvent();
    expect((await publish(hub?.url ?? '', event, { traceparent: `00-${traceId}-${callerSpan}-01` })).status).toBe(202);
    const ofTrace = (): ReceivedSpan[] => spans.filter((span) => span.traceId === traceId);
    const named = (name: string, service = 'hub'): ReceivedSpan[] =>
      ofTrace().filter((span) => span.name === name && span.service === service);
    await waitUntil('the adapter processed the event in its trace', () => named(`process ${INBOUND}`, 'psb-adapter').length > 0, 60_000);

    const [request] = named('POST /v1/events');
    const [accepted] = named('accept work-permit.issued');
    const [canonical] = named(`send ${WORK_PERMIT_TOPIC}`);
    const dispatched = ofTrace().find((span) => span.name.startsWith('dispatch ') && span.service === 'hub');
    const [inbound] = named(`send ${INBOUND}`);
    const [processed] = named(`process ${INBOUND}`, 'psb-adapter');
    // Each hop is a child of the one before it.
    expect(request?.parentSpanId).toBe(callerSpan);
    expect(accepted?.parentSpanId).toBe(request?.spanId);
    expect(canonical?.parentSpanId).toBe(accepted?.spanId);
    expect(dispatched?.parentSpanId).toBe(accepted?.spanId);
    expect(inbound?.parentSpanId).toBe(dispatched?.spanId);
    expect(processed?.parentSpanId).toBe(inbound?.spanId);

    // The agency's receipt, sent with the record's traceparent, joins the trace (refused here: unsigned).
    const subscriptionId = await subscriptionOf(hub?.url ?? '');
    const receipt = await fetch(`${hub?.url}/v1/subscriptions/${subscriptionId}/receipts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKeyOf(hub?.url ?? '', PSB_AGENCY)}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${processed?.spanId ?? ''}-01`,
      },
      body: JSON.stringify({ receipt: { subscriptionId, sequence: 1, eventId: event['id'] } }),
    });
    expect(receipt.status).toBeGreaterThanOrEqual(400);
    await waitUntil('the receipt in the trace', () => named('receipt').length > 0, 30_000);
    expect(named('receipt')[0]).toMatchObject({ parentSpanId: processed?.spanId, status: 2 });

    // A replay of the subscription sends the event again in its own trace.
    const replay = await fetch(`${hub?.url}/v1/subscriptions/${subscriptionId}/replays`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKeyOf(hub?.url ?? '', PSB_AGENCY)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fromSequence: 1 }),
    });
    expect(replay.status).toBe(202);
    await waitUntil('the replayed record processed in the same trace', () => named(`process ${INBOUND}`, 'psb-adapter').length > 1, 60_000);
    const [replayed] = named('replay');
    expect(replayed?.parentSpanId).toBe(accepted?.spanId);
    const redispatched = ofTrace().find((span) => span.name.startsWith('dispatch ') && span.parentSpanId === replayed?.spanId);
    const resent = named(`send ${INBOUND}`).find((span) => span.parentSpanId === redispatched?.spanId);
    expect(resent).toBeDefined();
    expect(named(`process ${INBOUND}`, 'psb-adapter').some((span) => span.parentSpanId === resent?.spanId)).toBe(true);
  }, 240_000);

  it('continues the trace of each record an agency publishes over Kafka, through ingest, relay and delivery', async () => {
    await forgetOutboundHistory(BUREAU);
    const granted = await adminCall(hub?.url ?? '', 'POST', `/v1/admin/agencies/${BUREAU}/kafka-credentials`, { kafkaPublishing: true });
    const password = String(granted['password']);
    await waitUntil(`${BUREAU} logs in with its new password`, () => canLogIn(BUREAU, password), 30_000);
    const publisher = new AgencyOutboundPublisher({
      agencyId: BUREAU,
      brokers: TEST_KAFKA_BROKERS,
      security: testKafkaSecurity(BUREAU, password),
    });
    // One made in a trace of the bureau's own system (signed with it), one in none; one key, so one partition.
    const ownTrace = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    const ownSpan = 'abcdef0123456789';
    const inTrace = signedByItsAgency({
      ...aWorkPermitIssuedEvent(),
      traceparent: `00-${ownTrace}-${ownSpan}-01`,
    }) as unknown as SignedEvent;
    const untraced = signedByItsAgency(aWorkPermitIssuedEvent()) as unknown as SignedEvent;
    await publisher.connect();
    try {
      await publisher.publish([
        { event: inTrace, key: 'traces' },
        { event: untraced, key: 'traces' },
      ]);
    } finally {
      await publisher.disconnect();
    }

    const sends = (): ReceivedSpan[] => spans.filter((span) => span.name === `send ${OUTBOUND}`);
    await waitUntil('both records’ send spans', () => sends().length === 2, 30_000);
    const inTraceSend = sends().find((span) => span.traceId === ownTrace);
    const untracedSend = sends().find((span) => span.traceId !== ownTrace);
    expect(inTraceSend?.parentSpanId).toBe(ownSpan);
    expect(untracedSend?.traceId).toMatch(/^[0-9a-f]{32}$/);
    for (const send of [inTraceSend, untracedSend]) {
      const ofTrace = (): ReceivedSpan[] => spans.filter((span) => span.traceId === send?.traceId);
      const hops = () => {
        const trace = ofTrace();
        return {
          trace,
          accepted: trace.find((span) => span.name === 'accept work-permit.issued' && span.service === 'hub'),
          relayed: trace.find((span) => span.name === `send ${WORK_PERMIT_TOPIC}` && span.service === 'hub'),
          processed: trace.find((span) => span.name === `process ${INBOUND}` && span.service === 'psb-adapter'),
        };
      };
      // Each process exports its spans every second: wait until the whole chain has arrived.
      await waitUntil(
        `the event of trace ${send?.traceId ?? ''} accepted, relayed and processed by the adapter`,
        () => {
          const { trace, accepted, relayed, processed } = hops();
          return relayed !== undefined && descendsFrom(processed, accepted, trace) && descendsFrom(accepted, send, trace);
        },
        60_000,
      );
      const { trace, accepted, relayed } = hops();
      // The hub's acceptance is below the record's send (directly, or under the ingest's span).
      expect(descendsFrom(accepted, send, trace)).toBe(true);
      expect(relayed?.parentSpanId).toBe(accepted?.spanId);
    }
    // The ingest's span of the run the first record starts continues that record's send.
    const ingested = spans.filter((span) => span.name === `process ${OUTBOUND}` && span.service === 'hub');
    expect(ingested.map((span) => span.parentSpanId)).toContain(inTraceSend?.spanId);
  }, 180_000);
});

async function subscriptionOf(hubUrl: string): Promise<string> {
  const response = await fetch(`${hubUrl}/v1/subscriptions`, { headers: { authorization: `Bearer ${apiKeyOf(hubUrl, PSB_AGENCY)}` } });
  const { subscriptions } = (await response.json()) as { subscriptions: { id: string; status: string }[] };
  const active = subscriptions.find((subscription) => subscription.status === 'active');
  if (!active) throw new Error('psb-310000 has no active subscription');
  return active.id;
}
