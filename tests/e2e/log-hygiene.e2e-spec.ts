import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aWorkPermitIssuedEvent, signedByItsAgency, testSigningKey, waitUntil } from '@hub/testing';
import {
  adminCall,
  apiKeyOf,
  psbGroupId,
  publish,
  startHub,
  startPsbAdapter,
  TEST_ADMIN_TOKEN,
  TEST_FIELD_ENCRYPTION_KEYS,
  type RunningApp,
  PSB_READER_HEADERS,
} from '../support/running-apps.js';

/**
 * Secrets and raw identifiers never reach the logs. The hub and the adapter run with every log
 * level on while events go through the whole path, bad ones are refused and admin actions happen;
 * then every line they wrote is searched for each identifier and secret involved.
 */
describe('logs carry no secrets and no raw identifiers', () => {
  let hub: RunningApp;
  let psb: RunningApp;
  const lines: string[] = [];
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

  beforeAll(async () => {
    const capture =
      (forward: (chunk: string | Uint8Array) => boolean) =>
      (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
        lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        void rest;
        return forward === writes.out ? true : forward(chunk);
      };
    process.stdout.write = capture(writes.out);
    process.stderr.write = capture(writes.err);
    const verbose = { LOG_LEVELS: 'log,warn,error,fatal' };
    hub = await startHub({ env: verbose });
    psb = await startPsbAdapter({ hubUrl: hub.url, groupId: psbGroupId('logs'), env: verbose });
  });
  afterAll(async () => {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    await psb?.destroy();
    await hub?.destroy();
  });

  it('mentions none of them through publish, relay, consumption, refusals and admin actions', async () => {
    const holder = { passportNo: 'LOGTEST7731', nationality: 'NOR', birthDate: '1979-12-24', name: 'Solveig Haugland-Løvås' };
    const event = aWorkPermitIssuedEvent({ data: { holder } });
    expect((await publish(hub.url, event)).status).toBe(202);
    const permitNo = (event['data'] as { permitNo: string }).permitNo;
    await waitUntil(
      'the permit at public security',
      async () => (await fetch(`${psb.url}/v1/work-permits/${permitNo}`, { headers: PSB_READER_HEADERS })).status === 200,
    );

    // Refusals whose inputs carry identifiers: a broken event, another agency's, a tampered one.
    const badHolder = { ...holder, passportNo: 'bad-LOGTEST7732', birthDate: '1979-02-30' };
    expect((await publish(hub.url, aWorkPermitIssuedEvent({ data: { holder: badHolder } }))).status).toBe(400);
    expect(
      (await publish(hub.url, aWorkPermitIssuedEvent({ region: '110000', data: { holder } }), {}, { as: 'bureau-310000' })).status,
    ).toBe(403);
    const signed = signedByItsAgency(aWorkPermitIssuedEvent({ data: { holder } }));
    expect((await publish(hub.url, { ...signed, region: '310115' }, {}, { sign: false })).status).toBe(403);
    const created = await adminCall(hub.url, 'POST', '/v1/admin/agencies/bureau-310000/api-keys', {});

    const secrets = [
      holder.passportNo,
      holder.birthDate,
      holder.name,
      badHolder.passportNo,
      apiKeyOf(hub.url, 'bureau-310000'),
      apiKeyOf(hub.url, 'psb-310000'),
      String(created['apiKey']),
      TEST_ADMIN_TOKEN,
      TEST_FIELD_ENCRYPTION_KEYS.split(':')[2] ?? 'unset',
      testSigningKey('bureau-310000').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().split('\n')[1] ?? 'unset',
    ];
    // The adapter logs its batch after the commit the read above saw, and after settling its sequence numbers.
    await waitUntil('the adapter’s batch in the log', () => Promise.resolve(lines.join('').includes('work permits recorded')));
    const log = lines.join('');
    expect(log).toContain('events accepted');
    expect(log).toContain('work permits recorded');
    expect(lines.length).toBeGreaterThan(10);
    expect(secrets.filter((secret) => log.includes(secret))).toEqual([]);
  });
});
