import { signEvent, type SignEventOptions } from '@hub/identity';

/** One delivery to acknowledge: the subscription, its sequence number there and the event it carried. */
export interface DeliveryToAcknowledge {
  readonly subscriptionId: string;
  readonly sequence: number;
  readonly eventId: string;
}

/** Where receipts go and how they are signed: the hub's base URL, the agency's API key and signing key. */
export interface HubReceiptSettings {
  readonly hubUrl: string;
  readonly apiKey: string;
  readonly agencyId: string;
  readonly signing: SignEventOptions;
  /** Receipts in flight at once. */
  readonly concurrency?: number;
}

/** What sending a batch's receipts did; a failed one stays listed at the hub as unacknowledged. */
export interface ReceiptsSent {
  readonly sent: number;
  readonly failed: readonly (DeliveryToAcknowledge & { readonly reason: string })[];
}

/**
 * Sends the agency's signed receipts for the deliveries it recorded:
 * `POST /v1/subscriptions/{id}/receipts` with `{ receipt: { subscriptionId, sequence, eventId,
 * agency, receivedAt, signature } }`, signed like an event with the agency's key. Sent after the
 * batch committed, so a receipt never claims what the agency does not hold; one the hub did not take
 * is reported back (and the hub lists its delivery under `…/unacknowledged`), never retried blindly.
 */
export class HubReceipts {
  constructor(private readonly settings: HubReceiptSettings) {}

  async send(deliveries: readonly DeliveryToAcknowledge[], receivedAt = new Date()): Promise<ReceiptsSent> {
    const failed: (DeliveryToAcknowledge & { reason: string })[] = [];
    const queue = [...deliveries];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const reason = await this.sendOne(next, receivedAt);
        if (reason) failed.push({ ...next, reason });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency ?? 4, queue.length) }, worker));
    return { sent: deliveries.length - failed.length, failed };
  }

  /** Sends one receipt; returns why the hub did not take it, or undefined. */
  private async sendOne(delivery: DeliveryToAcknowledge, receivedAt: Date): Promise<string | undefined> {
    const receipt = signEvent(
      {
        subscriptionId: delivery.subscriptionId,
        sequence: delivery.sequence,
        eventId: delivery.eventId,
        agency: this.settings.agencyId,
        receivedAt: receivedAt.toISOString(),
      },
      this.settings.signing,
    );
    const url = `${this.settings.hubUrl.replace(/\/$/, '')}/v1/subscriptions/${delivery.subscriptionId}/receipts`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.settings.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ receipt }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) return undefined;
      return `the hub answered ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      return `the hub could not be reached: ${(error as Error).message}`;
    }
  }
}
