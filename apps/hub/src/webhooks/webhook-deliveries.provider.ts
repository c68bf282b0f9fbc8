import { Logger, type FactoryProvider } from '@nestjs/common';
import { appendAudit } from '@hub/audit';
import { receiptVerifier, WebhookDeliveries, type DeliveryAuditPort, type WebhookDeliveriesPorts } from '@hub/delivery';
import type { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AgencyRegistry } from '../agencies/index.js';
import { HubConfig } from '../config/hub-config.js';
import { ed25519KeyFromSetting, fieldCipherOf } from '../config/hub-keys.js';

/** Purpose of delivery rows whose subscription is gone (never expected: subscriptions are only marked deleted). */
const EVENT_DELIVERY = 'event-delivery';

/**
 * The audit port of webhook deliveries: each transition is a row of the audit trail in the same
 * transaction, under the purpose of the subscription it serves (the legal basis travels with every
 * delivery).
 */
export function deliveryAudit(): DeliveryAuditPort {
  return {
    async record(entries, tx) {
      const ids = [...new Set(entries.map((entry) => subscriptionOf(entry.detail.subscriptionId)))];
      const rows = await tx.query<{ id: string; purpose: string }[]>(
        'SELECT id::text, purpose FROM subscriptions WHERE id::text = ANY($1)',
        [ids],
      );
      const purposes = new Map(rows.map((row) => [row.id, row.purpose]));
      await appendAudit(
        tx,
        entries.map((entry) => ({ ...entry, purpose: purposes.get(subscriptionOf(entry.detail.subscriptionId)) ?? EVENT_DELIVERY })),
      );
    },
  };
}

/** The subscription a queue id stands for: replays queue under `<subscription id>:replay:<replay id>`. */
export function subscriptionOf(queueId: string): string {
  return queueId.split(':')[0] ?? queueId;
}

/** The ports the queue and its workers share: audit, receipt verification by the agency registry, encrypted bodies. */
export function deliveryPorts(
  registry: AgencyRegistry,
  config: HubConfig,
): Required<Pick<WebhookDeliveriesPorts, 'audit' | 'verifyReceipt' | 'cipher'>> {
  return {
    audit: deliveryAudit(),
    verifyReceipt: receiptVerifier((keyId) => registry.signingKey(keyId)),
    cipher: fieldCipherOf(config),
  };
}

export const webhookDeliveriesProvider: FactoryProvider<WebhookDeliveries> = {
  provide: WebhookDeliveries,
  inject: [DataSource, AgencyRegistry, HubConfig],
  useFactory: (dataSource: DataSource, registry: AgencyRegistry, config: HubConfig) =>
    new WebhookDeliveries(dataSource, deliveryPorts(registry, config)),
};

/** The hub's webhook signing key, or undefined when none is configured. */
export function webhookSigningKey(config: HubConfig): KeyObject | undefined {
  return ed25519KeyFromSetting(config.WEBHOOK_SIGNING_KEY, 'WEBHOOK_SIGNING_KEY');
}

export const webhookLogger = new Logger('WebhookDelivery');
