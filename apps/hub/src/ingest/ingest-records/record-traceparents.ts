import { KAFKA_HEADERS } from '@hub/contracts';
import { isTraceparent } from '@hub/observability';
import type { OutboundMessage } from './ingest-records.js';

/**
 * The parent of each event's span in a run of outbound records that the ingest hop `hop` (a child
 * of the first record's traceparent, or a new trace) publishes together. A record of the hop's trace
 * continues the hop, so a record's hops stay one chain; a record of another trace (a publisher that
 * starts one per record, as AgencyOutboundPublisher does) continues its own; a record without a valid
 * traceparent has none, and its event continues the envelope's own or the hop.
 */
export function recordTraceparents(records: readonly OutboundMessage[], hop: string): (string | undefined)[] {
  const trace = traceIdOf(hop);
  return records.map((record) => {
    const own = record.headers[KAFKA_HEADERS.traceparent];
    if (!isTraceparent(own)) return undefined;
    return traceIdOf(own) === trace ? hop : own;
  });
}

function traceIdOf(traceparent: string): string {
  return traceparent.split('-')[1] ?? '';
}
