// The CPU the API spends per accepted event in the publish handler, without HTTP, the database or
// Kafka: one 500-event batch of signed work-permit.issued events through validation, signature
// checks and preparation, repeated, against an event store that accepts everything. Run after a
// build: `node dist/bench/publish-cpu.js [rounds] [signature worker threads]` (add --cpu-prof for a profile).
import { Logger } from '@nestjs/common';
import { Metrics } from '@hub/observability';
import { aWorkPermitIssuedEvent, signedByItsAgency, testSigningKey } from '@hub/testing';
import { loadHubConfig } from '../apps/hub/src/config/hub-config.js';
import { UNIT_TEST_HUB_ENV } from '../apps/hub/src/config/unit-test-hub-env.js';
import type { Agency, AgencyRegistry } from '../apps/hub/src/agencies/index.js';
import type { PolicyService } from '../apps/hub/src/policy/index.js';
import type { EventStore } from '../apps/hub/src/events/event-store.port.js';
import { AgencyRateLimiter } from '../apps/hub/src/events/publish-events/agency-rate-limiter.js';
import { PublishEventsHandler } from '../apps/hub/src/events/publish-events/publish-events.handler.js';
import { PublishMetrics } from '../apps/hub/src/events/publish-events/publish-metrics.js';
import { SignatureVerification } from '../apps/hub/src/events/publish-events/signature-verification.js';
import type { RefusalAudit } from '../apps/hub/src/events/publish-events/refusal-audit.js';

const BATCH = 500;
const rounds = Number(process.argv[2] ?? 20);
const threads = process.argv[3] ?? '1';
Logger.overrideLogger(false);

const config = loadHubConfig({
  ...UNIT_TEST_HUB_ENV,
  MAX_EVENTS_PER_REQUEST: String(BATCH),
  PUBLISH_RATE_PER_SECOND: '1000000',
  PUBLISH_BURST: '100000000',
  SIGNATURE_WORKER_THREADS: threads,
});
const registry = {
  signingKey: (keyId: string) => {
    const agencyId = keyId.replace(/-test-k1$/, '');
    return { agencyId, alg: 'ed25519' as const, publicKey: testSigningKey(agencyId).publicKeyPem, status: 'active' as const };
  },
} as unknown as AgencyRegistry;
const policy = { mayPublish: () => ({ allowed: true, purpose: 'work-permit-administration' }) } as unknown as PolicyService;
const refusals = { record: () => Promise.resolve() } as unknown as RefusalAudit;
const store: EventStore = { storeNew: () => Promise.resolve({ duplicates: new Set<string>(), held: new Map<string, string>() }) };
const handler = new PublishEventsHandler(
  store,
  config,
  registry,
  policy,
  new AgencyRateLimiter(config),
  refusals,
  new SignatureVerification(config),
  new PublishMetrics(new Metrics('hub')),
);
const agency = { id: 'bureau-310000', kind: 'bureau', region: '310000', status: 'active' } as Agency;

// Parsed afresh each round, as the API parses every request.
const body = JSON.stringify(Array.from({ length: BATCH }, () => signedByItsAgency(aWorkPermitIssuedEvent())));
const request = { agency, batch: true, correlationId: 'bench', traceparent: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-01' };

async function round(): Promise<void> {
  await handler.execute({ ...request, events: JSON.parse(body) as unknown[] });
}

for (let i = 0; i < 3; i += 1) await round();
const cpuStart = process.cpuUsage();
const threadStart = process.threadCpuUsage();
const start = process.hrtime.bigint();
for (let i = 0; i < rounds; i += 1) await round();
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpuStart);
const processMs = (cpu.user + cpu.system) / 1000;
// The main thread's CPU, apart from any worker threads'.
const thread = process.threadCpuUsage(threadStart);
const mainThreadMs = (thread.user + thread.system) / 1000;
const events = rounds * BATCH;
console.log(
  JSON.stringify({
    events,
    eventsPerSecond: Math.round((events / wallMs) * 1000),
    wallMsPerEvent: +(wallMs / events).toFixed(4),
    mainThreadMsPerEvent: +(mainThreadMs / events).toFixed(4),
    processCpuMsPerEvent: +(processMs / events).toFixed(4),
  }),
);
