import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from '@jest/globals';
import { packChecks, SignatureWorkerPool, unpackResults } from './signature-worker-pool.js';

/** What a message carries to the other side of a port: the buffer as received, and whether the sender's was moved. */
async function transferred(buffer: ArrayBuffer): Promise<{ received: ArrayBuffer; senderKept: number }> {
  const { port1, port2 } = new MessageChannel();
  try {
    const arrived = new Promise<ArrayBuffer>((resolve) =>
      port2.once('message', (message: { buffer: ArrayBuffer }) => resolve(message.buffer)),
    );
    port1.postMessage({ buffer }, [buffer]);
    return { received: await arrived, senderKept: buffer.byteLength };
  } finally {
    port1.close();
  }
}

describe('packChecks', () => {
  const key = randomBytes(44);
  // A signature as parseSignature decodes it: a small Buffer, a view into Node's shared 64 KiB pool.
  const pooled = Buffer.from(randomBytes(64).toString('base64url'), 'base64url');
  const inputs = [new TextEncoder().encode('{"n":1}'), new TextEncoder().encode('{"n":22}'), new Uint8Array(0)];

  it('holds each check’s own bytes, not the pool a signature sits in, and moves to the thread without a copy left behind', async () => {
    expect(pooled.buffer.byteLength).toBeGreaterThan(64);
    const buffer = packChecks(inputs.map((input) => ({ key, input, signature: pooled })));
    const parts = 3 * (44 + 64) + 7 + 8 + 0;
    expect(buffer.byteLength).toBe(4 + 3 * 6 * 4 + parts);
    const { received, senderKept } = await transferred(buffer);
    expect(senderKept).toBe(0);
    expect(received.byteLength).toBe(4 + 3 * 6 * 4 + parts);
  });

  it('lays out offsets and lengths the thread reads each part back by', () => {
    const buffer = packChecks(inputs.map((input, n) => ({ key, input, signature: n === 1 ? pooled : randomBytes(64) })));
    const fields = new Uint32Array(buffer, 4, 3 * 6);
    const part = (check: number, which: number): Buffer =>
      Buffer.from(buffer, fields[check * 6 + which * 2], fields[check * 6 + which * 2 + 1]);
    inputs.forEach((input, check) => {
      expect(part(check, 0).equals(key)).toBe(true);
      expect(part(check, 1).equals(input)).toBe(true);
      expect(part(check, 2)).toHaveLength(64);
    });
    expect(part(1, 2).equals(pooled)).toBe(true);
  });

  it('reserves a result byte per check, aligned to four, and reads back only those the thread set to 1', () => {
    const five = packChecks(Array.from({ length: 5 }, () => ({ key, input: inputs[0]!, signature: pooled })));
    expect(new Uint8Array(five, 0, 8)).toEqual(new Uint8Array(8));
    new Uint8Array(five).set([1, 0, 1, 2, 1]);
    expect(unpackResults(five, 5)).toEqual([true, false, true, false, true]);
  });
});

describe('SignatureWorkerPool', () => {
  const pool = new SignatureWorkerPool({ threads: 1, chunkSize: 4 });
  afterAll(async () => {
    await pool.close();
  });

  it('verifies signatures given as views into a larger buffer, and refuses a changed input', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const inputs = Array.from({ length: 10 }, (_, n) => new TextEncoder().encode(`{"n":${n}}`));
    const signatures = inputs.map((input) => Buffer.from(sign(null, input, privateKey).toString('base64url'), 'base64url'));
    const results = await Promise.all(
      inputs.map(async (input, n) => pool.verify({ alg: 'ed25519', publicKey, input, signature: signatures[n]! })),
    );
    expect(results).toEqual(inputs.map(() => true));
    const changed = new TextEncoder().encode('{"n":99}');
    expect(await pool.verify({ alg: 'ed25519', publicKey, input: changed, signature: signatures[0]! })).toBe(false);
  });

  it('answers each check of a chunk by its own result when valid and invalid ones are mixed, across keys', async () => {
    const first = generateKeyPairSync('ed25519');
    const second = generateKeyPairSync('ed25519');
    const checks = Array.from({ length: 11 }, (_, n) => {
      const signer = n % 2 === 0 ? first : second;
      const input = new TextEncoder().encode(`{"n":${n}}`);
      const signature = sign(null, input, signer.privateKey);
      // Every third one is checked against the other key.
      const publicKey = n % 3 === 0 ? (signer === first ? second : first).publicKey : signer.publicKey;
      return { alg: 'ed25519' as const, publicKey, input, signature };
    });
    const results = await Promise.all(checks.map(async (check) => pool.verify(check)));
    expect(results).toEqual(checks.map((_, n) => n % 3 !== 0));
  });
});
