import { signWebhookReceipt } from '@hub/delivery';
import { startWebhookReceiver, testSigningKey, type ReceivedRequest, type ReceiverReply, type StartedWebhookReceiver } from '@hub/testing';

/** How the subscriber's endpoint behaves right now: as it should, failing (503), slow, or down (connections cut). */
export type EndpointMode = 'ok' | 'failing' | 'slow' | 'down';

/** One webhook request as the endpoint saw it, with what it answered. */
export interface WebhookArrival {
  readonly at: number;
  readonly eventId: string;
  readonly subject: string;
  readonly sequence: number;
  readonly idempotencyKey: string;
  readonly status: number | 'cut';
}

/**
 * A subscribing agency's webhook endpoint whose behaviour the fault schedule switches. Answers 200
 * with a receipt signed by the agency's test key when `ok` (after 1.5 s when `slow`), 503 when
 * `failing`, and cuts the connection when `down`. Keeps every arrival for the checker.
 */
export class FaultEndpoint {
  readonly arrivals: WebhookArrival[] = [];
  mode: EndpointMode = 'ok';
  private server: StartedWebhookReceiver | undefined;

  constructor(readonly agency: string) {}

  /** Starts listening; resolves to the URL the subscription names. */
  async start(): Promise<string> {
    this.server = await startWebhookReceiver((request) => this.reply(request));
    return `${this.server.origin}/${this.agency}/events`;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** Distinct events answered 200. */
  acknowledged(): number {
    return new Set(this.arrivals.filter((arrival) => arrival.status === 200).map((arrival) => arrival.eventId)).size;
  }

  private reply(request: ReceivedRequest): ReceiverReply {
    const event = JSON.parse(request.body) as { id: string; subject?: string };
    const arrival = (status: number | 'cut'): WebhookArrival => ({
      at: Date.now(),
      eventId: event.id,
      subject: String(event.subject),
      sequence: Number(request.headers['hub-sequence']),
      idempotencyKey: String(request.headers['idempotency-key']),
      status,
    });
    switch (this.mode) {
      case 'down':
        this.arrivals.push(arrival('cut'));
        return { destroy: true };
      case 'failing':
        this.arrivals.push(arrival(503));
        return { status: 503, body: 'unavailable', headers: { 'retry-after': '0' } };
      case 'ok':
      case 'slow': {
        const answered = arrival(200);
        const { keyId, privateKey } = testSigningKey(this.agency);
        const deliveryId = String(request.headers['hub-delivery-id']);
        const receipt = signWebhookReceipt(
          { deliveryId, eventId: event.id, agency: this.agency, receivedAt: new Date().toISOString() },
          { alg: 'ed25519', keyId, privateKey },
        );
        return { status: 200, body: { receipt }, delayMs: this.mode === 'slow' ? 1_500 : 0, onSent: () => this.arrivals.push(answered) };
      }
    }
  }
}
