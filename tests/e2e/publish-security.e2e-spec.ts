import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { signEvent, generateSigningKeyPair, exportPublicKey } from '@hub/identity';
import { aWorkPermitIssuedEvent, signedByItsAgency, testSigningKey } from '@hub/testing';
import { AgencyRegistry as AgencyRegistryToken } from '../../apps/hub/src/agencies/agency-registry.js';
import { adminCall, apiKeyOf, countRows, publish, startHub, type RunningApp } from '../support/running-apps.js';

/**
 * Who may publish what, on the real database: the hub accepts an event only from its own agency,
 * authenticated, within policy, signed with a registered key that is not revoked; every refusal
 * names the event and the check, and stores nothing.
 */
describe('POST /v1/events: authentication, policy and signatures', () => {
  let hub: RunningApp;
  let stored = 0;

  beforeAll(async () => {
    hub = await startHub({ env: { PUBLISH_RATE_PER_SECOND: '5', PUBLISH_BURST: '40' } });
  });
  afterAll(async () => {
    await hub?.destroy();
  });
  afterEach(async () => {
    stored = await countRows(hub.db, 'events');
  });

  async function expectNothingStored(): Promise<void> {
    expect(await countRows(hub.db, 'events')).toBe(stored);
    expect(await countRows(hub.db, 'outbox')).toBe(0);
  }

  it('refuses a request without a valid API key with 401', async () => {
    for (const authorization of ['', 'Bearer nonsense', `Basic ${apiKeyOf(hub.url, 'bureau-310000')}`]) {
      const answer = await publish(hub.url, aWorkPermitIssuedEvent(), { authorization });
      expect(answer.status).toBe(401);
      expect(answer.body.error?.code).toBe('UNAUTHENTICATED');
    }
    await expectNothingStored();
  });

  it("refuses another agency's event (a forged agency id) with 403 AGENCY_MISMATCH", async () => {
    const beijing = aWorkPermitIssuedEvent({ region: '110000' });
    const answer = await publish(hub.url, beijing, {}, { as: 'bureau-310000' });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({
      code: 'PUBLISH_REFUSED',
      messageZh: expect.stringContaining('本次请求未保存任何内容') as unknown,
    });
    expect(answer.body.error?.issues).toEqual([expect.objectContaining({ path: 'agency', rule: 'AGENCY_MISMATCH' })]);
    await expectNothingStored();
  });

  it('refuses a bureau publishing for another province, and a type its kind may not publish', async () => {
    const elsewhere = { ...aWorkPermitIssuedEvent(), region: '440300' };
    const answer = await publish(hub.url, elsewhere);
    expect(answer.status).toBe(403);
    expect(answer.body.error?.issues).toEqual([expect.objectContaining({ path: 'type', rule: 'PUBLISH_DENIED' })]);

    const psbEvent = { ...aWorkPermitIssuedEvent(), agency: 'psb-310000', source: 'urn:hub:agency:psb-310000' };
    const denied = await publish(hub.url, psbEvent);
    expect(denied.status).toBe(403);
    expect(denied.body.error?.issues?.[0]?.message).toContain('deny by default');
    await expectNothingStored();
  });

  it('refuses unsigned events, signatures over other content, unknown keys and keys of another agency', async () => {
    const unsigned = await publish(hub.url, aWorkPermitIssuedEvent(), {}, { sign: false });
    expect(unsigned.body.error?.issues).toEqual([expect.objectContaining({ path: 'signature', rule: 'SIGNATURE_MISSING' })]);

    const signed = signedByItsAgency(aWorkPermitIssuedEvent());
    const altered = { ...signed, data: { ...(signed['data'] as object), position: 'Chief executive' } };
    const tampered = await publish(hub.url, altered, {}, { sign: false });
    expect(tampered.body.error?.issues).toEqual([expect.objectContaining({ rule: 'SIGNATURE_INVALID' })]);

    const stranger = generateSigningKeyPair('ed25519');
    const unknownKey = signEvent(aWorkPermitIssuedEvent(), { alg: 'ed25519', keyId: 'nobody-k1', privateKey: stranger.privateKey });
    expect((await publish(hub.url, unknownKey, {}, { sign: false })).body.error?.issues?.[0]?.rule).toBe('SIGNING_KEY_UNKNOWN');

    const { keyId, privateKey } = testSigningKey('psb-310000');
    const otherAgencysKey = signEvent(aWorkPermitIssuedEvent(), { alg: 'ed25519', keyId, privateKey });
    expect((await publish(hub.url, otherAgencysKey, {}, { sign: false })).body.error?.issues?.[0]?.rule).toBe('SIGNING_KEY_OTHER_AGENCY');
    expect(tampered.status).toBe(403);
    await expectNothingStored();
  });

  it('verifies events signed by a rotated-out key, refuses a revoked key, and accepts the new one', async () => {
    const next = generateSigningKeyPair('ed25519');
    await adminCall(hub.url, 'POST', '/v1/admin/agencies/bureau-320000/signing-keys', {
      keyId: 'bureau-320000-2026-02',
      alg: 'ed25519',
      publicKey: exportPublicKey(next.publicKey),
    });
    await adminCall(hub.url, 'POST', '/v1/admin/agencies/bureau-320000/signing-keys/bureau-320000-test-k1/retire', {});
    await waitForRegistry();
    const byRetired = signedByItsAgency(aWorkPermitIssuedEvent({ region: '320000' }));
    expect((await publish(hub.url, byRetired, {}, { sign: false })).status).toBe(202);
    const byNew = signEvent(aWorkPermitIssuedEvent({ region: '320000' }), {
      alg: 'ed25519',
      keyId: 'bureau-320000-2026-02',
      privateKey: next.privateKey,
    });
    expect((await publish(hub.url, byNew, {}, { sign: false })).status).toBe(202);

    await adminCall(hub.url, 'POST', '/v1/admin/agencies/bureau-320000/signing-keys/bureau-320000-test-k1/revoke', {
      reason: 'private key exposed in a test',
    });
    await waitForRegistry();
    const afterRevocation = await publish(hub.url, signedByItsAgency(aWorkPermitIssuedEvent({ region: '320000' })), {}, { sign: false });
    expect(afterRevocation.status).toBe(403);
    expect(afterRevocation.body.error?.issues?.[0]?.rule).toBe('SIGNING_KEY_REVOKED');
  });

  it('treats a replayed signed event as a duplicate, never a second event', async () => {
    const event = signedByItsAgency(aWorkPermitIssuedEvent());
    expect((await publish(hub.url, event, {}, { sign: false })).body.events?.[0]?.status).toBe('accepted');
    const replay = await publish(hub.url, event, {}, { sign: false });
    expect(replay.body.events?.[0]?.status).toBe('duplicate');
    expect(await countRows(hub.db, 'events', 'id = $1', [event['id']])).toBe(1);
  });

  it('keeps raw identifiers encrypted in the event store (AES-256-GCM, bound to event and field)', async () => {
    const event = aWorkPermitIssuedEvent();
    const holder = (event['data'] as { holder: { passportNo: string; birthDate: string; name: string; nationality: string } }).holder;
    expect((await publish(hub.url, event)).status).toBe(202);
    const { rows } = await hub.db.query<{ holder: Record<string, string>; envelope: string }>(
      `SELECT envelope->'data'->'holder' AS holder, envelope::text AS envelope FROM events WHERE id = $1`,
      [event['id']],
    );
    const stored = rows[0];
    for (const field of ['passportNo', 'birthDate', 'name'] as const) expect(stored?.holder[field]).toMatch(/^enc:v1:test-k1:aes-256-gcm:/);
    expect(stored?.holder['nationality']).toBe(holder.nationality);
    for (const raw of [holder.passportNo, holder.name]) expect(stored?.envelope).not.toContain(raw);
  });

  it('stores injection strings as data, verbatim, with nothing executed', async () => {
    const hostile = `Robert'); DROP TABLE events;-- <script>alert(1)</script> \${7*7} {{7*7}}`;
    const event = aWorkPermitIssuedEvent({ data: { position: hostile } });
    expect((await publish(hub.url, event)).status).toBe(202);
    const row = await hub.db.query<{ position: string }>(`SELECT envelope->'data'->>'position' AS position FROM events WHERE id = $1`, [
      event['id'],
    ]);
    expect(row.rows[0]?.position).toBe(hostile);
  });

  it("answers one agency's flood with 429 and Retry-After while another agency publishes normally", async () => {
    const flood = Array.from({ length: 4 }, () => ({ events: Array.from({ length: 20 }, () => aWorkPermitIssuedEvent()) }));
    const answers = [];
    for (const body of flood) answers.push(await publish(hub.url, body));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.body.error?.code).toBe('RATE_LIMITED');
    const beijing = await publish(hub.url, aWorkPermitIssuedEvent({ region: '110000' }));
    expect(beijing.status).toBe(202);
  });

  /** Admin changes reach every process by NOTIFY; give this process a moment to reload. */
  async function waitForRegistry(): Promise<void> {
    await hub.app.get(AgencyRegistryToken, { strict: false }).refresh();
  }
});
