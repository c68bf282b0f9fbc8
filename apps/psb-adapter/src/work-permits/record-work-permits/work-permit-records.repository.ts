import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PermitRecord } from './permit-event.js';

/** An event's first delivery: recorded in the inbox so a redelivered or replayed copy changes nothing. */
export interface InboxEntry {
  readonly eventId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly subscriptionId: string;
  readonly sequence: number | null;
  readonly replayId: string | null;
}

/** `work_permits` columns: name, PermitRecord property, array type for unnest. */
const COLUMNS: readonly (readonly [column: string, property: keyof PermitRecord, type: string])[] = [
  ['permit_no', 'permitNo', 'text'],
  ['subject_id', 'subjectId', 'text'],
  ['permit_class', 'permitClass', 'text'],
  ['status', 'status', 'text'],
  ['status_on', 'statusOn', 'date'],
  ['status_reason', 'statusReason', 'text'],
  ['holder_name', 'holderName', 'text'],
  ['passport_no', 'passportNo', 'text'],
  ['nationality', 'nationality', 'text'],
  ['birth_date', 'birthDate', 'date'],
  ['valid_from', 'validFrom', 'date'],
  ['valid_to', 'validTo', 'date'],
  ['extended_on', 'extendedOn', 'date'],
  ['changed_on', 'changedOn', 'date'],
  ['region', 'region', 'text'],
  ['source_event_id', 'sourceEventId', 'uuid'],
  ['correlation_id', 'correlationId', 'text'],
  ['event_time', 'eventTime', 'timestamptz'],
];

const SELECT_RECORD = COLUMNS.map(([column, property]) => `to_json(${column}) #>> '{}' AS "${property}"`).join(', ');
const UNNEST = COLUMNS.map(([, , type], i) => `$${i + 1}::${type}[]`).join(', ');
const UPDATE_SET = COLUMNS.filter(([column]) => column !== 'permit_no')
  .map(([column]) => `${column} = EXCLUDED.${column}`)
  .join(', ');

/**
 * Public security's work-permit records and the inbox that makes applying them idempotent. Every
 * method runs in the caller's transaction, so the inbox rows commit together with their effect.
 */
@Injectable()
export class WorkPermitRecordsRepository {
  /** Records each event id in the inbox; returns the ids seen now for the first time. */
  async admitToInbox(tx: EntityManager, entries: readonly InboxEntry[]): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const rows = await tx.query<{ event_id: string }[]>(
      `INSERT INTO inbox (event_id, topic, partition, "offset", subscription_id, sequence, replay_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[], $5::uuid[], $6::bigint[], $7::uuid[])
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id`,
      [
        entries.map((e) => e.eventId),
        entries.map((e) => e.topic),
        entries.map((e) => e.partition),
        entries.map((e) => e.offset),
        entries.map((e) => e.subscriptionId),
        entries.map((e) => e.sequence),
        entries.map((e) => e.replayId),
      ],
    );
    return new Set(rows.map((row) => row.event_id));
  }

  /** The stored records of these permits, locked until the transaction ends (in one order, so batches never deadlock). */
  async lockPermits(tx: EntityManager, permitNos: readonly string[]): Promise<Map<string, PermitRecord>> {
    if (permitNos.length === 0) return new Map();
    const rows = await tx.query<PermitRecord[]>(
      `SELECT ${SELECT_RECORD} FROM work_permits WHERE permit_no = ANY($1::text[]) ORDER BY permit_no FOR UPDATE`,
      [[...new Set(permitNos)]],
    );
    return new Map(rows.map((row) => [row.permitNo, row]));
  }

  /** Inserts or updates each record; a stored record made from a later event is kept. */
  async savePermits(tx: EntityManager, records: readonly PermitRecord[]): Promise<void> {
    if (records.length === 0) return;
    await tx.query(
      `INSERT INTO work_permits (${COLUMNS.map(([column]) => column).join(', ')})
       SELECT * FROM unnest(${UNNEST})
       ON CONFLICT (permit_no) DO UPDATE SET ${UPDATE_SET}, recorded_at = now()
       WHERE work_permits.event_time <= EXCLUDED.event_time`,
      COLUMNS.map(([, property]) => records.map((record) => record[property])),
    );
  }
}
