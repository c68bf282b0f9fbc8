import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { findContract, versionsOf, type ValidationIssue } from '@hub/contracts';
import { WebhookTargetGuard } from '@hub/delivery';
import { DataSource } from 'typeorm';
import { AdminInputInvalidError, AdminNotFoundError } from '../kernel/index.js';
import { HubConfig } from '../config/hub-config.js';
import type { Agency } from '../agencies/index.js';
import { AUDIT_SINK, type AuditSink } from '../audit/index.js';
import { PolicyService } from '../policy/index.js';
import { filterIssues } from './check-filters.js';
import type { SubscribedType, Subscription, SubscriptionStatus } from './subscription.js';
import type { CreateSubscriptionDto } from './subscriptions.dto.js';
import { SubscriptionRefusedError } from './subscriptions.errors.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';

/**
 * Creates, lists, pauses, resumes and deletes an agency's subscriptions. A subscription is checked
 * against the policy in force: each event type must be granted to the agency's kind, under the
 * purpose it names, and its filters may only look at fields the agency would receive (a filter on
 * a passport number it may not see would tell it who has one). Every change is audited.
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
  ) {
    this.targets = WebhookTargetGuard.fromEntries(config.WEBHOOK_ALLOWED_HOSTS);
  }

  async create(agency: Agency, body: CreateSubscriptionDto): Promise<Subscription> {
    await this.checkWebhook(body.channels.webhook?.url);
    const policy = this.policies.compiled();
    const issues: ValidationIssue[] = [];
    const refuse = (path: string, rule: string, message: string): void => void issues.push({ path, rule, message });

    const eventTypes: SubscribedType[] = [];
    const purposes = new Set<string>();
    body.eventTypes.forEach(({ type, version }, i) => {
      const versions = versionsOf(type);
      if (versions.length === 0)
        return refuse(`eventTypes[${i}].type`, 'knownEventType', `${type} is not an event type of the catalogue (GET /v1/contracts)`);
      const chosen = version ?? versions[versions.length - 1]?.version ?? 1;
      if (!findContract(type, chosen)) {
        return refuse(
          `eventTypes[${i}].version`,
          'knownContractVersion',
          `${type} has no contract version ${chosen} (versions: ${versions.map((v) => v.version).join(', ')})`,
        );
      }
      const decision = policy.maySubscribe(agency, type);
      if (!decision.allowed) return refuse(`eventTypes[${i}].type`, 'policy', decision.reason);
      purposes.add(decision.purpose);
      eventTypes.push({ type, version: chosen });
    });
    if (new Set(eventTypes.map((t) => t.type)).size !== eventTypes.length)
      refuse('eventTypes', 'unique', 'each event type may be named once');

    let purpose = body.purpose;
    if (purposes.size > 1 && purpose === undefined) {
      refuse(
        'purpose',
        'policy',
        `these event types are granted under different purposes (${[...purposes].join(', ')}); subscribe to each purpose separately`,
      );
    } else if (purpose !== undefined && purposes.size > 0 && (purposes.size > 1 || !purposes.has(purpose))) {
      refuse(
        'purpose',
        'policy',
        `policy grants these event types to ${agency.kind} agencies under ${[...purposes].join(', ')}, not ${purpose}`,
      );
    }
    purpose ??= [...purposes][0];

    const projection = policy.projectionFor(agency.kind);
    if (projection) issues.push(...filterIssues(body.filters, projection, eventTypes));
    const webhook = body.channels.webhook ?? null;
    if (!body.channels.kafka && !webhook) refuse('channels', 'oneChannel', 'choose at least one channel: kafka: true, or webhook: { url }');
    if (issues.length > 0) throw new SubscriptionRefusedError(issues);

    return this.dataSource.transaction(async (tx) => {
      const created = await this.repository.insert(tx, {
        id: randomUUID(),
        agency: agency.id,
        name: body.name,
        eventTypes,
        filters: body.filters ?? {},
        channels: { kafka: body.channels.kafka ?? false, webhook: webhook ? { url: webhook.url } : null },
        purpose: purpose as string,
        createdBy: `agency:${agency.id}`,
      });
      await this.audit.record(
        {
          actor: `agency:${agency.id}`,
          action: 'subscription.created',
          purpose: created.purpose,
          detail: {
            subscriptionId: created.id,
            eventTypes: eventTypes.map((t) => `${t.type}@${t.version}`).join(','),
            policyVersion: policy.version,
          },
        },
        tx,
      );
      return created;
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

  /** Pauses, resumes or deletes one of the agency's own subscriptions. */
  async setStatus(agency: Agency, id: string, status: SubscriptionStatus): Promise<Subscription> {
    return this.dataSource.transaction(async (tx) => {
      const subscription = await this.repository.find(id, tx, true);
      if (!subscription || subscription.agency !== agency.id) throw notFound(id);
      const changed = await this.repository.setStatus(tx, id, status);
      const action = { active: 'subscription.resumed', paused: 'subscription.paused', deleted: 'subscription.deleted' }[status];
      await this.audit.record(
        {
          actor: `agency:${agency.id}`,
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
