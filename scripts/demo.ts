import { aWorkPermitIssuedEvent, onboardAgency, waitUntil, type OnboardedAgency } from '@hub/testing';

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
}

const BUREAU = {
  id: 'bureau-310000',
  kind: 'bureau',
  region: '310000',
  nameZh: '上海市外国专家局',
  nameEn: 'Shanghai Foreign Experts Bureau',
  contact: 'demo@example.invalid',
};

/**
 * A demo bureau (Shanghai, bureau-310000) publishes work permits; each is followed from the hub's
 * 202 to public security's record. Also shows a resend (a duplicate, stored once) and a bad
 * event (refused with the field paths and rules it broke).
 */
export async function runDemo({ hubUrl, psbUrl, adminToken }: DemoUrls): Promise<void> {
  console.log('\nDemo: bureau-310000 (Shanghai) publishes signed work-permit.issued events');
  const bureau = await onboardAgency(hubUrl, adminToken, BUREAU, 'demo-operator');
  console.log(`  → onboarded ${bureau.id}: Ed25519 signing key ${bureau.keyId}, API key ${bureau.apiKey.slice(0, 8)}…`);
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
      const response = await fetch(`${psbUrl}/v1/work-permits/${data.permitNo}`);
      return response.status === 200
        ? ((await response.json()) as { holderName: string; correlationId: string; status: string })
        : undefined;
    });
    const status = (await (await fetch(`${hubUrl}/v1/events/${String(event['id'])}`)).json()) as { relay: string; subject: string };
    console.log(
      `  ✔ permit ${data.permitNo} class ${data.permitClass}: hub ${status.relay} to Kafka → public security holds it (${record.status}, ${record.holderName}); subject ${status.subject}; correlation ${record.correlationId}; ${Date.now() - started} ms since the first publish`,
    );
  }

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
  console.log(`  → published ${what}: HTTP 202, ${(result.events ?? []).map((e) => `${e.id.slice(0, 8)}… ${e.status}`).join(', ')}`);
}
