import { randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE, exampleEvent } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { aWorkPermitIssuedEvent, ensureSubscription, onboardAgency, waitUntil, type OnboardedAgency } from '@hub/testing';
import { WORK_PERMIT_SUBSCRIPTION } from '../apps/psb-adapter/src/work-permits/work-permit-subscription.js';

/** Foreign professionals of the demo batch (identifiers are made up). */
const DEMO_HOLDERS = [
  { passportNo: 'M70291843', nationality: 'KOR', birthDate: '1985-03-09', name: '김서연' },
  { passportNo: 'C4X8812K7', nationality: 'DEU', birthDate: '1990-11-23', name: 'Jürgen Weiß' },
  { passportNo: 'PA7720415', nationality: 'BRA', birthDate: '1993-06-30', name: 'João Conceição' },
];

interface DemoUrls {
  readonly hubUrl: string;
  readonly psbUrl: string;
  readonly adminToken: string;
  /** When the hub answered /health (ms since the epoch): the first delivery is timed from it. */
  readonly hubReadyAt: number;
  /** An API key of the adapter's READER_API_KEYS: permits are read only with one. */
  readonly psbReaderKey: string;
}

/** What the demo made that the hints printed after it name: an event, its permit, and the bureau's API key. */
export interface DemoResult {
  readonly eventId: string;
  readonly permitNo: string;
  readonly bureauApiKey: string;
}

const BUREAU = {
  id: 'bureau-310000',
  kind: 'bureau',
  region: '310000',
  nameZh: '上海市外国专家局',
  nameEn: 'Shanghai Foreign Experts Bureau',
  contact: 'demo@example.invalid',
};

/** The public-security agency whose adapter `npm start` runs (its AGENCY_ID). */
export const DEMO_PSB = {
  id: 'psb-310000',
  kind: 'psb',
  region: '310000',
  nameZh: '上海市公安局出入境管理局',
  nameEn: 'Shanghai Exit-Entry Administration',
  contact: 'demo@example.invalid',
};

/**
 * Public security (Shanghai, psb-310000) subscribes, with its own API key, to the work-permit
 * events its adapter records; a demo bureau (Shanghai, bureau-310000) publishes work permits, and
 * each is followed from the hub's 202 to public security's record, then an extension and a
 * revocation. Also shows a resend (a duplicate, stored once) and bad events (refused with the field
 * paths and rules they broke).
 */
export async function runDemo({ hubUrl, psbUrl, adminToken, hubReadyAt, psbReaderKey }: DemoUrls): Promise<DemoResult> {
  const psbRead = { headers: { authorization: `Bearer ${psbReaderKey}`, 'x-purpose': 'demo' } };
  console.log(`\nDemo: ${DEMO_PSB.id} subscribes; ${BUREAU.id} (Shanghai) publishes signed work permits`);
  await subscribePublicSecurity(hubUrl, adminToken);
  const bureau = await onboardAgency(hubUrl, adminToken, BUREAU, 'demo-operator');
  console.log(`  → onboarded ${bureau.id}: Ed25519 signing key ${bureau.keyId}, API key ${bureau.apiKey}`);
  const single = bureau.sign(aWorkPermitIssuedEvent({ correlationid: 'demo-single-1' }));
  const batch = DEMO_HOLDERS.map((holder, i) =>
    bureau.sign(aWorkPermitIssuedEvent({ correlationid: `demo-batch-${i + 1}`, data: { permitClass: i === 0 ? 'A' : 'B', holder } })),
  );
  const started = Date.now();
  await post(hubUrl, bureau, single, 'one event');
  await post(hubUrl, bureau, { events: batch }, 'a batch of three');
  await post(hubUrl, bureau, single, 'the first event again (a resend)');

  for (const event of [single, ...batch]) {
    const data = event['data'] as { permitNo: string; permitClass: string };
    const record = await waitUntil(`permit ${data.permitNo} at public security`, async () => {
      const response = await fetch(`${psbUrl}/v1/work-permits/${data.permitNo}`, psbRead);
      return response.status === 200
        ? ((await response.json()) as { holderName: string; correlationId: string; status: string })
        : undefined;
    });
    const lookup = await fetch(`${hubUrl}/v1/events/${String(event['id'])}`, { headers: { authorization: `Bearer ${bureau.apiKey}` } });
    const status = (await lookup.json()) as { relay: string; subject: string };
    const sinceReady = event === single ? `, ${Date.now() - hubReadyAt} ms since the hub was ready` : '';
    console.log(
      `  ✔ permit ${data.permitNo} class ${data.permitClass}: hub ${status.relay} to Kafka → delivered to ${DEMO_PSB.id}'s subscription → public security holds it (${record.status}, ${record.holderName}); subject ${status.subject}; correlation ${record.correlationId}; ${Date.now() - started} ms since the first publish${sinceReady}`,
    );
  }
  await showStatusChanges(hubUrl, psbUrl, psbRead, bureau, batch);

  const bad = aWorkPermitIssuedEvent({
    data: {
      permitNo: '12AB',
      validTo: '2025-01-01',
      holder: { passportNo: 'e1', nationality: 'France', birthDate: '1990-02-30', name: 'X' },
    },
  });
  await showRefusal(hubUrl, bureau, bureau.sign(bad), 'a bad event');
  const beijing = bureau.sign(aWorkPermitIssuedEvent({ region: '110000' }));
  await showRefusal(hubUrl, bureau, beijing, "an event in another bureau's name");
  const signed = bureau.sign(aWorkPermitIssuedEvent());
  await showRefusal(
    hubUrl,
    bureau,
    { ...signed, data: { ...(signed['data'] as object), position: 'Altered after signing' } },
    'an event altered after signing',
  );
  return { eventId: String(single['id']), permitNo: (single['data'] as { permitNo: string }).permitNo, bureauApiKey: bureau.apiKey };
}

