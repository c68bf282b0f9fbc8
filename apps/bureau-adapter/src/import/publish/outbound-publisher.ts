/** A signed event for the bureau's outbound topic, and the Kafka key that keeps one record's events in order. */
export interface OutboundRecord {
  readonly event: { readonly id: string };
  readonly key?: string;
}

/**
 * What the import needs of the agency kit's AgencyOutboundPublisher (the design's seam 1): publish
 * resolves only once Kafka has acknowledged every record (idempotent producer, acks=all).
 */
export interface OutboundPublisher {
  connect(): Promise<void>;
  publish(records: readonly OutboundRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}
