import { findContract, versionsOf, type ValidationIssue } from '@hub/contracts';
import type { SubscribedType, SubscriptionChannels, SubscriptionFilters } from '../subscription.js';
import type { CreateSubscriptionDto } from '../subscriptions.dto.js';
import { filterIssues } from './check-filters.js';
import type { Agency } from '../../agencies/index.js';
import type { CompiledPolicy } from '../../policy/index.js';

/** A subscription as the policy lets the agency have it, ready to store. */
export interface AcceptedSubscription {
  readonly name: string;
  readonly eventTypes: SubscribedType[];
  readonly filters: SubscriptionFilters;
  readonly channels: SubscriptionChannels;
  readonly purpose: string;
}

export type SubscriptionDecision =
  | { readonly accepted: true; readonly subscription: AcceptedSubscription }
  | { readonly accepted: false; readonly issues: ValidationIssue[] };

/**
 * Decides a subscription request against the policy in force, listing every issue: each event type
 * must be in the catalogue, in a contract version it has (the newest when left out), named once,
 * and granted to the agency's kind; all under one purpose, the one the request names if it names
 * one; its filters may only look at fields the agency would receive (a filter on a passport number
 * it may not see would tell it who has one); and it needs at least one channel.
 */
export function decideSubscription(agency: Agency, body: CreateSubscriptionDto, policy: CompiledPolicy): SubscriptionDecision {
  const { eventTypes, purposes, issues } = grantedTypes(agency, body.eventTypes, policy);
  const purpose = choosePurpose(agency, body.purpose, purposes, issues);
  const projection = policy.projectionFor(agency.kind);
  if (projection) issues.push(...filterIssues(body.filters, projection, eventTypes));
  const webhook = body.channels.webhook ?? null;
  if (!body.channels.kafka && !webhook) {
    issues.push({ path: 'channels', rule: 'oneChannel', message: 'choose at least one channel: kafka: true, or webhook: { url }' });
  }
  if (issues.length > 0 || purpose === undefined) return { accepted: false, issues };
  return {
    accepted: true,
    subscription: {
      name: body.name,
      eventTypes,
      filters: body.filters ?? {},
      channels: { kafka: body.channels.kafka ?? false, webhook: webhook ? { url: webhook.url } : null },
      purpose,
    },
  };
}

/** The requested types the policy grants the agency, in the versions chosen, and the purposes of their grants. */
function grantedTypes(
  agency: Agency,
  requested: CreateSubscriptionDto['eventTypes'],
  policy: CompiledPolicy,
): { eventTypes: SubscribedType[]; purposes: Set<string>; issues: ValidationIssue[] } {
  const eventTypes: SubscribedType[] = [];
  const purposes = new Set<string>();
  const issues: ValidationIssue[] = [];
  const refuse = (path: string, rule: string, message: string): void => void issues.push({ path, rule, message });
  requested.forEach(({ type, version }, i) => {
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
  return { eventTypes, purposes, issues };
}

/** The one purpose the grants share (refused when they differ, or differ from the one requested); added to `issues`. */
function choosePurpose(
  agency: Agency,
  requested: string | undefined,
  purposes: ReadonlySet<string>,
  issues: ValidationIssue[],
): string | undefined {
  if (purposes.size > 1 && requested === undefined) {
    issues.push({
      path: 'purpose',
      rule: 'policy',
      message: `these event types are granted under different purposes (${[...purposes].join(', ')}); subscribe to each purpose separately`,
    });
  } else if (requested !== undefined && purposes.size > 0 && (purposes.size > 1 || !purposes.has(requested))) {
    issues.push({
      path: 'purpose',
      rule: 'policy',
      message: `policy grants these event types to ${agency.kind} agencies under ${[...purposes].join(', ')}, not ${requested}`,
    });
  }
  return requested ?? [...purposes][0];
}
