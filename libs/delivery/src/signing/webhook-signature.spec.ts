import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, randomUUID, verify as verifyBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { exportRawPublicKey } from '@hub/identity';
import { verifyHubWebhookSignature, WEBHOOK_SIGNATURE_ERROR_CODES, type VerifyHubWebhookOptions } from './verify-hub-webhook-signature.js';
import { HUB_WEBHOOK_HEADERS, webhookSigningString, WebhookSigner } from './webhook-signature.js';

const hubKey = generateKeyPairSync('ed25519');
const publicKeyPem = hubKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const signer = new WebhookSigner({ keyId: 'hub-webhook-2026', privateKey: hubKey.privateKey });
const now = new Date('2026-03-01T08:00:00Z');
const timestamp = Math.floor(now.getTime() / 1000);

function signedRequest(body = '{"type":"work-permit.issued","n":1}', sequence = 7) {
  const deliveryId = randomUUID();
  const headers: Record<string, string> = {
    [HUB_WEBHOOK_HEADERS.deliveryId]: deliveryId,
    [HUB_WEBHOOK_HEADERS.idempotencyKey]: deliveryId,
    [HUB_WEBHOOK_HEADERS.sequence]: String(sequence),
    [HUB_WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [HUB_WEBHOOK_HEADERS.signature]: signer.sign({ deliveryId, sequence, timestamp, body }),
  };
  return { deliveryId, headers, body };
}

function verify(overrides: Partial<VerifyHubWebhookOptions> & Pick<VerifyHubWebhookOptions, 'headers' | 'body'>) {
  return verifyHubWebhookSignature({ publicKeys: { 'hub-webhook-2026': publicKeyPem }, now, ...overrides });
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('hub webhook signatures', () => {
  it('verifies a request as signed, from a header record, a fetch Headers object, or a key lookup', () => {
    const { deliveryId, headers, body } = signedRequest();
    expect(verify({ headers, body })).toEqual({
      deliveryId,
      idempotencyKey: deliveryId,
      sequence: 7,
      timestamp,
      keyId: 'hub-webhook-2026',
    });
    expect(verify({ headers: new Headers(headers), body: Buffer.from(body) }).deliveryId).toBe(deliveryId);
    const upperCase = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
    expect(verify({ headers: upperCase, body }).sequence).toBe(7);
    const raw = exportRawPublicKey(hubKey.publicKey);
    expect(verify({ headers, body, publicKeys: (keyId) => (keyId === 'hub-webhook-2026' ? raw : undefined) }).keyId).toBe(
      'hub-webhook-2026',
    );
  });

  it('signs hub-webhook/1.<delivery id>.<sequence>.<timestamp>.<sha-256 of the body>', () => {
    expect(webhookSigningString({ deliveryId: 'd', sequence: 3, timestamp: 1700000000, body: '' })).toBe(
      'hub-webhook/1.d.3.1700000000.e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('refuses a changed body, sequence, delivery id or timestamp', () => {
    const { headers, body } = signedRequest();
    expect(codeOf(() => verify({ headers, body: body.replace('1', '2') }))).toBe(WEBHOOK_SIGNATURE_ERROR_CODES.signatureInvalid);
    expect(codeOf(() => verify({ headers: { ...headers, 'hub-sequence': '8' }, body }))).toBe(
      WEBHOOK_SIGNATURE_ERROR_CODES.signatureInvalid,
    );
    const otherId = randomUUID();
    expect(codeOf(() => verify({ headers: { ...headers, 'hub-delivery-id': otherId, 'idempotency-key': otherId }, body }))).toBe(
      WEBHOOK_SIGNATURE_ERROR_CODES.signatureInvalid,
    );
    expect(codeOf(() => verify({ headers: { ...headers, 'hub-timestamp': String(timestamp + 1) }, body }))).toBe(
      WEBHOOK_SIGNATURE_ERROR_CODES.signatureInvalid,
    );
  });

  it('refuses a signature by another key, an unknown key id, and a replay outside the tolerance', () => {
    const { headers, body } = signedRequest();
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(codeOf(() => verify({ headers, body, publicKeys: { 'hub-webhook-2026': other } }))).toBe(
      WEBHOOK_SIGNATURE_ERROR_CODES.signatureInvalid,
    );
    expect(codeOf(() => verify({ headers, body, publicKeys: { 'hub-webhook-2025': publicKeyPem } }))).toBe(
      WEBHOOK_SIGNATURE_ERROR_CODES.keyUnknown,
    );
    expect(codeOf(() => verify({ headers, body, now: new Date(now.getTime() + 301_000) }))).toBe(
      WEBHOOK_SIGNATURE_ERROR_CODES.timestampOutOfRange,
    );
    expect(verify({ headers, body, now: new Date(now.getTime() + 299_000) }).timestamp).toBe(timestamp);
    expect(verify({ headers, body, now: new Date(now.getTime() + 3_000_000), toleranceSeconds: 3_600 }).timestamp).toBe(timestamp);
  });

  it('refuses missing or malformed headers and an Idempotency-Key that is not the delivery id', () => {
    const { headers, body } = signedRequest();
    for (const name of Object.keys(headers)) {
      const without = { ...headers };
      delete without[name];
      expect(codeOf(() => verify({ headers: without, body }))).toBe(WEBHOOK_SIGNATURE_ERROR_CODES.headerMissing);
    }
    const malformed = WEBHOOK_SIGNATURE_ERROR_CODES.headerMalformed;
    expect(codeOf(() => verify({ headers: { ...headers, 'idempotency-key': randomUUID() }, body }))).toBe(malformed);
    expect(codeOf(() => verify({ headers: { ...headers, 'hub-sequence': '0' }, body }))).toBe(malformed);
    expect(codeOf(() => verify({ headers: { ...headers, 'hub-timestamp': '1.5' }, body }))).toBe(malformed);
    expect(codeOf(() => verify({ headers: { ...headers, 'hub-signature': 'ed25519:hub-webhook-2026:abc' }, body }))).toBe(malformed);
    const sm2 = `sm2-sm3:hub-webhook-2026:${Buffer.alloc(64).toString('base64url')}`;
    expect(codeOf(() => verify({ headers: { ...headers, 'hub-signature': sm2 }, body }))).toBe(malformed);
  });

  it('verifies with openssl as the README shows', () => {
    const { headers, body } = signedRequest('{"note":"验证"}', 42);
    const dir = mkdtempSync(join(tmpdir(), 'hub-webhook-'));
    try {
      writeFileSync(join(dir, 'hub-webhook.pub.pem'), publicKeyPem);
      writeFileSync(join(dir, 'body.json'), body);
      const script = `
        set -eu
        DELIVERY_ID="$1"; SEQUENCE="$2"; TIMESTAMP="$3"; SIGNATURE="$4"
        BODY_SHA256=$(openssl dgst -sha256 -r body.json | cut -d' ' -f1)
        printf '%s' "hub-webhook/1.$DELIVERY_ID.$SEQUENCE.$TIMESTAMP.$BODY_SHA256" > signed.txt
        printf '%s==' "\${SIGNATURE##*:}" | basenc --base64url -d > signature.bin
        openssl pkeyutl -verify -pubin -inkey hub-webhook.pub.pem -rawin -in signed.txt -sigfile signature.bin`;
      const output = execFileSync(
        'bash',
        [
          '-c',
          script,
          'verify',
          headers['hub-delivery-id'] ?? '',
          headers['hub-sequence'] ?? '',
          headers['hub-timestamp'] ?? '',
          headers['hub-signature'] ?? '',
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(output).toContain('Signature Verified Successfully');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verifies with plain node:crypto as the README shows', () => {
    const hubKeys: Record<string, KeyObject> = { 'hub-webhook-2026': createPublicKey(publicKeyPem) };
    function verifyHubWebhook(headers: Record<string, string | undefined>, rawBody: Buffer, nowSeconds: number): boolean {
      const id = headers['hub-delivery-id'];
      const sequence = headers['hub-sequence'];
      const timestamp = headers['hub-timestamp'];
      const [alg, keyId = '', signature = ''] = String(headers['hub-signature']).split(':');
      const key = hubKeys[keyId];
      if (alg !== 'ed25519' || !key || headers['idempotency-key'] !== id) return false;
      if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
      const digest = createHash('sha256').update(rawBody).digest('hex');
      const signed = Buffer.from(`hub-webhook/1.${id}.${sequence}.${timestamp}.${digest}`);
      return verifyBytes(null, signed, key, Buffer.from(signature, 'base64url'));
    }
    const { headers, body } = signedRequest();
    expect(verifyHubWebhook(headers, Buffer.from(body), timestamp)).toBe(true);
    expect(verifyHubWebhook(headers, Buffer.from(`${body} `), timestamp)).toBe(false);
  });
});
