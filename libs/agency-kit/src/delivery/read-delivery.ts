import { INBOUND_HEADERS } from '@hub/contracts';
import { RecordReader, type RecordIssue } from './record-reader.js';

/** Which subscription a record was delivered for, its sequence number there, and its replay if it is one. */
export interface Delivery {
  readonly subscriptionId: string;
  /** The subscription's sequence number; null only for a replayed event the subscription never had (a replay from a time). */
  readonly sequence: number | null;
  readonly replayId: string | null;
}

const SEQUENCE = /^[1-9]\d{0,15}$/;

/**
 * Reads the hub's delivery headers (`hub-subscription-id`, `hub-sequence`, and on a replay
 * `hub-replay-id`). A live delivery must have its sequence; a replay keeps the original one when
 * the subscription had the event.
 */
export function readDelivery(headers: Readonly<Record<string, string>>): { delivery: Delivery } | { issues: RecordIssue[] } {
  const reader = new RecordReader({ headers });
  const subscriptionId = reader.uuid(`headers.${INBOUND_HEADERS.subscriptionId}`);
  const replayId = headers[INBOUND_HEADERS.replayId] === undefined ? null : reader.uuid(`headers.${INBOUND_HEADERS.replayId}`);
  const sequence =
    replayId !== null && headers[INBOUND_HEADERS.sequence] === undefined
      ? null
      : Number(reader.matching(`headers.${INBOUND_HEADERS.sequence}`, SEQUENCE));
  return reader.issues.length > 0 ? { issues: reader.issues } : { delivery: { subscriptionId, sequence, replayId } };
}
