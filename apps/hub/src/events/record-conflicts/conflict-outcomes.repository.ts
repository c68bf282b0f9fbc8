import { Injectable } from '@nestjs/common';
import type { PublishOutcome } from '@hub/agency-kit';
import { DataSource } from 'typeorm';
import { resolutionOutcome, type ConflictOutcomeFacts } from './conflict-outcome.js';

/** A held record of an agency's outbound topic: its conflict and where it was read. */
export interface HeldOrigin {
  readonly conflictId: string;
  readonly partition: number;
  readonly offset: string;
}

/** A resolved conflict's final outcome, due to its publisher's outcomes topic. */
export interface DueOutcome {
  readonly conflictId: string;
  readonly agency: string;
  readonly outcome: PublishOutcome;
}

interface FactsRow {
  readonly id: string;
  readonly state: ConflictOutcomeFacts['state'];
  readonly kind: string;
  readonly held_agency: string;
  readonly held_version: string;
  readonly incoming_record_id: string;
  readonly incoming_version: string;
  readonly note: string | null;
}

const FACT_COLUMNS = 'id, state, kind, held_agency, held_version::text, incoming_record_id, incoming_version::text, note';

function factsOf(row: FactsRow): ConflictOutcomeFacts {
  return {
    conflictId: row.id,
    state: row.state,
    kind: row.kind,
    heldAgency: row.held_agency,
    heldVersion: Number(row.held_version),
    incomingRecordId: row.incoming_record_id,
    incomingVersion: Number(row.incoming_version),
    note: row.note,
  };
}

/**
 * The conflict queue as the publishers of held changes over Kafka see it: where each held record was
 * read (so its resolution reaches the publisher), and the resolutions whose final outcome is due.
 */
@Injectable()
export class ConflictOutcomesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Keeps where the agency's held records were read (the first reading wins: a record read again
   * after a crash is the same record) and answers each conflict's facts for the `held` outcome.
   * A conflict already resolved meanwhile is due at once (see due).
   */
  async noteHeldOrigins(agencyId: string, held: readonly HeldOrigin[]): Promise<Map<string, ConflictOutcomeFacts>> {
    if (held.length === 0) return new Map();
    const rows = await this.dataSource.query<FactsRow[]>(
      `WITH origin AS (
         SELECT * FROM unnest($2::uuid[], $3::int[], $4::bigint[]) AS o(id, outbound_partition, outbound_offset)
       ), noted AS (
         UPDATE record_conflicts c SET outbound_partition = o.outbound_partition, outbound_offset = o.outbound_offset
           FROM origin o WHERE c.id = o.id AND c.incoming_agency = $1 AND c.outbound_partition IS NULL
       )
       SELECT ${FACT_COLUMNS} FROM record_conflicts WHERE id IN (SELECT id FROM origin) AND incoming_agency = $1`,
      [agencyId, held.map((h) => h.conflictId), held.map((h) => h.partition), held.map((h) => h.offset)],
    );
    return new Map(rows.map((row) => [row.id, factsOf(row)]));
  }

  /**
   * Sends the final outcomes due (resolved conflicts read from an outbound topic, not yet sent),
   * oldest resolution first, at most `limit`; each marked sent once `send` resolved (acks=all). The
   * rows stay locked while they are sent, so two hub instances never send the same outcome at once;
   * a crash before the mark sends it again (the publisher's reader is idempotent).
   */
  async sendDue(limit: number, send: (due: readonly DueOutcome[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows = await tx.query<
        (FactsRow & { incoming_agency: string; incoming_event_id: string; partition: number; offset: string; resolved_at: Date })[]
      >(
        `SELECT ${FACT_COLUMNS}, incoming_agency, incoming_event_id, outbound_partition AS partition, outbound_offset::text AS offset, resolved_at
           FROM record_conflicts WHERE state <> 'open' AND outbound_partition IS NOT NULL AND outcome_sent_at IS NULL
          ORDER BY resolved_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await send(
        rows.map((row) => ({
          conflictId: row.id,
          agency: row.incoming_agency,
          outcome: resolutionOutcome({
            ...factsOf(row),
            eventId: row.incoming_event_id,
            outboundOffset: { partition: row.partition, offset: row.offset },
            at: row.resolved_at.toISOString(),
          }),
        })),
      );
      await tx.query('UPDATE record_conflicts SET outcome_sent_at = clock_timestamp() WHERE id = ANY($1::uuid[])', [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
  }
}
