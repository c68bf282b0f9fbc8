import type { DataSource, EntityManager } from 'typeorm';
import type { PublishOutcome } from '@hub/agency-kit';
import { lockPublishedEvents } from '../capture/lock-published-events.js';

/**
 * Keeps the hub's outcome of one published record: marks the event accepted, duplicate, refused or
 * held, and for a refusal or a hold writes a row the bureau sees (`GET /v1/sync/refusals`,
 * `npm run bureau -- status`) with the field paths, rules and zh/en messages, under the bureau's
 * record id. A held record's row says which agency holds the record at which version until the
 * hub sends the operator's resolution for the same record (see applyResolution). Idempotent: an
 * outcome read again (after a crash before its offset was committed) changes nothing.
 */
export async function recordOutcome(db: DataSource, outcome: PublishOutcome): Promise<void> {
  await db.transaction(async (tx) => {
    await lockPublishedEvents(tx);
    if (isResolution(outcome)) return applyResolution(tx, outcome);
    if (outcome.status === 'held' && (await resolvedAlready(tx, outcome))) return;
    const events = outcome.eventId ? await markEvent(tx, outcome.eventId, outcome) : [];
    if (outcome.status !== 'refused' && outcome.status !== 'held') return;
    await insertRefusal(tx, outcome, events[0], 'keep');
  });
}

interface EventRow {
  readonly record_id: string;
  readonly record_version: number;
  readonly event_type: string;
}

/** The second outcome of a held record: its conflict resolved (accepted, or refused with the holder's version kept). */
function isResolution(outcome: PublishOutcome): boolean {
  return outcome.conflict !== undefined && outcome.conflict.state !== 'open' && outcome.status !== 'held';
}

/**
 * An operator resolved the conflict of a held record: accepted, the hold is gone and the event is
 * accepted; refused, the hold becomes a refusal with the hub's zh/en reason and the version that won.
 */
async function applyResolution(tx: EntityManager, outcome: PublishOutcome): Promise<void> {
  const events = outcome.eventId ? await markEvent(tx, outcome.eventId, outcome) : [];
  if (outcome.status === 'refused') return insertRefusal(tx, outcome, events[0], 'replace-hold');
  await tx.query(
    `DELETE FROM bureau_sync.refusal WHERE origin = 'hub' AND status = 'held' AND outbound_partition = $1 AND outbound_offset = $2`,
    [outcome.outboundOffset.partition, outcome.outboundOffset.offset],
  );
}

/** A `held` outcome read after its resolution (two senders at the hub): the resolution stands. */
async function resolvedAlready(tx: EntityManager, outcome: PublishOutcome): Promise<boolean> {
  if (!outcome.eventId) return false;
  const rows: unknown[] = await tx.query(
    `SELECT 1 FROM bureau_sync.published_event WHERE event_id = $1 AND outcome IN ('accepted', 'refused')`,
    [outcome.eventId],
  );
  return rows.length > 0;
}

async function markEvent(tx: EntityManager, eventId: string, outcome: PublishOutcome): Promise<EventRow[]> {
  return tx.query(
    `WITH marked AS (UPDATE bureau_sync.published_event SET outcome = $2, outcome_at = $3 WHERE event_id = $1
       RETURNING record_id, record_version, event_type)
     SELECT * FROM marked`,
    [eventId, outcome.status, outcome.at],
  );
}

/** The bureau's row of a refused or held record; `replace-hold` turns the record's hold into this refusal. */
async function insertRefusal(
  tx: EntityManager,
  outcome: PublishOutcome,
  event: EventRow | undefined,
  onHold: 'keep' | 'replace-hold',
): Promise<void> {
  const error = outcome.error;
  await tx.query(
    `INSERT INTO bureau_sync.refusal (origin, status, event_id, event_type, record_id, record_version, http_status, code, message,
       message_zh, issues, current_version, outbound_partition, outbound_offset, refused_at)
     VALUES ('hub', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (outbound_partition, outbound_offset) DO ${
       onHold === 'keep'
         ? 'NOTHING'
         : `UPDATE SET status = EXCLUDED.status, http_status = EXCLUDED.http_status, code = EXCLUDED.code, message = EXCLUDED.message,
              message_zh = EXCLUDED.message_zh, issues = EXCLUDED.issues, current_version = EXCLUDED.current_version,
              refused_at = EXCLUDED.refused_at, recorded_at = now()
            WHERE bureau_sync.refusal.status = 'held'`
     }`,
    [
      outcome.status,
      outcome.eventId,
      event?.event_type ?? null,
      event?.record_id ?? null,
      event?.record_version ?? null,
      error?.status ?? null,
      error?.code ?? (outcome.status === 'held' ? 'HELD_IN_CONFLICT_QUEUE' : 'REFUSED'),
      error?.message ??
        (outcome.status === 'held' ? 'The hub holds the change in its conflict queue for an operator.' : 'The hub refused the record.'),
      error?.messageZh ?? null,
      JSON.stringify(error?.issues ?? []),
      error?.currentVersion ?? null,
      outcome.outboundOffset.partition,
      outcome.outboundOffset.offset,
      outcome.at,
    ],
  );
}
