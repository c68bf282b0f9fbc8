/** An event type a subscription receives, in the contract version it wants it in. */
export interface SubscribedType {
  readonly type: string;
  readonly version: number;
}

/** A condition on one attribute of the event: `region`, `data.permitClass`, `data.employer.creditCode` … */
export interface AttributeCondition {
  readonly path: string;
  readonly op: 'equals' | 'in' | 'prefix';
  readonly value: string | readonly string[];
}

/** Every listed filter must hold (an empty list or an absent filter holds for every event). */
export interface SubscriptionFilters {
  /** GB/T 2260 codes: a province (`310000`) or prefecture (`310100`) code takes every region within it. */
  readonly regions?: readonly string[];
  readonly permitClasses?: readonly string[];
  readonly visaCategories?: readonly string[];
  readonly attributes?: readonly AttributeCondition[];
}

export interface SubscriptionChannels {
  /** Deliver to the agency's own inbound topic (`agency.<id>.inbound`). */
  readonly kafka: boolean;
  /**
   * Deliver by signed HTTPS POST to this URL. `secret`, the Standard Webhooks `whsec_…` the hub
   * made, is in the answer that created the subscription only.
   */
  readonly webhook: { readonly url: string; readonly secret?: string } | null;
}

export const SUBSCRIPTION_STATUSES = ['active', 'paused', 'deleted'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export interface Subscription {
  readonly id: string;
  readonly agency: string;
  readonly name: string;
  readonly eventTypes: readonly SubscribedType[];
  readonly filters: SubscriptionFilters;
  readonly channels: SubscriptionChannels;
  readonly purpose: string;
  readonly status: SubscriptionStatus;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
