import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WebhookTargetGuard } from '@hub/delivery';
import { DataSource } from 'typeorm';
import { AdminInputInvalidError, AdminNotFoundError, lockRoutingForChange } from '../kernel/index.js';
import { HubConfig } from '../config/hub-config.js';
import type { Agency } from '../agencies/index.js';
import { AUDIT_SINK, type AuditSink } from '../audit/index.js';
import { PolicyService } from '../policy/index.js';
import { decideSubscription } from './create-subscription/decide-subscription.js';
import type { Subscription, SubscriptionStatus } from './subscription.js';
import type { CreateSubscriptionDto } from './subscriptions.dto.js';
import { SubscriptionRefusedError } from './subscriptions.errors.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { WebhookSecrets } from './webhook-secrets/webhook-secrets.js';

/**
 * Creates, lists, pauses, resumes and deletes an agency's subscriptions. A new subscription is
 * decided against the policy in force (decideSubscription). Every change is audited.
 */
@Injectable()
export class SubscriptionsHandler {
  private readonly targets: WebhookTargetGuard;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: SubscriptionsRepository,
    private readonly policies: PolicyService,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    private readonly config: HubConfig,
    private readonly secrets: WebhookSecrets,
  ) {
    this.targets = WebhookTargetGuard.fromEntries(config.WEBHOOK_ALLOWED_HOSTS);
  }

  /** Creates a subscription: the webhook address checked, the request decided against the policy, then stored and audited together. */
  async create(agency: Agency, body: CreateSubscriptionDto): Promise<Subscription> {
    await this.checkWebhook(body.channels.webhook?.url);
    const policy = this.policies.compiled();
    const decision = decideSubscription(agency, body, policy);
    if (!decision.accepted) throw new SubscriptionRefusedError(decision.issues);
    const { subscription } = decision;
    const webhook = body.channels.webhook;
    return this.dataSource.transaction(async (tx) => {
      const created = await this.repository.insert(tx, {
        id: randomUUID(),
        agency: agency.id,
        ...subscription,
        createdBy: `agency:${agency.id}`,
      });
      await this.audit.record(
        {
          actor: `agency:${agency.id}`,
          action: 'subscription.created',
          purpose: created.purpose,
          detail: {
            subscriptionId: created.id,
            eventTypes: subscription.eventTypes.map((t) => `${t.type}@${t.version}`).join(','),
            policyVersion: policy.version,
          },
        },
        tx,
      );
      if (!webhook) return created;
      // A secret the hub made is shown in this answer only; it is stored encrypted.
      const { secret } = await this.secrets.set(tx, created.id, webhook.secret);
      return { ...created, channels: { ...created.channels, webhook: { url: webhook.url, ...(secret ? { secret } : {}) } } };
    });
  }

  /**
   * A webhook needs the hub's signing key, https unless plain http is allowed (local simulators),
   * and a public address unless WEBHOOK_ALLOWED_HOSTS allows it (checked again on every delivery).
   */
  async checkWebhook(url: string | undefined, field = 'channels.webhook'): Promise<void> {
    if (url === undefined) return;
    if (!this.config.WEBHOOK_SIGNING_KEY) {
      throw new AdminInputInvalidError([
        {
          path: field,
          rule: 'webhooksEnabled',
          message: 'this hub sends no webhooks (no WEBHOOK_SIGNING_KEY); subscribe with kafka: true',
        },
      ]);
    }
    if (!url.startsWith('https://') && this.config.WEBHOOK_ALLOW_PLAIN_HTTP !== 'true') {
      throw new AdminInputInvalidError([{ path: `${field}.url`, rule: 'https', message: `${field}.url must be an https:// URL` }]);
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new AdminInputInvalidError([{ path: `${field}.url`, rule: 'isUrl', message: `${field}.url must be a URL` }]);
    }
    const refusal = await this.targets.refusal(parsed);
    if (refusal !== undefined) {
      throw new AdminInputInvalidError([{ path: `${field}.url`, rule: 'publicAddress', message: `${field}.url: ${refusal}` }]);
    }
  }

  list(agency: Agency): Promise<Subscription[]> {
    return this.repository.list(agency.id);
  }

  async get(agency: Agency, id: string): Promise<Subscription> {
    const subscription = await this.repository.find(id);
    if (!subscription || subscription.agency !== agency.id) throw notFound(id);
    return subscription;
  }

  /** Pauses, resumes or deletes one of the agency's own subscriptions; `actor` is the agency unless an operator acts for it (the console). */
  async setStatus(
    agency: Pick<Agency, 'id'>,
    id: string,
    status: SubscriptionStatus,
    actor = `agency:${agency.id}`,
  ): Promise<Subscription> {
    return this.dataSource.transaction(async (tx) => {
      await lockRoutingForChange(tx);
      const subscription = await this.repository.find(id, tx, true);
      if (!subscription || subscription.agency !== agency.id) throw notFound(id);
      const changed = await this.repository.setStatus(tx, id, status);
      const action = { active: 'subscription.resumed', paused: 'subscription.paused', deleted: 'subscription.deleted' }[status];
      await this.audit.record(
        {
          actor,
          action,
          purpose: subscription.purpose,
          detail: { subscriptionId: id, previousStatus: subscription.status },
        },
        tx,
      );
      return changed;
    });
  }
}

function notFound(id: string): AdminNotFoundError {
  return new AdminNotFoundError(`Subscription ${id}`, 'GET /v1/subscriptions lists your subscriptions.');
}
