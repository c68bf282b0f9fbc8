import { randomUUID, sign } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { generateSigningKeyPair, type RegisteredSigningKey } from '@hub/identity';
import { assessReceipt } from './assess-receipt.js';
import { receiptVerifier } from './receipt-verifier.js';
import { readReceipt, RECEIPT_PROBLEMS, receiptFromResponse, signWebhookReceipt, type WebhookReceipt } from './webhook-receipt.js';

const psbKey = generateSigningKeyPair('ed25519');
const psbSm2Key = generateSigningKeyPair('sm2-sm3');
const mfaKey = generateSigningKeyPair('ed25519');
const registry: Record<string, RegisteredSigningKey> = {
  'psb-2026': { alg: 'ed25519', publicKey: psbKey.publicKeyPem, agencyId: 'psb', status: 'active' },
  'psb-sm2': { alg: 'sm2-sm3', publicKey: psbSm2Key.publicKeyPem, agencyId: 'psb', status: 'active' },
  'psb-2024': { alg: 'ed25519', publicKey: psbKey.publicKeyPem, agencyId: 'psb', status: 'revoked' },
  'mfa-2026': { alg: 'ed25519', publicKey: mfaKey.publicKeyPem, agencyId: 'mfa', status: 'active' },
};
const verify = receiptVerifier((keyId) => registry[keyId]);
const expected = { deliveryId: randomUUID(), eventId: randomUUID(), agencyId: 'psb' };
const facts = { deliveryId: expected.deliveryId, eventId: expected.eventId, agency: 'psb', receivedAt: '2026-03-01T09:30:00.123+08:00' };
const signed = (keyId = 'psb-2026', privateKey = psbKey.privateKey, alg: 'ed25519' | 'sm2-sm3' = 'ed25519'): WebhookReceipt =>
  signWebhookReceipt(facts, { alg, keyId, privateKey });

describe('webhook receipts', () => {
  it('accepts a receipt signed by a registered key of the receiving agency, Ed25519 or SM2', async () => {
    expect(await assessReceipt(readReceipt(signed()), expected, verify)).toMatchObject({
      keyId: 'psb-2026',
      alg: 'ed25519',
      receipt: facts,
    });
    expect(await assessReceipt(readReceipt(signed('psb-sm2', psbSm2Key.privateKey, 'sm2-sm3')), expected, verify)).toMatchObject({
      keyId: 'psb-sm2',
      alg: 'sm2-sm3',
    });
  });

  it('refuses an altered receipt, a revoked key, another agency key, and a receipt about another delivery', async () => {
    const altered = { ...signed(), receivedAt: '2026-03-01T09:31:00+08:00' };
    expect(await assessReceipt(readReceipt(altered), expected, verify)).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(await assessReceipt(readReceipt(signed('psb-2024')), expected, verify)).toMatchObject({ code: 'SIGNING_KEY_REVOKED' });
    expect(await assessReceipt(readReceipt(signed('mfa-2026', mfaKey.privateKey)), expected, verify)).toMatchObject({
      code: 'SIGNING_KEY_OTHER_AGENCY',
    });
    expect(await assessReceipt(readReceipt(signed()), { ...expected, deliveryId: randomUUID() }, verify)).toMatchObject({
      code: RECEIPT_PROBLEMS.mismatch,
      message: expect.stringContaining('deliveryId') as unknown,
    });
    expect(await assessReceipt(readReceipt(signed()), { ...expected, agencyId: 'mfa' }, verify)).toMatchObject({
      code: RECEIPT_PROBLEMS.mismatch,
    });
  });

  it('reports a registry that cannot answer, or no verifier at all, as unverifiable', async () => {
    const failing = receiptVerifier(() => Promise.reject(new Error('registry down')));
    expect(await assessReceipt(readReceipt(signed()), expected, failing)).toMatchObject({
      code: RECEIPT_PROBLEMS.unverifiable,
      message: expect.stringContaining('registry down') as unknown,
    });
    expect(await assessReceipt(readReceipt(signed()), expected, undefined)).toMatchObject({ code: RECEIPT_PROBLEMS.unverifiable });
  });

  it('reads receipts strictly', () => {
    const receipt = signed();
    expect(readReceipt(receipt)).toEqual(receipt);
    const malformed = { code: RECEIPT_PROBLEMS.malformed };
    expect(readReceipt([receipt])).toMatchObject(malformed);
    expect(readReceipt({ ...receipt, extra: 1 })).toMatchObject({ ...malformed, message: expect.stringContaining('extra') as unknown });
    expect(readReceipt({ ...receipt, eventId: 'not-a-uuid' })).toMatchObject(malformed);
    expect(readReceipt({ ...receipt, receivedAt: '2026-03-01 09:30' })).toMatchObject(malformed);
    expect(readReceipt({ ...receipt, receivedAt: '2026-02-30T09:30:00Z' })).toMatchObject(malformed);
    expect(readReceipt({ ...receipt, receivedAt: '2026-03-01T24:00:00Z' })).toMatchObject(malformed);
    expect(readReceipt({ ...receipt, receivedAt: '2026-03-01T09:30:00+15:00' })).toMatchObject(malformed);
    expect(readReceipt({ ...receipt, receivedAt: '2024-02-29T23:59:59.999999Z' })).not.toHaveProperty('code');
    expect(readReceipt({ ...receipt, signature: 5 })).toMatchObject(malformed);
  });

  it('finds the receipt in a response body, or says why there is none', () => {
    const receipt = signed();
    expect(receiptFromResponse(Buffer.from(JSON.stringify({ receipt, other: true })), false)).toEqual(receipt);
    expect(receiptFromResponse(Buffer.from(''), false)).toMatchObject({ code: RECEIPT_PROBLEMS.missing });
    expect(receiptFromResponse(Buffer.from('OK'), false)).toMatchObject({
      code: RECEIPT_PROBLEMS.missing,
      message: expect.stringContaining('not JSON') as unknown,
    });
    expect(receiptFromResponse(Buffer.from('{"status":"ok"}'), false)).toMatchObject({ code: RECEIPT_PROBLEMS.missing });
    expect(receiptFromResponse(Buffer.from('null'), false)).toMatchObject({ code: RECEIPT_PROBLEMS.missing });
    expect(receiptFromResponse(Buffer.from(JSON.stringify({ receipt })), true)).toMatchObject({ code: RECEIPT_PROBLEMS.malformed });
  });

  it('accepts a receipt an agency signs with plain node:crypto, as the README shows', async () => {
    // Four string members in RFC 8785 order (sorted by name): JSON.stringify gives their canonical form.
    const body = { agency: 'psb', deliveryId: expected.deliveryId, eventId: expected.eventId, receivedAt: new Date().toISOString() };
    const signature = `ed25519:psb-2026:${sign(null, Buffer.from(JSON.stringify(body)), psbKey.privateKey).toString('base64url')}`;
    const response = Buffer.from(JSON.stringify({ receipt: { ...body, signature } }));
    expect(await assessReceipt(receiptFromResponse(response, false), expected, verify)).toMatchObject({ keyId: 'psb-2026' });
  });
});
