// The shapes the hub's console API answers with (docs/console-api.md).

export type Role = 'viewer' | 'operator' | 'auditor';
export type Range = '1h' | '24h' | '7d';

export interface Operator {
  username: string;
  displayName: string;
  role: Role;
}

export interface SessionBody {
  operator: Operator;
  csrfToken: string;
}

export interface ApiErrorBody {
  code: string;
  message?: { en: string; zh: string };
  field?: string;
  requiredRole?: Role;
}

export interface Overview {
  hub: { roles: string[]; version: string };
  totals: { accepted: number; refused?: number; delivered: number; deadLetters: number; openCases?: number };
  outbox: { backlog: number; oldestAgeSeconds: number };
  audit: { verified: boolean; lastCheckpointAt: string | null };
}

export type Stage = 'accepted' | 'refused' | 'relayed' | 'delivered' | 'recorded';
export type FlowsBy = 'domain' | 'agency' | 'subscriber';

export interface Flows {
  stepSeconds: number;
  from: string;
  to: string;
  series: { stage: Stage; key: string; points: [string, number][] }[];
}

export interface SubscriptionLag {
  id: string;
  agency: string;
  name: string;
  transport: 'kafka' | 'webhook';
  state: 'active' | 'paused';
  lagMessages: number;
  lagSeconds: number;
  lastDeliveredSequence: number | null;
  unacknowledged: number;
  trend: [string, number, number][];
  /** Kafka subscriptions: the consumer groups reading the agency's inbound topic. */
  consumerGroups: { groupId: string; lagMessages: number; lagSeconds: number | null }[];
}

/** A consumer group of an agency on its inbound topic, from the brokers. */
export interface ConsumerGroupLag {
  agency: string;
  topic: string;
  groupId: string;
  subscriptions: string[];
  lagMessages: number;
  lagSeconds: number | null;
}

export interface Lag {
  subscriptions: SubscriptionLag[];
  /** The agencies' consumer groups (read at most every 10 s), or why Kafka could not tell. */
  consumerGroups: { groups: ConsumerGroupLag[]; readAt: string | null; error: string | null };
  outbox: { backlog: number; oldestAgeSeconds: number; trend: [string, number][] };
  relay: { state: string; lastRunAt: string | null };
  dispatcher: { state: string; lastRunAt: string | null };
}

export interface DeadLetter {
  id: string;
  /** The hub's own (webhook, kafka) or an agency adapter's (adapter, named in `adapter`). */
  source: 'webhook' | 'kafka' | 'adapter';
  adapter: string | null;
  subscriptionId: string;
  agency: string;
  eventId: string;
  eventType: string;
  correlationId: string | null;
  attempts: number;
  lastError: string | null;
  deadAt: string;
  headers: Record<string, string>;
}

export interface DeadLetterDetail extends DeadLetter {
  attemptsLog: { at: string; status: string | number | null; error: string | null }[];
  /** The body sent or the record parked, as text (cut short), identifiers masked for viewers. */
  payloadPreview: string | null;
  /** Where an adapter read the record (adapters' dead letters only). */
  location?: { topic: string; partition: number; offset: string };
}

/** A page of dead letters, and the adapters that did not answer. */
export interface DeadLettersPage {
  total: number;
  items: DeadLetter[];
  unavailable: { adapter: string; error: string }[];
}

export interface DeadLetterFilter {
  correlationId?: string;
  eventType?: string;
  agency?: string;
  subscription?: string;
  header?: string;
  q?: string;
}

export interface Job {
  id: string;
  kind: string;
  total: number;
  done: number;
  failed: number;
  state: 'running' | 'finished' | 'failed';
}

export interface Agency {
  id: string;
  name: { zh: string; en: string } | string;
  region: string | null;
  status: string;
  transports: string[];
  lastPublishedAt: string | null;
  kafkaPublishing: boolean;
}

/** An agency's reconciliation run against the hub, as it reported it. */
export interface Reconciliation {
  id: string;
  agency: string;
  domain: string;
  outcome: 'in-sync' | 'differences' | 'failed';
  trigger: 'schedule' | 'command' | 'api';
  from: string | null;
  to: string | null;
  startedAt: string;
  finishedAt: string;
  agencyRecords: number;
  hubRecords: number;
  missing: number;
  extra: number;
  different: number;
  repaired: number;
  remaining: number;
  error: string | null;
  /** The bureau's comparison with public security's copy in the same run (null: none made). */
  psb: PsbComparison | null;
}

/** Counts of records public security's copy lacks, holds at another version or holds extra; or why it could not be read. */
export type PsbComparison =
  | { psbRecords: number; buckets: number; differingBuckets: number; missingAtPsb: number; differentAtPsb: number; extraAtPsb: number }
  | { error: string };

export interface Subscription {
  id: string;
  agency: string;
  name: string;
  transport: string;
  state: 'active' | 'paused';
  lastDeliveredSequence: number | null;
  unacknowledged: number;
  lastReceiptAt: string | null;
  lagMessages: number;
}

export interface Replay {
  state: string;
  total: number;
  done: number;
}

export interface HopAt {
  subscription: string;
  at: string;
  /** `delivered` only: a record on the subscriber's inbound topic, or a webhook answered 2xx. */
  channel?: 'kafka' | 'webhook';
  /** Not recorded: the closest true time (a relayed record shows the commit that handed it to the relay). */
  approximate?: true;
}

/** A Kafka record the outbox still holds: not relayed yet. */
export interface RelayWaiting {
  subscription: string;
  waitingSince: string;
  attempts: number;
  lastError: string | null;
}

export interface PathEvent {
  eventId: string;
  type: string;
  agency: string;
  correlationId: string | null;
  hops: {
    accepted: string | null;
    dispatched: HopAt[];
    relayed: HopAt[];
    relayWaiting: RelayWaiting[];
    delivered: HopAt[];
    recorded: HopAt[];
    receipted: HopAt[];
  };
}

export interface PersonPath {
  subjectId: string;
  events: PathEvent[];
}

export interface AuditState {
  verifiedUpTo: number | null;
  verifiedAt: string | null;
  fullyVerifiedAt: string | null;
  ok: boolean | null;
  problem: string | null;
  lastCheckpoint: { size: number; rootHash: string; signedAt: string; keyId: string } | null;
}
