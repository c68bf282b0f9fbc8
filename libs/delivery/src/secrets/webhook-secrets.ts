import { select, type DeliverySql } from '../delivery-sql.js';
import type { PayloadCipher } from '../enqueue/payload-cipher.js';

/** How long a rotated-out secret still signs (a `v1` beside the new one): a day to switch over. */
export const PREVIOUS_SECRET_GRACE_SECONDS = 24 * 60 * 60;

/** The additional authenticated data of a stored secret: it decrypts only as this subscription's secret. */
function secretContext(subscriptionId: string): string {
  return JSON.stringify(['hub-webhook-secret', subscriptionId]);
}

/**
 * Stores the Standard Webhooks secret of a subscription (encrypted when a cipher is bound). A
 * secret already stored becomes the previous one and keeps signing for `graceSeconds`; the answer
 * says until when (null for a first secret). Pass the transaction's manager to store it atomically
 * with the subscription.
 */
export async function storeWebhookSecret(
  db: DeliverySql,
  cipher: PayloadCipher | undefined,
  subscriptionId: string,
  secret: string,
  graceSeconds = PREVIOUS_SECRET_GRACE_SECONDS,
): Promise<{ readonly previousValidUntil: string | null }> {
  const sealed = cipher ? cipher.encrypt(secret, secretContext(subscriptionId)) : secret;
  const rows = await select<{ previous_until: Date | null }>(
    db,
    `INSERT INTO webhook_secrets (subscription_id, secret) VALUES ($1, $2)
     ON CONFLICT (subscription_id) DO UPDATE
        SET previous_secret = webhook_secrets.secret,
            previous_until = now() + make_interval(secs => $3::double precision),
            secret = EXCLUDED.secret, rotated_at = now()
     RETURNING previous_until`,
    [subscriptionId, sealed, graceSeconds],
  );
  const until = rows[0]?.previous_until;
  return { previousValidUntil: until ? new Date(until).toISOString() : null };
}

/**
 * The stored secrets of a delivery, opened: `sealed` as claimed (current first). Throws when one is
 * encrypted and cannot be decrypted. A queue id `<subscription id>:<suffix>` (a replay's) signs
 * with the secrets of `<subscription id>`.
 */
export function openWebhookSecrets(cipher: PayloadCipher | undefined, sealed: readonly string[], queueId: string): string[] {
  const subscriptionId = queueId.split(':')[0] ?? queueId;
  return sealed.map((stored) => {
    if (stored.startsWith('whsec_')) return stored;
    if (!cipher) throw new Error('the webhook secret is encrypted but no payload cipher is bound; bind the hub FieldCipher');
    return cipher.decrypt(stored, secretContext(subscriptionId));
  });
}
