/** A dead letter as the console lists it. */
export interface ConsoleDeadLetter {
  readonly id: string;
  /** `webhook` and `kafka` (records the hub's dispatcher parked) are the hub's own; `adapter`, an agency adapter's (named in `adapter`). */
  readonly source: 'webhook' | 'kafka' | 'adapter';
  /** The adapter of CONSOLE_ADAPTERS holding it; null for the hub's own. */
  readonly adapter: string | null;
  readonly subscriptionId: string | null;
  readonly agency: string | null;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly correlationId: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly deadAt: string;
  readonly headers: Record<string, string>;
}

export interface DeadLetterRow {
  id: string;
  source: 'webhook' | 'kafka';
  subscription_id: string | null;
  agency: string | null;
  event_id: string | null;
  event_type: string | null;
  correlation_id: string | null;
  attempts: number;
  last_error: string | null;
  dead_at: Date;
  headers: Record<string, string>;
}

export function toConsoleDeadLetter(row: DeadLetterRow): ConsoleDeadLetter {
  return {
    id: row.id,
    source: row.source,
    adapter: null,
    subscriptionId: row.subscription_id,
    agency: row.agency,
    eventId: row.event_id,
    eventType: row.event_type,
    correlationId: row.correlation_id,
    attempts: row.attempts,
    lastError: row.last_error,
    deadAt: row.dead_at.toISOString(),
    headers: row.headers,
  };
}
