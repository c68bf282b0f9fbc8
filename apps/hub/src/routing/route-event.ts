import { toContractVersion, type EventEnvelope } from '@hub/contracts';
import type { Agency } from '../agencies/index.js';
import type { CompiledPolicy } from '../policy/index.js';
import { matchesFilters, projectEvent, type Subscription } from '../subscriptions/index.js';

/** An event bound for one subscription, as its agency will receive it. */
export interface Route {
  readonly subscription: Subscription;
  readonly agency: Agency;
  readonly purpose: string;
  readonly projection: string;
  readonly policyVersion: number;
  readonly contractVersion: number;
  /** The envelope converted to the subscribed contract version and projected. */
  readonly message: EventEnvelope<object>;
}

/** A subscription that would have taken the event but may not, and why (recorded, never delivered). */
export interface Withheld {
  readonly subscription: Subscription;
  readonly reason: string;
}

/**
 * Where one event goes: to every active subscription of an active agency that names its type, was
 * created before the event reached Kafka (`relayedAt`, for records of the dispatch stream; any time
 * for a replay, and at commit, where the view is exactly the one in force), and whose filters it passes; each only if
 * the policy in force still grants the type under the subscription's purpose, converted to the
 * subscribed contract version and cut down to the agency kind's projection.
 */
export function routeEvent(
  event: EventEnvelope<object>,
  relayedAt: Date | 'replay' | 'commit',
  subscriptions: readonly Subscription[],
  agencyOf: (id: string) => Agency | undefined,
  policy: CompiledPolicy,
): { routes: Route[]; withheld: Withheld[] } {
  const routes: Route[] = [];
  const withheld: Withheld[] = [];
  for (const subscription of subscriptions) {
    const wanted = subscription.eventTypes.find((entry) => entry.type === event.type);
    if (subscription.status !== 'active' || !wanted) continue;
    if (relayedAt instanceof Date && Date.parse(subscription.createdAt) > relayedAt.getTime()) continue;
    if (!matchesFilters(subscription.filters, event as unknown as Parameters<typeof matchesFilters>[1])) continue;
    const agency = agencyOf(subscription.agency);
    if (!agency || agency.status !== 'active') {
      withheld.push({ subscription, reason: `agency ${subscription.agency} is ${agency?.status ?? 'not registered'}` });
      continue;
    }
    const decision = policy.maySubscribe(agency, event.type);
    if (!decision.allowed) {
      withheld.push({ subscription, reason: decision.reason });
      continue;
    }
    if (decision.purpose !== subscription.purpose) {
      withheld.push({
        subscription,
        reason: `policy v${policy.version} grants ${event.type} to ${agency.kind} under ${decision.purpose}, not ${subscription.purpose}`,
      });
      continue;
    }
    const projection = policy.projectionFor(agency.kind);
    if (!projection) {
      withheld.push({ subscription, reason: `policy v${policy.version} has no projection for ${agency.kind}` });
      continue;
    }
    let converted: EventEnvelope<object>;
    try {
      converted = toContractVersion(event, wanted.version);
    } catch (error) {
      withheld.push({ subscription, reason: (error as Error).message });
      continue;
    }
    routes.push({
      subscription,
      agency,
      purpose: decision.purpose,
      projection: projection.name,
      policyVersion: policy.version,
      contractVersion: wanted.version,
      message: projectEvent(converted, projection),
    });
  }
  return { routes, withheld };
}
