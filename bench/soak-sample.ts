/** One sample of a soak run: the state at `seconds` after the load started, and what the window since the last sample did. */
export interface SoakSample {
  readonly seconds: number;
  /** Resident set (VmRSS) of each process by name, in MiB; a process with workers counts them too. */
  readonly rssMiB: Readonly<Record<string, number>>;
  /** Events the adapter recorded in the window, and their latency from due time to the adapter's record. */
  readonly recordedEvents: number;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** Records on the adapter's topics that its consumer group has not committed yet. */
  readonly consumerLag: number;
  /** Rows in the hub's outbox, waiting for the relay. */
  readonly outboxDepth: number;
  /** Events sent, accepted (202) and recorded per second over the window. */
  readonly offeredPerSecond: number;
  readonly acceptedPerSecond: number;
  readonly recordedPerSecond: number;
}
