import { createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import type { ClaimedDelivery } from '../worker/claim-due-deliveries.js';
import { webhookHeaders, WEBHOOK_CONTENT_TYPE } from '../worker/attempt-delivery.js';
import { generateWebhookSecret, STANDARD_WEBHOOK_HEADERS, WEBHOOK_SECRET_PATTERN } from './standard-webhooks.js';
import { WebhookSigner } from './webhook-signature.js';

const hubKey = generateKeyPairSync('ed25519');
const signer = new WebhookSigner({ keyId: 'hub-webhook-2026', privateKey: hubKey.privateKey });
const body = '{"specversion":"1.0","id":"e1","type":"work-permit.issued","data":{"note":"验证"}}';

function headersOf(secrets: string[], timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const claim = { deliveryId: randomUUID(), sequence: 3, subscriptionId: 's', eventId: randomUUID(), eventType: 't', attempt: 1 };
  return webhookHeaders(claim as ClaimedDelivery, body, signer, timestamp, secrets);
}

/** `v1a` as the Standard Webhooks specification defines it: Ed25519 over `<id>.<timestamp>.<body>`, key `whpk_` + base64. */
function verifiesV1a(headers: Record<string, string>, whpk: string): boolean {
  const key = createPublicKey({
    format: 'jwk',
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(whpk.slice(5), 'base64').toString('base64url') },
  });
  const content = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
  return (headers['webhook-signature'] ?? '')
    .split(' ')
    .filter((entry) => entry.startsWith('v1a,'))
    .some((entry) => verify(null, Buffer.from(content), key, Buffer.from(entry.slice(4), 'base64')));
}

describe('Standard Webhooks headers', () => {
  it('verify with the standardwebhooks library by the subscription secret (v1), the body given back', () => {
    const secret = generateWebhookSecret();
    const headers = headersOf([secret]);
    expect(headers[STANDARD_WEBHOOK_HEADERS.id]).toBe(headers['hub-delivery-id']);
    expect(headers[STANDARD_WEBHOOK_HEADERS.timestamp]).toBe(headers['hub-timestamp']);
    expect(headers['content-type']).toBe(WEBHOOK_CONTENT_TYPE);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('refuse another secret, a changed body and an old timestamp', () => {
    const headers = headersOf([generateWebhookSecret()]);
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow('No matching signature found');
    const secret = generateWebhookSecret();
    expect(() => new Webhook(secret).verify(body.replace('e1', 'e2'), headersOf([secret]))).toThrow('No matching signature found');
    expect(() => new Webhook(secret).verify(body, headersOf([secret], Math.floor(Date.now() / 1000) - 600))).toThrow('too old');
  });

  it('sign by the current and the rotated-out secret, so either verifies', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = headersOf([current, previous]);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });

  it("carry v1a by the hub's Ed25519 key, with or without a secret, verified by the whpk_ public key", () => {
    const whpk = signer.standardPublicKey();
    expect(whpk).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    expect(verifiesV1a(headersOf([]), whpk)).toBe(true);
    expect(verifiesV1a(headersOf([generateWebhookSecret()]), whpk)).toBe(true);
    const other = new WebhookSigner({ keyId: 'other', privateKey: generateKeyPairSync('ed25519').privateKey });
    expect(verifiesV1a(headersOf([]), other.standardPublicKey())).toBe(false);
  });

  it('take secrets of 24 to 66 bytes, as whsec_ + base64', () => {
    expect(generateWebhookSecret()).toMatch(WEBHOOK_SECRET_PATTERN);
    for (const bytes of [24, 32, 64, 66]) expect(`whsec_${Buffer.alloc(bytes, 7).toString('base64')}`).toMatch(WEBHOOK_SECRET_PATTERN);
    for (const bad of ['whsec_', `whsec_${Buffer.alloc(16).toString('base64')}`, `sk_${Buffer.alloc(32).toString('base64')}`, 'whsec_!!!!'])
      expect(bad).not.toMatch(WEBHOOK_SECRET_PATTERN);
  });
});
