import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { generateSigningKeyPair, type RegisteredSigningKey, type SigningKeyPair } from '@hub/identity';
import type { DataSource } from 'typeorm';
import type { DeliveryAuditPort, DeliveryAuditEntry } from '../delivery-ports.js';
import type { EnqueuedDelivery } from '../enqueue/enqueue-webhook-deliveries.js';
import type { PayloadCipher } from '../enqueue/payload-cipher.js';
import { receiptVerifier } from '../receipts/receipt-verifier.js';
import { WebhookDeliveries } from '../webhook-deliveries.js';
import { WebhookDeliveryWorker, type WebhookWorkerPorts } from '../worker/webhook-delivery-worker.js';
import type { WebhookWorkerSettings } from '../worker/worker-settings.js';
import { createDeliveryTestDatabase, type DeliveryTestDatabase } from './delivery-test-database.js';
import { TestSubscriber, type TestSubscriberOptions } from './test-subscriber.js';
import { startWebhookReceiver, type StartedWebhookReceiver } from '@hub/testing';

/** Settings small enough for tests: retries every few hundred milliseconds, short leases, http allowed. */
export const TEST_WORKER_SETTINGS: Omit<WebhookWorkerSettings, 'signingKey'> = {
  attemptTimeoutMs: 1_500,
  leaseMs: 3_000,
  pollIntervalMs: 50,
  concurrency: 4,
  allowPlainHttp: true,
  // The test receivers listen on 127.0.0.1.
  allowedTargets: ['127.0.0.0/8'],
  retry: { baseDelayMs: 50, factor: 2, maxDelayMs: 200, maxAttempts: 5, maxAgeMs: 120_000 },
};

export const HUB_KEY_ID = 'hub-webhook-test';
export const RECEIVING_AGENCY = 'psb';

/**
 * What the integration tests share: a fresh database, the hub's webhook key, a receiving agency
 * with a registered receipt key (and another agency's key, for forged receipts), an audit port
 * that writes into `delivery_audit_test` in the caller's transaction, and workers and receivers
 * that are stopped at the end.
 */
export class DeliveryFixture {
  readonly hubKey = generateSigningKeyPair('ed25519');
  readonly agencyKey: SigningKeyPair & { readonly keyId: string } = { ...generateSigningKeyPair('ed25519'), keyId: 'psb-receipts-1' };
  readonly otherAgencyKey: SigningKeyPair & { readonly keyId: string } = { ...generateSigningKeyPair('ed25519'), keyId: 'mfa-receipts-1' };
  readonly verifyReceipt = receiptVerifier((keyId) => this.registry.get(keyId));
  readonly audit: DeliveryAuditPort = {
    record: async (entries: readonly DeliveryAuditEntry[], tx) => {
      await tx.query(
        `INSERT INTO delivery_audit_test (actor, action, event_id, delivery_id, reason)
         SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[])`,
        [
          entries.map((e) => e.actor),
          entries.map((e) => e.action),
          entries.map((e) => e.eventId),
          entries.map((e) => e.detail.deliveryId),
          entries.map((e) => e.detail.reason),
        ],
      );
    },
  };
  private readonly registry = new Map<string, RegisteredSigningKey>([
    [this.agencyKey.keyId, { alg: 'ed25519', publicKey: this.agencyKey.publicKeyPem, agencyId: RECEIVING_AGENCY, status: 'active' }],
    [this.otherAgencyKey.keyId, { alg: 'ed25519', publicKey: this.otherAgencyKey.publicKeyPem, agencyId: 'mfa', status: 'active' }],
  ]);
  private readonly workers: WebhookDeliveryWorker[] = [];
  private readonly receivers: StartedWebhookReceiver[] = [];

  private constructor(readonly db: DeliveryTestDatabase) {}

  static async create(serverUrl: string): Promise<DeliveryFixture> {
    const db = await createDeliveryTestDatabase(serverUrl);
    await db.dataSource.query(`
      CREATE TABLE delivery_audit_test (
        seq bigserial PRIMARY KEY, actor text NOT NULL, action text NOT NULL, event_id uuid NOT NULL, delivery_id uuid NOT NULL,
        reason text, txid bigint NOT NULL DEFAULT txid_current())`);
    return new DeliveryFixture(db);
  }

  get dataSource(): DataSource {
    return this.db.dataSource;
  }

  deliveries(cipher?: PayloadCipher): WebhookDeliveries {
    return new WebhookDeliveries(this.dataSource, { audit: this.audit, verifyReceipt: this.verifyReceipt, cipher });
  }

  async startWorker(
    overrides: Partial<WebhookWorkerSettings> = {},
    ports: WebhookWorkerPorts = {},
    dataSource = this.dataSource,
  ): Promise<WebhookDeliveryWorker> {
    const worker = new WebhookDeliveryWorker(
      dataSource,
      {
        ...TEST_WORKER_SETTINGS,
        listenUrl: this.db.url,
        ...overrides,
        signingKey: { keyId: HUB_KEY_ID, privateKey: this.hubKey.privateKey },
      },
      { audit: this.audit, verifyReceipt: this.verifyReceipt, ...ports },
    );
    this.workers.push(worker);
    await worker.start();
    return worker;
  }

  /** A receiving agency's endpoint: a real HTTP server in front of a TestSubscriber. */
  async subscriber(options: Partial<TestSubscriberOptions> = {}): Promise<{ subscriber: TestSubscriber; url: string }> {
    const subscriber = new TestSubscriber({
      hubKeys: { [HUB_KEY_ID]: this.hubKey.publicKeyPem },
      agency: RECEIVING_AGENCY,
      receiptKey: this.agencyKey,
      ...options,
    });
    const receiver = await startWebhookReceiver(subscriber.handle);
    this.receivers.push(receiver);
    return { subscriber, url: receiver.url };
  }

  /** Enqueues one delivery per event, with payload `{ subject, n }`, in the order given. */
  enqueue(
    subscriptionId: string,
    endpoint: string,
    events: readonly { subject: string; n: number }[],
    cipher?: PayloadCipher,
  ): Promise<EnqueuedDelivery[]> {
    return this.deliveries(cipher).enqueue(
      events.map(({ subject, n }) => ({
        subscriptionId,
        agencyId: RECEIVING_AGENCY,
        endpoint,
        eventId: randomUUID(),
        eventType: n % 2 === 0 ? 'work-permit.issued' : 'work-permit.revoked',
        subjectId: subject,
        payload: { subject, n },
      })),
    );
  }

  /** A URL on 127.0.0.1 where nothing listens (a port just released). */
  async unreachableUrl(): Promise<string> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return `http://127.0.0.1:${port}/webhook`;
  }

  async statuses(subscriptionId: string): Promise<Record<string, number>> {
    const rows = await this.dataSource.query<{ status: string; n: number }[]>(
      'SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1 GROUP BY status',
      [subscriptionId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  /** Resolves when no delivery of the subscription is pending any more. */
  async settled(subscriptionId: string): Promise<Record<string, number> | undefined> {
    const statuses = await this.statuses(subscriptionId);
    return statuses['pending'] || Object.keys(statuses).length === 0 ? undefined : statuses;
  }

  /** Stops every worker started so far, so the next test's workers are the only ones claiming. */
  async stopWorkers(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.stop()));
  }

  async close(): Promise<void> {
    await this.stopWorkers();
    await Promise.all(this.receivers.map((receiver) => receiver.close()));
    await this.db.drop();
  }
}
