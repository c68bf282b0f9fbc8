import { aWorkPermitIssuedEvent, waitUntil } from '@hub/testing';

/** Foreign professionals of the demo batch (identifiers are made up). */
const DEMO_HOLDERS = [
  { passportNo: 'M70291843', nationality: 'KOR', birthDate: '1985-03-09', name: '김서연' },
  { passportNo: 'C4X8812K7', nationality: 'DEU', birthDate: '1990-11-23', name: 'Jürgen Weiß' },
  { passportNo: 'PA7720415', nationality: 'BRA', birthDate: '1993-06-30', name: 'João Conceição' },
];

interface DemoUrls {
  readonly hubUrl: string;
  readonly psbUrl: string;
}

/**
 * A demo bureau (Shanghai, bureau-310000) publishes work permits; each is followed from the hub's
 * 202 to public security's record. Also shows a resend (a duplicate, stored once) and a bad
 * event (refused with the field paths and rules it broke).
 */
export async function runDemo({ hubUrl, psbUrl }: DemoUrls): Promise<void> {
  console.log('\nDemo: bureau-310000 (Shanghai) publishes work-permit.issued events');
  const single = aWorkPermitIssuedEvent({ correlationid: 'demo-single-1' });
  const batch = DEMO_HOLDERS.map((holder, i) =>
    aWorkPermitIssuedEvent({ correlationid: `demo-batch-${i + 1}`, data: { permitClass: i === 0 ? 'A' : 'B', holder } }),
  );
  const started = Date.now();
  await post(hubUrl, single, 'one event');
  await post(hubUrl, { events: batch }, 'a batch of three');
  await post(hubUrl, single, 'the first event again (a resend)');

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
  const refused = await fetch(`${hubUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(bad),
  });
  const body = (await refused.json()) as { error: { code: string; issues?: { path: string; rule: string }[] } };
  console.log(`  ✔ a bad event is refused: HTTP ${refused.status} ${body.error.code}`);
  for (const issue of body.error.issues ?? []) console.log(`      ${issue.path}: ${issue.rule}`);
}

async function post(hubUrl: string, body: unknown, what: string): Promise<void> {
  const response = await fetch(`${hubUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const result = (await response.json()) as { events?: { id: string; status: string }[] };
  if (response.status !== 202) throw new Error(`publishing ${what} failed: HTTP ${response.status} ${JSON.stringify(result)}`);
  console.log(`  → published ${what}: HTTP 202, ${(result.events ?? []).map((e) => `${e.id.slice(0, 8)}… ${e.status}`).join(', ')}`);
}
