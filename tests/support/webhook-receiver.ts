import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhookReceipt } from '@hub/delivery';
import { testSigningKey } from '@hub/testing';

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The HTTP status answered; undefined while the answer is pending (or never came: 'timeout', or the connection closed). */
  answered: number | 'timeout' | undefined;
}
export type Behaviour = 'ok' | 'ok-without-receipt' | 'fail' | 'timeout' | 'reject';

/**
 * An agency's webhook endpoint: answers each request as the next scripted behaviour for its path
 * says ('ok' when the script is used up), signs receipts with the agency's registered key, and
 * keeps what it received. `answerAfterMs` holds every answer back that long (a slow endpoint).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, Behaviour[]>();
  private server: Server | undefined;

  constructor(private readonly options: { answerAfterMs?: number } = {}) {}

  script(path: string, behaviours: Behaviour[]): void {
    this.scripts.set(path, behaviours);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const behaviour = this.scripts.get(path)?.shift() ?? 'ok';
        const body = Buffer.concat(chunks).toString('utf8');
        const received: Received = { path, headers: req.headers, body, answered: behaviour === 'timeout' ? 'timeout' : undefined };
        this.received.push(received);
        if (behaviour === 'timeout') return; // never answers; the hub gives up after WEBHOOK_TIMEOUT_MS
        const delay = this.options.answerAfterMs ?? 0;
        if (delay > 0) setTimeout(() => this.answer(res, received, behaviour), delay);
        else this.answer(res, received, behaviour);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  private answer(res: ServerResponse, received: Received, behaviour: Behaviour): void {
    if (res.destroyed) return; // the sender went away before the answer
    const { path, headers, body } = received;
    if (behaviour === 'fail') {
      received.answered = 503;
      return void res.writeHead(503, { 'retry-after': '0' }).end('busy');
    }
    if (behaviour === 'reject') {
      received.answered = 422;
      return void res.writeHead(422, { 'content-type': 'application/json' }).end('{"error":"cannot take this event"}');
    }
    const agency = path.slice(1).split('/')[0] ?? '';
    const deliveryId = String(headers['hub-delivery-id']);
    const eventId = (JSON.parse(body) as { id: string }).id;
    const { keyId, privateKey } = testSigningKey(agency);
    const receipt = signWebhookReceipt(
      { deliveryId, eventId, agency, receivedAt: new Date().toISOString() },
      { alg: 'ed25519', keyId, privateKey },
    );
    received.answered = 200;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(behaviour === 'ok' ? { receipt } : { ok: true }));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  at(path: string): Received[] {
    return this.received.filter((request) => request.path === path);
  }
}
