import http from 'node:http';
import https from 'node:https';
import { listenWithReconnect, type Listener } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { WORKER_ACTOR } from '../delivery-audit.js';
import { NO_AUDIT, SILENT_LOGGER, type DeliveryAuditPort, type DeliveryLogger, type ReceiptVerifier } from '../delivery-ports.js';
import { DELIVERY_CHANNEL } from '../delivery-sql.js';
import type { PayloadCipher } from '../enqueue/payload-cipher.js';
import { WebhookSigner } from '../signing/webhook-signature.js';
import { attemptDelivery, type AttemptContext, type AttemptSummary } from './attempt-delivery.js';
import { claimDueDeliveries, type ClaimedDelivery } from './claim-due-deliveries.js';
import { OutcomeRecorder } from './outcome-recorder.js';
import { resolveWorkerSettings, type ResolvedWorkerSettings, type WebhookWorkerSettings } from './worker-settings.js';

/** What the hub plugs into a worker. All optional. */
export interface WebhookWorkerPorts {
  /** Called in the transaction that records delivered and dead-lettered deliveries (several per call when they finish together). */
  readonly audit?: DeliveryAuditPort;
  /** Checks receipts in responses; without it every delivery stays unacknowledged. */
  readonly verifyReceipt?: ReceiptVerifier;
  /** Opens bodies stored encrypted (the cipher WebhookDeliveries enqueues with). */
  readonly cipher?: PayloadCipher;
  readonly logger?: DeliveryLogger;
  /** Told of each finished attempt, e.g. to count it into the app's metrics; must not throw. */
  readonly onAttempt?: (attempt: { readonly outcome: AttemptSummary['outcome']; readonly durationMs: number | null }) => void;
  /** [0, 1) for the backoff's jitter (Math.random by default). */
  readonly random?: () => number;
}

/** Most attempt outcomes written in one transaction, and transactions written at once. */
const MAX_OUTCOMES_PER_TRANSACTION = 100;
const OUTCOME_WRITERS = 2;

/**
 * Pushes due webhook deliveries: claims them under a lease (several workers, in several processes,
 * share the work), POSTs each signed, and records the outcome; outcomes that finish together are
 * written in one transaction (see OutcomeRecorder). `concurrency` bounds the requests in flight;
 * attempts answered and waiting for their outcome to be written may be as many again, so a slow
 * commit does not idle the sockets. Woken by LISTEN/NOTIFY when `listenUrl` is set, by finished
 * attempts (the next delivery of that subject may now be due) once a quarter of the slots is free,
 * so a busy worker claims in batches rather than one statement per attempt, and by a poll. A worker stopped, killed or cut off mid-attempt leaves leases that run out; the
 * deliveries are then attempted again by whichever worker runs, under the same Idempotency-Key.
 */
export class WebhookDeliveryWorker {
  readonly settings: ResolvedWorkerSettings;
  private readonly context: AttemptContext;
  /** Free slots that make a finished attempt wake the claim loop. */
  private readonly claimAtLeast: number;
  private readonly logger: DeliveryLogger;
  private readonly onAttempt: WebhookWorkerPorts['onAttempt'];
  /** Attempts claimed and not yet recorded. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Of those, the ones whose request is not answered yet. */
  private sending = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<number> | undefined;
  private wakeRequested = false;
  private stopped = true;
  private failures = 0;
  private listener: Listener | undefined;

