import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ownBytes, SignatureWorkerPool } from './signature-worker-pool.js';

/** What a view becomes on the other side of a message port: the receiver's copy of its ArrayBuffer. */
async function received(view: Uint8Array): Promise<Uint8Array> {
  const { port1, port2 } = new MessageChannel();
  try {
    const arrived = new Promise<Uint8Array>((resolve) => port2.once('message', (message: { view: Uint8Array }) => resolve(message.view)));
    port1.postMessage({ view });
    return await arrived;
  } finally {
    port1.close();
  }
}

describe('ownBytes', () => {
  it('copies a Buffer from Node’s pool out of it, so a message carries its bytes and not the pool', async () => {
    // A signature as parseSignature decodes it: a small Buffer, a view into the shared pool.
    const pooled = Buffer.from(randomBytes(64).toString('base64url'), 'base64url');
    expect(pooled.buffer.byteLength).toBeGreaterThan(64);
    expect((await received(pooled)).buffer.byteLength).toBe(pooled.buffer.byteLength);

    const own = ownBytes(pooled);
    expect(Buffer.from(own).equals(pooled)).toBe(true);
    expect(own.buffer.byteLength).toBe(64);
    expect((await received(own)).buffer.byteLength).toBe(64);
  });

  it('leaves a view that spans its whole buffer as it is', () => {
    const exact = new TextEncoder().encode('{"id":"x"}');
    expect(ownBytes(exact)).toBe(exact);
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
});
