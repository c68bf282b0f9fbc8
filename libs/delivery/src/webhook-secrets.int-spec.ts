import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FieldCipher, generateKeyringEntry } from '@hub/identity';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import { openWebhookSecrets, storeWebhookSecret } from './secrets/webhook-secrets.js';
import { generateWebhookSecret } from './signing/standard-webhooks.js';
import { DeliveryFixture } from './testing/delivery-fixture.js';
import { claimDueDeliveries } from './worker/claim-due-deliveries.js';

/** Standard Webhooks secrets against the real PostgreSQL: stored encrypted, rotated with a grace period, claimed with each delivery. */
describe('webhook secrets', () => {
  let fixture: DeliveryFixture;
  const cipher = FieldCipher.fromConfig(generateKeyringEntry('k1', 'aes-256-gcm'), 'k1');
  beforeAll(async () => {
    fixture = await DeliveryFixture.create(TEST_DATABASE_SERVER_URL);
  });
  afterAll(async () => {
    await fixture?.close();
  });

  /** Claims every due delivery of the queue ids given and opens the secrets each came with. */
  async function claimedSecrets(queueIds: readonly string[]): Promise<Map<string, string[]>> {
    const claims = await claimDueDeliveries(fixture.dataSource, { limit: 100, leaseMs: 60_000, workerId: 'secrets-test', maxAttempts: 5 });
    const mine = claims.filter((claim) => queueIds.includes(claim.subscriptionId));
    return new Map(mine.map((claim) => [claim.subscriptionId, openWebhookSecrets(cipher, claim.secrets, claim.subscriptionId)]));
  }

  it('stores a secret encrypted and hands it, opened, with each claim of its subscription and of its replays', async () => {
    const subscriptionId = randomUUID();
    const replay = `${subscriptionId}:replay:${randomUUID()}`;
    const secret = generateWebhookSecret();
    expect(await storeWebhookSecret(fixture.dataSource, cipher, subscriptionId, secret)).toEqual({ previousValidUntil: null });
    const stored = await fixture.dataSource.query<{ secret: string }[]>('SELECT secret FROM webhook_secrets WHERE subscription_id = $1', [
      subscriptionId,
    ]);
    expect(stored[0]?.secret).not.toContain(secret.slice(6));

    await fixture.enqueue(subscriptionId, 'https://agency.example/hook', [{ subject: 'a', n: 1 }]);
    await fixture.enqueue(replay, 'https://agency.example/hook', [{ subject: 'a', n: 1 }]);
    await fixture.enqueue(`other-${randomUUID()}`, 'https://agency.example/hook', [{ subject: 'a', n: 1 }]);
    const claimed = await claimedSecrets([subscriptionId, replay]);
    expect(claimed).toEqual(
      new Map([
        [subscriptionId, [secret]],
        [replay, [secret]],
      ]),
    );
  });

  it('keeps a rotated-out secret beside the new one until its grace period ends', async () => {
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()].map(() => generateWebhookSecret());
    const subscriptionId = randomUUID();
    await storeWebhookSecret(fixture.dataSource, cipher, subscriptionId, first ?? '');
    const rotated = await storeWebhookSecret(fixture.dataSource, cipher, subscriptionId, second ?? '');
    expect(Date.parse(rotated.previousValidUntil ?? '') - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    await fixture.enqueue(subscriptionId, 'https://agency.example/hook', [{ subject: 'b', n: 1 }]);
    expect((await claimedSecrets([subscriptionId])).get(subscriptionId)).toEqual([second, first]);

    // With no grace the previous secret stops signing at once.
    await storeWebhookSecret(fixture.dataSource, cipher, subscriptionId, third ?? '', 0);
    await fixture.enqueue(subscriptionId, 'https://agency.example/hook', [{ subject: 'c', n: 1 }]);
    expect((await claimedSecrets([subscriptionId])).get(subscriptionId)).toEqual([third]);
  });
});
