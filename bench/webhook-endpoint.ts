import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { signWebhookReceipt } from '@hub/delivery';

/** The receipt key an agency registers at the hub, and signs its webhook answers with. */
export interface ReceiptKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/**
 * A fast agency endpoint: it reads the body, answers 200 with a receipt signed for the request's
 * `Hub-Delivery-Id` and `Hub-Event-Id`, and notes when it answered each event. It does not verify
 * the hub's signature (the endpoint's own cost is not what is measured; the e2e tests verify it).
 */
export class WebhookEndpoint {
  /** When the endpoint answered each event id (epoch ms), the first time. */
  readonly answeredAt = new Map<string, number>();
  requests = 0;
  private server: Server | undefined;

  constructor(
    private readonly agency: string,
    private readonly key: ReceiptKey,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        this.requests += 1;
        const deliveryId = String(request.headers['hub-delivery-id'] ?? '');
        const eventId = String(request.headers['hub-event-id'] ?? '');
        const receipt = signWebhookReceipt(
          { deliveryId, eventId, agency: this.agency, receivedAt: new Date().toISOString() },
          { alg: 'ed25519', keyId: this.key.keyId, privateKey: this.key.privateKey },
        );
        if (!this.answeredAt.has(eventId)) this.answeredAt.set(eventId, Date.now());
        const body = JSON.stringify({ receipt });
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        response.end(body);
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