  constructor(
    private readonly dataSource: DataSource,
    settings: WebhookWorkerSettings,
    ports: WebhookWorkerPorts = {},
  ) {
    this.settings = resolveWorkerSettings(settings);
    this.claimAtLeast = Math.max(1, Math.floor(this.settings.concurrency / 4));
    const recorder = new OutcomeRecorder(dataSource, ports.audit ?? NO_AUDIT, WORKER_ACTOR, MAX_OUTCOMES_PER_TRANSACTION, OUTCOME_WRITERS);
    this.logger = ports.logger ?? SILENT_LOGGER;
    this.onAttempt = ports.onAttempt;
    const sockets = { keepAlive: true, maxSockets: this.settings.concurrency };
    this.context = {
      record: (outcome) => recorder.record(outcome),
      settings: this.settings,
      signer: new WebhookSigner(this.settings.signingKey),
      agents: { http: new http.Agent(sockets), https: new https.Agent({ ...sockets, ...this.settings.tls }) },
      verifyReceipt: ports.verifyReceipt,
      cipher: ports.cipher,
      random: ports.random ?? Math.random,
    };
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.settings.listenUrl) await this.listen(this.settings.listenUrl);
    this.schedule(0);
  }

  /** Stops claiming and waits for the attempts in flight (each bounded by attemptTimeoutMs) to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.allSettled([...this.inFlight]);
    await this.listener?.stop();
    this.listener = undefined;
    this.context.agents.http.destroy();
    this.context.agents.https.destroy();
  }

  /** Looks for due deliveries now (coalesced with a look already under way). */
  wake(): void {
    if (this.stopped) return;
    this.wakeRequested = true;
    if (!this.ticking) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runTick(), delayMs);
  }

  private async runTick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = this.tick();
    let next: number;
    try {
      next = await this.ticking;
    } finally {
      this.ticking = undefined;
    }
    this.schedule(this.wakeRequested ? 0 : next);
  }

  /** Claims while there are free slots and due deliveries; resolves to the delay before the next look. */
  private async tick(): Promise<number> {
    do {
      this.wakeRequested = false;
      const free = this.freeSlots();
      if (free <= 0) return this.settings.pollIntervalMs;
      let claimed: ClaimedDelivery[];
      try {
        claimed = await claimDueDeliveries(this.dataSource, {
          limit: free,
          leaseMs: this.settings.leaseMs,
          workerId: this.settings.workerId,
          maxAttempts: this.settings.retry.maxAttempts,
        });
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        const delay = Math.min(30_000, this.settings.pollIntervalMs * 2 ** Math.min(this.failures, 10));
        this.logger.warn({ message: 'webhook worker cannot claim deliveries; will look again', retryInMs: delay, error: String(error) });
        return delay;
      }
      for (const claim of claimed) this.track(claim);
      if (claimed.length === free) this.wakeRequested = true;
    } while (this.wakeRequested && !this.stopped);
    return this.settings.pollIntervalMs;
  }

  /** Claims the worker may take now: requests in flight stay within concurrency, claims not yet recorded within twice that. */
  private freeSlots(): number {
    return Math.min(this.settings.concurrency - this.sending, 2 * this.settings.concurrency - this.inFlight.size);
  }

  private wakeIfRoom(): void {
    if (this.inFlight.size === 0 || this.freeSlots() >= this.claimAtLeast) this.wake();
  }

  private track(claim: ClaimedDelivery): void {
    let sent = false;
    const answered = (): void => {
      if (sent) return;
      sent = true;
      this.sending -= 1;
      this.wakeIfRoom();
    };
    this.sending += 1;
    const attempt = attemptDelivery(claim, this.context, answered).then(
      (summary) => this.report(claim, summary),
      (error: unknown) =>
        this.logger.error({
          message: 'webhook attempt made but its outcome could not be recorded; the lease will run out and it will be attempted again',
          deliveryId: claim.deliveryId,
          error: String(error),
        }),
    );
    const tracked = attempt.finally(() => {
      this.inFlight.delete(tracked);
      if (sent) this.wakeIfRoom();
      else answered();
    });
    this.inFlight.add(tracked);
  }

  private report(claim: ClaimedDelivery, summary: AttemptSummary): void {
    const facts = {
      deliveryId: claim.deliveryId,
      subscriptionId: claim.subscriptionId,
      eventId: claim.eventId,
      sequence: claim.sequence,
      attempt: claim.attempt,
      statusCode: summary.result?.statusCode ?? null,
      errorCode: summary.result?.errorCode ?? null,
      durationMs: summary.result?.durationMs ?? null,
    };
    this.onAttempt?.({ outcome: summary.outcome, durationMs: facts.durationMs });
    switch (summary.outcome) {
      case 'delivered':
        this.logger.log({
          message: 'webhook delivered',
          ...facts,
          acknowledged: summary.acknowledged,
          receiptProblem: summary.receiptProblem,
        });
        return;
      case 'retry':
        this.logger.warn({ message: 'webhook attempt failed; will retry', ...facts, retryInMs: summary.delayMs });
        return;
      case 'dead':
        this.logger.warn({ message: 'webhook delivery dead-lettered', ...facts, reason: summary.reason });
        return;
      case 'superseded':
        this.logger.warn({
          message: 'webhook attempt finished after another worker took the delivery over; outcome not applied',
          ...facts,
        });
        return;
    }
  }

  private async listen(url: string): Promise<void> {
    this.listener = await listenWithReconnect({
      databaseUrl: url,
      channel: DELIVERY_CHANNEL,
      applicationName: 'hub-webhook-worker-listen',
      onNotification: () => this.wake(),
      meanwhile: 'polling',
      reconnectDelayMs: 1_000,
      logger: this.logger,
    });
    if (this.stopped) await this.listener.stop();
  }
}
