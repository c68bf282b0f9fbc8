import type { IncomingHttpHeaders } from 'node:http';
import { signWebhookReceipt } from '@hub/delivery';
import { startWebhookReceiver, testSigningKey, type ReceivedRequest, type ReceiverReply, type StartedWebhookReceiver } from '@hub/testing';

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
  private server: StartedWebhookReceiver | undefined;

  constructor(private readonly options: { answerAfterMs?: number } = {}) {}

  script(path: string, behaviours: Behaviour[]): void {
    this.scripts.set(path, behaviours);
  }

  /** Starts listening; resolves to the origin, to which each agency's path is appended. */
  async start(): Promise<string> {
    this.server = await startWebhookReceiver((request) => this.reply(request));
    return this.server.origin;
  }

  private reply(request: ReceivedRequest): ReceiverReply {
    const behaviour = this.scripts.get(request.path)?.shift() ?? 'ok';
    const received: Received = { ...request, answered: behaviour === 'timeout' ? 'timeout' : undefined };
    this.received.push(received);
    if (behaviour === 'timeout') return { hang: true }; // the hub gives up after WEBHOOK_TIMEOUT_MS
    const answer = this.answer(received, behaviour);
    return { ...answer, delayMs: this.options.answerAfterMs, onSent: () => (received.answered = answer.status) };
  }

  private answer(
    received: Received,
    behaviour: Exclude<Behaviour, 'timeout'>,
  ): { status: number; body: string | object; headers?: Record<string, string> } {
    if (behaviour === 'fail') return { status: 503, body: 'busy', headers: { 'retry-after': '0' } };
    if (behaviour === 'reject') return { status: 422, body: { error: 'cannot take this event' } };
    const agency = received.path.slice(1).split('/')[0] ?? '';
    const deliveryId = String(received.headers['hub-delivery-id']);
    const eventId = (JSON.parse(received.body) as { id: string }).id;
    const { keyId, privateKey } = testSigningKey(agency);
    const receipt = signWebhookReceipt(
      { deliveryId, eventId, agency, receivedAt: new Date().toISOString() },
      { alg: 'ed25519', keyId, privateKey },
    );
    return { status: 200, body: behaviour === 'ok' ? { receipt } : { ok: true } };
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  at(path: string): Received[] {
    return this.received.filter((request) => request.path === path);
  }
}
