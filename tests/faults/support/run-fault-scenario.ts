import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANONICAL_TOPICS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { ensureSubscription, waitUntil } from '@hub/testing';
import pg from 'pg';
import { WORK_PERMIT_SUBSCRIPTION } from '../../../apps/psb-adapter/src/work-permits/work-permit-subscription.js';
import { apiKeyOf, kafkaPasswordOf, PSB_AGENCY } from '../../support/running-apps.js';
import {
  checkKafkaSubscriber,
  checkWebhookSubscriber,
  missingInHub,
  receiptsMissing,
  routedEvents,
  verifyAudit,
  type RunCheck,
} from './check-run.js';
import { FaultEndpoint } from './fault-endpoint.js';
import { injectFaults, planFaults, type Fault, type FaultKind } from './fault-schedule.js';
import type { KafkaCluster } from './kafka-cluster.js';
import { HubRig } from './hub-rig.js';
import { ProgressMonitor, type Sample } from './progress-monitor.js';
import { throughputChart } from './throughput-chart.js';
import { readTopic, type TopicRead } from './topic-reader.js';
import { createLedger, runWorkload, type PublishLedger } from './workload.js';

export interface ScenarioOptions {
  readonly name: string;
  readonly run: string;
  readonly seed: number;
  readonly events: number;
  readonly people: number;
  readonly faults: number;
  /** The faults fall within this long from the start of publishing. */
  readonly faultWindowMs: number;
  /** How long the pipeline may take to deliver everything after the last fault and the last publish. */
  readonly drainTimeoutMs: number;
  readonly resultsDir: string;
  /** The three-node cluster the hub, the adapter and the checker use instead of the shared test broker. */
  readonly cluster?: KafkaCluster;
  /** The kinds the schedule draws from. */
  readonly kinds: readonly FaultKind[];
  /** A PostgreSQL server of the run's own (admin URL; restart-postgres stops and starts it); default the shared test server. */
  readonly database?: { readonly serverUrl: string; stop(): Promise<void>; start(): Promise<void> };
}

export interface ScenarioResult {
  readonly check: RunCheck & { readonly drain: DrainState };
  readonly faults: readonly Fault[];
  readonly durationMs: number;
  readonly resultsFile: string;
}

/** The webhook subscriber: credit supervision, entitled to every work-permit event (without raw identifiers). */
const WEBHOOK_AGENCY = 'credit';
/** The Kafka subscriber read back with its own credentials (no adapter runs for it). */
const READ_BACK_AGENCY = 'linkage';

/**
 * One run: the hub (a process per role) and public security's adapter, three subscribers (psb over
 * Kafka with its adapter, linkage over Kafka read back, credit by webhook), two bureaus publishing,
 * seeded faults meanwhile; then the checker compares what was acknowledged with what arrived and
 * the results (JSON and a throughput chart) are written to `resultsDir`.
 */
export async function runFaultScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const rig = new HubRig(options.run, options.cluster?.brokers, options.database?.serverUrl);
  const endpoint = new FaultEndpoint(WEBHOOK_AGENCY);
  const ledger = createLedger();
  const phases = { setup: 0, publishAndFaults: 0, drain: 0, check: 0 };
  let monitor: ProgressMonitor | undefined;
  let db: pg.Client | undefined;
  try {
    const setupStarted = Date.now();
    await rig.start();
    const webhookUrl = await endpoint.start();
    const subscriptions = await subscribe(rig.hubUrl, webhookUrl);
    await rig.startAdapter();
    monitor = new ProgressMonitor({ hub: rig.hubDatabaseUrl, psb: rig.psbDatabaseUrl }, () => ledger, endpoint);
    monitor.start();
    const startedAt = Date.now();
    const faults = planFaults(options.seed, options.faults, options.faultWindowMs, 4_000, options.kinds);
    await Promise.all([
      runWorkload(
        () => rig.hubUrl,
        { run: options.run, events: options.events, people: options.people, batchSize: 250, giveUpAfterMs: 120_000 },
        ledger,
      ),
      injectFaults(faults, { rig, endpoint, cluster: options.cluster, database: options.database }, startedAt),
    ]);
    phases.setup = startedAt - setupStarted;
    phases.publishAndFaults = Date.now() - startedAt;
    db = new pg.Client({ connectionString: rig.hubDatabaseUrl });
    await db.connect();
    const routed = {
      psb: await routedEvents(db, subscriptions.psb),
      linkage: await routedEvents(db, subscriptions.linkage),
      credit: await routedEvents(db, subscriptions.credit),
    };
    const drained = await drain(db, rig, endpoint, routed, options.drainTimeoutMs);
    const durationMs = Date.now() - startedAt;
    phases.drain = durationMs - phases.publishAndFaults;
    await monitor.stop();
    const checkStarted = Date.now();
    const check = { ...(await checkRun(db, rig, endpoint, ledger, subscriptions, routed, options)), drain: drained };
    phases.check = Date.now() - checkStarted;
    const resultsFile = writeResults(options, check, faults, monitor.samples, ledger, durationMs, phases);
    return { check, faults, durationMs, resultsFile };
  } finally {
    await monitor?.stop().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await rig.stop();
    await endpoint.stop();
  }
}

