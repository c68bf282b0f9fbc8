import type { KafkaSecurity } from '@hub/messaging';

/** How an agency reaches the hub's brokers as itself (its SCRAM user is its agency id). */
export interface AgencyOutboundSettings {
  /** The agency's id, e.g. `bureau-310000`; names its topics and its consumer-group prefix. */
  readonly agencyId: string;
  readonly brokers: readonly string[];
  /** As `kafkaSecurityOptions` takes it; the SCRAM user name is the agency id. */
  readonly security: KafkaSecurity;
  /** The Kafka client id; default `<agencyId>-outbound` (or `-outcomes` for the reader). */
  readonly clientId?: string;
}
