import { Inject, Injectable } from '@nestjs/common';
import { generateWebhookSecret, storeWebhookSecret, type PayloadCipher } from '@hub/delivery';
import { DataSource, type EntityManager } from 'typeorm';
import type { Agency } from '../../agencies/index.js';
import { AUDIT_SINK, type AuditSink } from '../../audit/index.js';
import { AdminInputInvalidError } from '../../kernel/index.js';
import { HubConfig } from '../../config/hub-config.js';
import { fieldCipherOf } from '../../config/hub-keys.js';
import type { Subscription } from '../subscription.js';

/** A secret set: the one the hub made (shown this once; absent when the agency chose its own), and until when the previous one still signs. */
export interface SetWebhookSecret {
  readonly secret?: string;
  readonly previousValidUntil: string | null;
}

/**
 * The Standard Webhooks secrets of webhook subscriptions (`v1` HMAC signatures, which every
 * Standard Webhooks library verifies): set when a subscription is created, rotated on request. The
 * agency's own `whsec_…` or one the hub makes; stored encrypted under the hub's field keys.
 */
@Injectable()
export class WebhookSecrets {
  private readonly cipher: PayloadCipher;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    config: HubConfig,
  ) {
    this.cipher = fieldCipherOf(config);
  }

  /** Stores `chosen` (or a new secret) in the transaction `tx`. */
  async set(tx: EntityManager, subscriptionId: string, chosen: string | undefined): Promise<SetWebhookSecret> {
    const secret = chosen ?? generateWebhookSecret();
    const { previousValidUntil } = await storeWebhookSecret(tx, this.cipher, subscriptionId, secret);
    return chosen === undefined ? { secret, previousValidUntil } : { previousValidUntil };
  }

  /** Replaces the secret of the agency's webhook subscription; the previous one signs beside it for a day. Audited. */
  async rotate(agency: Agency, subscription: Subscription, chosen: string | undefined): Promise<SetWebhookSecret> {
    if (!subscription.channels.webhook) {
      throw new AdminInputInvalidError([
        {
          path: 'channels.webhook',
          rule: 'webhookChannel',
          message: `subscription ${subscription.id} has no webhook, so no webhook secret`,
        },
      ]);
    }
    return this.dataSource.transaction(async (tx) => {
      const set = await this.set(tx, subscription.id, chosen);
      await this.audit.record(
        {
          actor: `agency:${agency.id}`,
          action: 'subscription.webhook-secret-rotated',
          purpose: subscription.purpose,
          detail: { subscriptionId: subscription.id, madeByHub: chosen === undefined, previousValidUntil: set.previousValidUntil },
        },
        tx,
      );
      return set;
    });
  }
}