async function subscribe(hubUrl: string, webhookUrl: string): Promise<{ psb: string; linkage: string; credit: string }> {
  const psb = await ensureSubscription(hubUrl, apiKeyOf(hubUrl, PSB_AGENCY), WORK_PERMIT_SUBSCRIPTION);
  const linkage = await ensureSubscription(hubUrl, apiKeyOf(hubUrl, READ_BACK_AGENCY), {
    name: 'work permits (fault suite)',
    eventTypes: [{ type: 'work-permit.issued' }],
    channels: { kafka: true },
  });
  const response = await fetch(`${hubUrl}/v1/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKeyOf(hubUrl, WEBHOOK_AGENCY)}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'work permits by webhook (fault suite)',
      eventTypes: [{ type: 'work-permit.issued' }],
      channels: { webhook: { url: webhookUrl } },
    }),
  });
  const credit = (await response.json()) as { id?: string };
  if (response.status !== 201 || credit.id === undefined)
    throw new Error(`the webhook subscription was refused: ${JSON.stringify(credit)}`);
  return { psb: psb.id, linkage: linkage.id, credit: credit.id };
}

/** Where the pipeline stood when the drain ended: everything delivered, or what was still on its way at the timeout. */
export interface DrainState {
  readonly complete: boolean;
  readonly seconds: number;
  readonly outboxLeft: number;
  readonly psbRecorded: number;
  readonly psbRouted: number;
  readonly webhooksAcknowledged: number;
  readonly webhooksRouted: number;
}

/** Waits until every acknowledged event is relayed, recorded by the adapter and acknowledged by the webhook endpoint, or the timeout; says where it stood. */
async function drain(
  db: pg.Client,
  rig: HubRig,
  endpoint: FaultEndpoint,
  routed: { psb: ReadonlyMap<string, number>; credit: ReadonlyMap<string, number> },
  timeoutMs: number,
): Promise<DrainState> {
  const started = Date.now();
  const psb = new pg.Client({ connectionString: rig.psbDatabaseUrl });
  psb.on('error', () => undefined);
  await psb.connect();
  const psbIds = [...routed.psb.keys()];
  let state: Omit<DrainState, 'complete' | 'seconds'> = {
    outboxLeft: -1,
    psbRecorded: 0,
    psbRouted: routed.psb.size,
    webhooksAcknowledged: 0,
    webhooksRouted: routed.credit.size,
  };
  const finished = (): boolean =>
    state.outboxLeft === 0 && state.psbRecorded === state.psbRouted && state.webhooksAcknowledged >= state.webhooksRouted;
  try {
    const complete = await waitUntil(
      'every acknowledged event delivered',
      async () => {
        const pending = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
        const recorded = await psb.query<{ n: number }>(
          'SELECT count(DISTINCT source_event_id)::int AS n FROM work_permits WHERE source_event_id = ANY($1::uuid[])',
          [psbIds],
        );
        state = {
          ...state,
          outboxLeft: pending.rows[0]?.n ?? -1,
          psbRecorded: recorded.rows[0]?.n ?? 0,
          webhooksAcknowledged: endpoint.acknowledged(),
        };
        return finished();
      },
      timeoutMs,
      1_000,
    ).then(
      () => true,
      () => false,
    );
    return { complete, seconds: Math.round((Date.now() - started) / 100) / 10, ...state };
  } finally {
    await psb.end().catch(() => undefined);
  }
}

async function checkRun(
  db: pg.Client,
  rig: HubRig,
  endpoint: FaultEndpoint,
  ledger: PublishLedger,
  subscriptions: { psb: string; linkage: string; credit: string },
  routed: { psb: ReadonlyMap<string, number>; linkage: ReadonlyMap<string, number>; credit: ReadonlyMap<string, number> },
  options: ScenarioOptions,
): Promise<RunCheck> {
  const acknowledged = [...ledger.acknowledged];
  const wanted = new Set(acknowledged);
  // Long enough to read 100,000 records through the proxies thrice over; a read that still runs out says so.
  const timeoutMs = 600_000;
  const brokers = options.cluster?.brokers;
  const canonical = await readTopic({ topic: CANONICAL_TOPICS.workPermit, wanted, brokers, timeoutMs });
  const psbRecords = await readTopic({
    topic: agencyInboundTopic(PSB_AGENCY),
    wanted: new Set(routed.psb.keys()),
    user: PSB_AGENCY,
    password: await kafkaPasswordOf(PSB_AGENCY, rig.hubUrl),
    brokers,
    timeoutMs,
  });
  const linkageRecords = await readTopic({
    topic: agencyInboundTopic(READ_BACK_AGENCY),
    wanted: new Set(routed.linkage.keys()),
    user: READ_BACK_AGENCY,
    password: await kafkaPasswordOf(READ_BACK_AGENCY, rig.hubUrl),
    brokers,
    timeoutMs,
  });
  const psbDb = new pg.Client({ connectionString: rig.psbDatabaseUrl });
  await psbDb.connect();
  const effects = await psbDb
    .query<{ id: string; n: number }>(
      'SELECT source_event_id::text AS id, count(*)::int AS n FROM work_permits WHERE source_event_id = ANY($1::uuid[]) GROUP BY 1',
      [acknowledged],
    )
    .finally(() => psbDb.end());
  const audit = verifyAudit(rig.hubDatabaseUrl);
  const canonicalIds = new Set(canonical.records.map((record) => record.eventId));
  const readers = Object.fromEntries(
    [
      [CANONICAL_TOPICS.workPermit, canonical],
      [agencyInboundTopic(PSB_AGENCY), psbRecords],
      [agencyInboundTopic(READ_BACK_AGENCY), linkageRecords],
    ].map(([topic, read]) => [
      topic as string,
      { complete: (read as TopicRead).complete, read: (read as TopicRead).read, total: (read as TopicRead).total },
    ]),
  );
  return {
    published: ledger.personOf.size,
    acknowledged: acknowledged.length,
    refused: ledger.refused.size,
    unacknowledged: ledger.unacknowledged.size,
    missingInHub: await missingInHub(db, acknowledged),
    missingOnCanonicalTopic: acknowledged.filter((id) => !canonicalIds.has(id)).length,
    subscribers: {
      [`${PSB_AGENCY} (Kafka, psb adapter)`]: checkKafkaSubscriber(
        ledger,
        routed.psb,
        subscriptions.psb,
        psbRecords.records,
        new Map(effects.rows.map((row) => [row.id, row.n])),
      ),
      [`${READ_BACK_AGENCY} (Kafka, read back)`]: checkKafkaSubscriber(
        ledger,
        routed.linkage,
        subscriptions.linkage,
        linkageRecords.records,
      ),
      [`${WEBHOOK_AGENCY} (webhook)`]: checkWebhookSubscriber(ledger, routed.credit, endpoint.arrivals),
    },
    receiptsMissing: await receiptsMissing(db, subscriptions.credit),
    auditVerified: audit.ok,
    auditReport: audit.report.slice(0, 2_000),
    readers,
  };
}

/** The hop whose progress shows a fault's recovery. */
function counterOf(fault: Fault): keyof Omit<Sample, 'at'> {
  if (fault.kind === 'kill-api') return 'acknowledged';
  if (fault.kind === 'kill-psb-adapter' || fault.kind === 'scale-psb-adapter') return 'recorded';
  if (fault.kind === 'restart-postgres') return 'acknowledged';
  if (fault.kind.startsWith('webhook-') || fault.kind === 'kill-dispatch') return 'webhooks';
  return 'relayed';
}

/**
 * From the fault's start until its hop moved again after the fault was lifted; a hop with nothing
 * left to do (already at its final count) has recovered when the fault was lifted.
 */
function recoveryMs(fault: Fault, samples: readonly Sample[]): number | null {
  if (fault.startedAt === undefined || fault.endedAt === undefined) return null;
  const counter = counterOf(fault);
  const final = samples.at(-1)?.[counter] ?? 0;
  const atEnd = [...samples].reverse().find((sample) => sample.at <= (fault.endedAt ?? 0));
  if (!atEnd || atEnd[counter] >= final) return fault.endedAt - fault.startedAt;
  const moved = samples.find((sample) => sample.at > (fault.endedAt ?? 0) && sample[counter] > atEnd[counter]);
  return moved ? moved.at - fault.startedAt : null;
}

function writeResults(
  options: ScenarioOptions,
  check: RunCheck & { readonly drain: DrainState },
  faults: readonly Fault[],
  samples: readonly Sample[],
  ledger: PublishLedger,
  durationMs: number,
  phases: Readonly<Record<string, number>>,
): string {
  mkdirSync(options.resultsDir, { recursive: true });
  const start = samples[0]?.at ?? 0;
  const byKind: Record<string, number> = {};
  for (const fault of faults) byKind[fault.kind] = (byKind[fault.kind] ?? 0) + 1;
  const results = {
    run: options.name,
    seed: options.seed,
    finishedAt: new Date().toISOString(),
    durationSeconds: Math.round(durationMs / 100) / 10,
    phaseSeconds: Object.fromEntries(Object.entries(phases).map(([phase, ms]) => [phase, Math.round(ms / 100) / 10])),
    topology: options.cluster
      ? 'three-node KRaft cluster (RF 3, min ISR 2, unclean election off, SASL_SSL) behind TCP proxies'
      : 'the shared test broker (1 node)',
    workload: { events: options.events, people: options.people, publishers: 2, subscribers: 3, publishRetries: ledger.retries },
    events: {
      published: check.published,
      acknowledged: check.acknowledged,
      refused: check.refused,
      unacknowledged: check.unacknowledged,
      missingInHub: check.missingInHub,
      missingOnCanonicalTopic: check.missingOnCanonicalTopic,
    },
    subscribers: check.subscribers,
    lost: Object.values(check.subscribers).reduce((sum, subscriber) => sum + subscriber.lost, check.missingInHub),
    duplicated: Object.values(check.subscribers).reduce((sum, subscriber) => sum + subscriber.duplicated, 0),
    reordered: Object.values(check.subscribers).reduce((sum, subscriber) => sum + subscriber.reordered, 0),
    receiptsMissing: check.receiptsMissing,
    auditVerified: check.auditVerified,
    drain: check.drain,
    readers: check.readers,
    faultsByKind: byKind,
    faults: faults.map((fault) => ({
      kind: fault.kind,
      ...(fault.kind.includes('broker') ||
      fault.kind.includes('proxy') ||
      fault.kind.includes('leader') ||
      fault.kind.includes('controller')
        ? { node: fault.node + 1 }
        : {}),
      atSeconds: fault.startedAt === undefined ? null : (fault.startedAt - start) / 1000,
      liftedAtSeconds: fault.endedAt === undefined ? null : (fault.endedAt - start) / 1000,
      recoverySeconds: ((ms) => (ms === null ? null : ms / 1000))(recoveryMs(fault, samples)),
    })),
  };
  const file = join(options.resultsDir, `${options.name}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const title = `${options.name}: ${check.acknowledged} events acknowledged, ${faults.length} faults, ${results.lost} lost, ${results.duplicated} duplicated`;
  writeFileSync(join(options.resultsDir, `${options.name}.svg`), throughputChart(title, samples, faults));
  return file;
}