/** Onboards public security and makes its Kafka subscription for the adapter, with its own API key (once: kept across runs). */
async function subscribePublicSecurity(hubUrl: string, adminToken: string): Promise<void> {
  const psb = await onboardAgency(hubUrl, adminToken, DEMO_PSB, 'demo-operator');
  console.log(`  → onboarded ${psb.id}: Ed25519 signing key ${psb.keyId}, API key ${psb.apiKey}`);
  const subscription = await ensureSubscription(hubUrl, psb.apiKey, WORK_PERMIT_SUBSCRIPTION);
  const types = WORK_PERMIT_SUBSCRIPTION.eventTypes
    .map((entry) => `${entry.type.replace('work-permit.', '')} v${entry.version}`)
    .join(', ');
  console.log(
    `  → ${psb.id} ${subscription.created ? 'subscribed' : 'is subscribed'} with its API key to work-permit ${types} over Kafka (${agencyInboundTopic(psb.id)}): subscription ${subscription.id}`,
  );
  // The hub's dispatchers pick a new subscription up through NOTIFY; events accepted before that would pass it by.
  if (subscription.created) await new Promise((resolve) => setTimeout(resolve, 1_500));
}

/** The bureau extends one permit of the batch and revokes another; public security's records follow. */
async function showStatusChanges(
  hubUrl: string,
  psbUrl: string,
  psbRead: RequestInit,
  bureau: OnboardedAgency,
  batch: Record<string, unknown>[],
): Promise<void> {
  const [extendedPermit, revokedPermit] = batch.map((event) => event['data'] as { permitNo: string; holder: object });
  if (!extendedPermit || !revokedPermit) return;
  const change = (
    type: string,
    permit: { permitNo: string; holder: object },
    correlationid: string,
    data: object,
  ): Record<string, unknown> => {
    const contract = EVENT_CATALOGUE.find((candidate) => candidate.type === type && candidate.version === 1);
    if (!contract) throw new Error(`the catalogue has no ${type} v1`);
    const example = exampleEvent(contract);
    return bureau.sign({
      ...example,
      id: randomUUID(),
      time: new Date().toISOString(),
      region: BUREAU.region,
      correlationid,
      data: { ...(example['data'] as object), permitNo: permit.permitNo, holder: permit.holder, ...data },
    });
  };
  const extension = change('work-permit.extended', extendedPermit, 'demo-extended-1', {
    extendedOn: '2027-11-20',
    previousValidTo: '2027-12-31',
    validTo: '2029-12-31',
  });
  const revocation = change('work-permit.revoked', revokedPermit, 'demo-revoked-1', { revokedOn: '2026-06-15' });
  await post(hubUrl, bureau, { events: [extension, revocation] }, 'an extension and a revocation');
  for (const [event, what] of [
    [extension, (r: PermitAtPsb) => `valid until ${r.validTo} (extended on ${String(r.extendedOn)})`],
    [revocation, (r: PermitAtPsb) => `${r.status} on ${String(r.statusOn)} (${String(r.statusReason)})`],
  ] as const) {
    const permitNo = (event['data'] as { permitNo: string }).permitNo;
    const record = await waitUntil(`${String(event['type'])} of ${permitNo} at public security`, async () => {
      const response = await fetch(`${psbUrl}/v1/work-permits/${permitNo}`, psbRead);
      const body = response.status === 200 ? ((await response.json()) as PermitAtPsb) : undefined;
      return body?.sourceEventId === event['id'] && body;
    });
    console.log(`  ✔ ${String(event['type'])}: public security holds permit ${permitNo} ${what(record)}`);
  }
}

/** What the adapter answers for a permit (the fields the demo prints). */
interface PermitAtPsb {
  readonly sourceEventId: string;
  readonly status: string;
  readonly validTo: string;
  readonly extendedOn: string | null;
  readonly statusOn: string | null;
  readonly statusReason: string | null;
}

async function showRefusal(hubUrl: string, bureau: OnboardedAgency, event: unknown, what: string): Promise<void> {
  const refused = await send(hubUrl, bureau, event);
  const body = (await refused.json()) as { error: { code: string; issues?: { path: string; rule: string }[] } };
  console.log(`  ✔ ${what} is refused: HTTP ${refused.status} ${body.error.code}`);
  for (const issue of body.error.issues ?? []) console.log(`      ${issue.path}: ${issue.rule}`);
}

function send(hubUrl: string, bureau: OnboardedAgency, body: unknown): Promise<Response> {
  return fetch(`${hubUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bureau.apiKey}` },
    body: JSON.stringify(body),
  });
}

async function post(hubUrl: string, bureau: OnboardedAgency, body: unknown, what: string): Promise<void> {
  const response = await send(hubUrl, bureau, body);
  const result = (await response.json()) as { events?: { id: string; status: string }[] };
  if (response.status !== 202) throw new Error(`publishing ${what} failed: HTTP ${response.status} ${JSON.stringify(result)}`);
  console.log(`  → published ${what}: HTTP 202, ${(result.events ?? []).map((e) => `${e.id} ${e.status}`).join(', ')}`);
}
