import type { KeyObject } from 'node:crypto';
import { signWebhookReceipt } from '../receipts/webhook-receipt.js';
import { verifyHubWebhookSignature, type HubWebhookKeys, type VerifiedHubWebhook } from '../signing/verify-hub-webhook-signature.js';
import type { ReceivedRequest, ReceiverReply } from '@hub/testing';

/** A request whose hub signature verified. */
export interface VerifiedRequest extends VerifiedHubWebhook {
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly attempt: number;
  readonly payload: { readonly subject: string; readonly n: number };
}

/** How to answer one request; `process` records the event as taken in (once per Idempotency-Key) before answering. */
export type ScriptedReply = ReceiverReply & { readonly process?: boolean };

export interface TestSubscriberOptions {
  readonly hubKeys: HubWebhookKeys;
  readonly agency: string;
  /** Signs a receipt into every 2xx answer without a body of its own. */
  readonly receiptKey?: { readonly keyId: string; readonly privateKey: KeyObject };
  /** The answer for a request; undefined means the default: take it in and answer 200. */
  readonly script?: (request: VerifiedRequest, alreadyProcessed: boolean) => ScriptedReply | undefined;
}

/**
 * An agency's webhook endpoint as the README asks agencies to build one: it verifies the hub's
 * signature on the raw body, takes each Idempotency-Key in at most once (a repeat is answered as
 * before, and not applied again), and returns a signed receipt.
 */
export class TestSubscriber {
  /** Every request whose signature verified, in arrival order. */
  readonly requests: VerifiedRequest[] = [];
  /** Error codes of requests refused for their signature. */
  readonly refused: string[] = [];
  /** What was taken in, by Idempotency-Key, in order. */
  readonly processed = new Map<string, VerifiedRequest>();
  /** Keys that arrived again after being taken in: repeats answered without applying them twice. */
  readonly repeats: string[] = [];

  constructor(private readonly options: TestSubscriberOptions) {}

  readonly handle = (received: ReceivedRequest): ReceiverReply => {
    let request: VerifiedRequest;
    try {
      const verified = verifyHubWebhookSignature({ headers: received.headers, body: received.body, publicKeys: this.options.hubKeys });
      request = {
        ...verified,
        subscriptionId: String(received.headers['hub-subscription-id']),
        eventId: String(received.headers['hub-event-id']),
        attempt: Number(received.headers['hub-attempt']),
        payload: JSON.parse(received.body) as VerifiedRequest['payload'],
      };
    } catch (error) {
      this.refused.push(String((error as { code?: string }).code));
      return { status: 401, body: { error: 'signature refused' } };
    }
    this.requests.push(request);
    const alreadyProcessed = this.processed.has(request.idempotencyKey);
    const reply: ScriptedReply = this.options.script?.(request, alreadyProcessed) ?? { status: 200, process: true };
    if (reply.process) {
      if (alreadyProcessed) this.repeats.push(request.idempotencyKey);
      else this.processed.set(request.idempotencyKey, request);
    }
    if ('status' in reply && reply.status < 300 && reply.body === undefined && this.options.receiptKey) {
      return { ...reply, body: { receipt: this.receiptFor(request) } };
    }
    return reply;
  };

  /** A signed receipt for a request, as the agency would return it or send it to the acknowledgement API. */
  receiptFor(request: Pick<VerifiedRequest, 'deliveryId' | 'eventId'>, receivedAt = new Date().toISOString()) {
    const key = this.options.receiptKey;
    if (!key) throw new Error('this subscriber has no receipt key');
    return signWebhookReceipt(
      { deliveryId: request.deliveryId, eventId: request.eventId, agency: this.options.agency, receivedAt },
      { alg: 'ed25519', keyId: key.keyId, privateKey: key.privateKey },
    );
  }

  /** The sequence numbers taken in for one subject, in the order they were taken in. */
  processedSequences(subject: string): number[] {
    return [...this.processed.values()].filter((r) => r.payload.subject === subject).map((r) => r.sequence);
  }
}
