import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyEventSignature } from '@hub/identity';
import { HubReceipts } from './hub-receipts.js';

/** A stand-in for the hub's receipts endpoint: keeps what it was sent, refuses sequence 13. */
function receiptsEndpoint(received: { url: string; authorization: string; body: Record<string, unknown> }[]): Server {
  return createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const body = JSON.parse(text) as { receipt: Record<string, unknown> };
      received.push({ url: request.url ?? '', authorization: request.headers.authorization ?? '', body: body.receipt });
      const refused = body.receipt['sequence'] === 13;
      response.writeHead(refused ? 422 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(refused ? { error: { code: 'RECEIPT_REFUSED' } } : { outcome: 'acknowledged' }));
    });
  });
}

describe('HubReceipts', () => {
  const keys = generateKeyPairSync('ed25519');
  const received: { url: string; authorization: string; body: Record<string, unknown> }[] = [];
  const server = receiptsEndpoint(received);
  let hubUrl: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("posts one receipt per delivery, signed with the agency's key, and answers the ones the hub did not take", async () => {
    const receipts = new HubReceipts({
      hubUrl,
      apiKey: 'bureau-api-key',
      agencyId: 'bureau-310000',
      signing: { alg: 'ed25519', keyId: 'bureau-310000-k1', privateKey: keys.privateKey },
    });
    const subscriptionId = '6f1d3b1e-5a0c-4c43-9d0e-2f4b7f4a9c11';
    const sent = await receipts.send([
      { subscriptionId, sequence: 12, eventId: '0b5a2c33-7d0e-4f55-9a51-3c1e0f2b9d41' },
      { subscriptionId, sequence: 13, eventId: '0b5a2c33-7d0e-4f55-9a51-3c1e0f2b9d42' },
    ]);

    expect(sent.sent).toBe(1);
    expect(sent.failed).toEqual([expect.objectContaining({ sequence: 13, reason: expect.stringContaining('422') as unknown })]);
    expect(received.map((r) => [r.url, r.authorization]).sort()).toEqual([
      [`/v1/subscriptions/${subscriptionId}/receipts`, 'Bearer bureau-api-key'],
      [`/v1/subscriptions/${subscriptionId}/receipts`, 'Bearer bureau-api-key'],
    ]);
    const lookup = (): { alg: 'ed25519'; publicKey: typeof keys.publicKey; agencyId: string; status: 'active' } => ({
      alg: 'ed25519',
      publicKey: keys.publicKey,
      agencyId: 'bureau-310000',
      status: 'active',
    });
    for (const { body } of received) {
      expect(body).toMatchObject({ subscriptionId, agency: 'bureau-310000', receivedAt: expect.any(String) as unknown });
      await expect(verifyEventSignature(body, lookup)).resolves.toMatchObject({ keyId: 'bureau-310000-k1', agencyId: 'bureau-310000' });
      await expect(verifyEventSignature({ ...body, sequence: 99 }, lookup)).rejects.toThrow();
    }
  });

  it('reports an unreachable hub for every delivery instead of throwing', async () => {
    const receipts = new HubReceipts({
      hubUrl: 'http://127.0.0.1:1',
      apiKey: 'k',
      agencyId: 'bureau-310000',
      signing: { alg: 'ed25519', keyId: 'bureau-310000-k1', privateKey: keys.privateKey },
    });
    const sent = await receipts.send([{ subscriptionId: 's', sequence: 1, eventId: 'e' }]);
    expect(sent).toEqual({
      sent: 0,
      failed: [expect.objectContaining({ reason: expect.stringContaining('could not be reached') as unknown })],
    });
  });
});
