import type { EntityManager, MigrationInterface } from 'typeorm';
import type { RecordReader } from '../delivery/record-reader.js';
import type { ContractEventSpec } from '../signing/contract-event.js';

/** An event of a type the adapter receives, its envelope read by the kit and its data by the mapping. */
export interface ReceivedEvent<F> {
  readonly id: string;
  readonly type: string;
  /** When the fact happened (RFC 3339, as sent). */
  readonly time: string;
  /** The person's subject id, when the hub's projection gives it. */
  readonly subject: string | null;
  readonly region: string | null;
  /** What the mapping's `read` made of the event. */
  readonly fields: F;
}

/**
 * How one event type the agency subscribes to lands in the agency's own tables: which contract
 * version the adapter reads, what it reads of the event (a RecordReader over the whole delivered
 * event; each field it cannot read is named in the dead letter), and how it writes it, inside the
 * batch's transaction (with the inbox row that makes a redelivery change nothing).
 */
export interface InboundMapping<F> {
  readonly version: number;
  readonly read: (event: RecordReader) => F;
  readonly apply: (tx: EntityManager, event: ReceivedEvent<F>) => Promise<void>;
}

/** Who posted a decision: the name of the operator key it came with. */
export interface DecisionContext {
  readonly decidedBy: string;
}

/**
 * How a decision the agency's officers post becomes a contract event it publishes:
 * `POST /<path>` with a JSON body → `parse` (throw ValidationFailedError naming each field and rule:
 * 400) → `decide`, in a transaction on the agency's database (read its tables, record the decision;
 * throw a HubError to refuse it) → the event, which the kit checks against its contract, signs,
 * keeps in `outbound_events` in the same transaction and publishes on the agency's outbound topic.
 */
export interface DecisionMapping<D> {
  /** The route, e.g. `v1/visas`; under `/v1/`, so the operator keys guard it. */
  readonly path: string;
  readonly parse: (body: unknown) => D;
  readonly decide: (tx: EntityManager, decision: D, context: DecisionContext) => Promise<ContractEventSpec>;
}

/** The subscription the agency makes (its own API key, `POST /v1/subscriptions`) for this adapter. */
export type AgencySubscription = {
  readonly name: string;
  readonly eventTypes: readonly { readonly type: string; readonly version: number }[];
  readonly channels: { readonly kafka: true };
};

/**
 * Everything that makes one agency's adapter: the rest (config from the environment, the
 * subscription consumer with inbox, order and gap detection, receipts, dead letters with their API
 * and CLI, health, metrics, signing and publishing) is the kit's.
 */
export interface AgencyAdapterDefinition {
  /** The process name: logs, metrics, Kafka client ids, the default consumer group `agency.<id>.<app>`. */
  readonly app: string;
  /** Who the adapter speaks for. */
  readonly agency: {
    /** The agency id unless AGENCY_ID says otherwise, e.g. `mfa`. */
    readonly defaultId: string;
    /** What AGENCY_ID must match, and the rule said when it does not. */
    readonly idPattern: RegExp;
    readonly idRule: string;
    /** How the agency is named in messages, e.g. "foreign affairs". */
    readonly name: string;
  };
  readonly httpPort: number;
  /** Event type → mapping; the subscription is made of these types and versions. */
  readonly receive: Readonly<Record<string, InboundMapping<never>>>;
  /** The decisions the agency publishes back through the hub. */
  readonly publish?: readonly DecisionMapping<never>[];
  /** The migrations of the agency's own tables (the kit's inbox, dead-letter, sequence and outbound tables come first). */
  readonly migrations: readonly (new () => MigrationInterface)[];
}

/** Types a mapping without losing its field types (the definition holds it as InboundMapping<never>). */
export function inbound<F>(mapping: InboundMapping<F>): InboundMapping<never> {
  return mapping as unknown as InboundMapping<never>;
}

/** Types a decision mapping likewise. */
export function decision<D>(mapping: DecisionMapping<D>): DecisionMapping<never> {
  return mapping as unknown as DecisionMapping<never>;
}

/** The subscription of a definition: its received types, each pinned to the version its mapping reads, over Kafka. */
export function subscriptionOf(definition: AgencyAdapterDefinition): AgencySubscription {
  return {
    name: `${Object.keys(definition.receive).join(', ')} (${definition.app})`,
    eventTypes: Object.entries(definition.receive).map(([type, mapping]) => ({ type, version: mapping.version })),
    channels: { kafka: true },
  };
}
