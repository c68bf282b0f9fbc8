import { UUID_FORMAT } from '@hub/contracts';
import { isoTime, select, type DeliverySql } from '../delivery-sql.js';
import { openPayload, type PayloadCipher } from '../enqueue/payload-cipher.js';
import type { WebhookReceipt } from '../receipts/webhook-receipt.js';
import { RECORD_COLUMNS, toDeliveryRecord, type DeliveryRecord, type DeliveryRow } from './delivery-record.js';

/** One attempt, as recorded. `abandoned`: the worker died or lost its lease before recording an outcome. */
export interface DeliveryAttemptRecord {
  readonly round: number;
  readonly attempt: number;
  readonly worker: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  /** null while the attempt is in flight. */
  readonly outcome: 'delivered' | 'retriable' | 'rejected' | 'abandoned' | null;
  readonly statusCode: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly retryAfterMs: number | null;
  readonly responseBytes: number | null;
  readonly responseTruncated: boolean | null;
  readonly responseExcerpt: string | null;
}

/** A receipt kept as evidence: which agency key signed that the agency received the event, and when. */
export interface StoredReceipt {
  readonly agencyId: string;
  readonly keyId: string;
  readonly alg: string;
  readonly receivedAt: string;
  readonly recordedAt: string;
  /** In the webhook response, or later through acknowledge(). */
  readonly via: 'response' | 'acknowledgement';
  readonly receipt: WebhookReceipt;
}

/** Everything about one delivery: the record, the body sent, every attempt of every round, and its receipt. */
export interface DeliveryDetails extends DeliveryRecord {
  /** The body sent, decrypted; null when it cannot be (payloadProblem says why). */
  readonly payload: string | null;
  readonly payloadProblem: string | null;
  readonly attemptHistory: readonly DeliveryAttemptRecord[];
  readonly receipt: StoredReceipt | null;
}

interface AttemptRow {
  round: number;
  attempt: number;
  worker: string;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
  outcome: DeliveryAttemptRecord['outcome'];
  status_code: number | null;
  error_code: string | null;
  error_message: string | null;
  retry_after_ms: string | null;
  response_bytes: number | null;
  response_truncated: boolean | null;
  response_excerpt: string | null;
}

interface ReceiptRow {
  agency_id: string;
  key_id: string;
  alg: string;
  received_at: Date;
  recorded_at: Date;
  via: StoredReceipt['via'];
  receipt: string;
}

/** The delivery with its attempts (oldest first) and receipt; undefined when there is none with that id. */
export async function inspectDelivery(db: DeliverySql, deliveryId: string, cipher?: PayloadCipher): Promise<DeliveryDetails | undefined> {
  if (!UUID_FORMAT.test(deliveryId)) return undefined;
  const [row] = await select<DeliveryRow & { payload: string }>(
    db,
    `SELECT ${RECORD_COLUMNS}, d.payload FROM webhook_deliveries d WHERE d.id = $1::uuid`,
    [deliveryId],
  );
  if (!row) return undefined;
  const attempts = await select<AttemptRow>(
    db,
    `SELECT round, attempt, worker, started_at, finished_at, duration_ms, outcome, status_code, error_code, error_message,
            retry_after_ms::text, response_bytes, response_truncated, response_excerpt
       FROM webhook_delivery_attempts a WHERE a.delivery_id = $1::uuid ORDER BY a.started_at, a.round, a.attempt`,
    [row.id],
  );
  const [receipt] = await select<ReceiptRow>(
    db,
    'SELECT agency_id, key_id, alg, received_at, recorded_at, via, receipt FROM webhook_receipts WHERE delivery_id = $1::uuid',
    [row.id],
  );
  let payload: string | null = null;
  let payloadProblem: string | null = null;
  try {
    payload = openPayload(cipher, row.payload, row.id);
  } catch (error) {
    payloadProblem = String(error);
  }
  return {
    ...toDeliveryRecord(row),
    payload,
    payloadProblem,
    attemptHistory: attempts.map(toAttemptRecord),
    receipt: receipt ? toStoredReceipt(receipt) : null,
  };
}

function toAttemptRecord(row: AttemptRow): DeliveryAttemptRecord {
  return {
    round: row.round,
    attempt: row.attempt,
    worker: row.worker,
    startedAt: isoTime(row.started_at) ?? '',
    finishedAt: isoTime(row.finished_at),
    durationMs: row.duration_ms,
    outcome: row.outcome,
    statusCode: row.status_code,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    retryAfterMs: row.retry_after_ms === null ? null : Number(row.retry_after_ms),
    responseBytes: row.response_bytes,
    responseTruncated: row.response_truncated,
    responseExcerpt: row.response_excerpt,
  };
}

function toStoredReceipt(row: ReceiptRow): StoredReceipt {
  return {
    agencyId: row.agency_id,
    keyId: row.key_id,
    alg: row.alg,
    receivedAt: isoTime(row.received_at) ?? '',
    recordedAt: isoTime(row.recorded_at) ?? '',
    via: row.via,
    receipt: JSON.parse(row.receipt) as WebhookReceipt,
  };
}
