import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PermitRecord } from './permit-event.js';

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
  ['source_agency', 'sourceAgency', 'text'],
  ['record_id', 'recordId', 'text'],
  ['record_version', 'recordVersion', 'int'],
  ['first_event_time', 'firstEventTime', 'timestamptz'],
];

const SELECT_RECORD = COLUMNS.map(([column, property, type]) =>
  type === 'int' ? `${column} AS "${property}"` : `to_json(${column}) #>> '{}' AS "${property}"`,
).join(', ');
const UNNEST = COLUMNS.map(([, , type], i) => `$${i + 1}::${type}[]`).join(', ');
const UPDATE_SET = COLUMNS.filter(([column]) => column !== 'permit_no')
  .map(([column]) => `${column} = EXCLUDED.${column}`)
  .join(', ');

/**
 * Public security's work-permit records. Every method runs in the caller's transaction, so the
 * records commit together with the inbox rows of the events that made them (`@hub/agency-kit`).
 */
@Injectable()
export class WorkPermitRecordsRepository {
  /**
   * The stored records of these permits, locked until the transaction ends (in one order, so batches
   * never deadlock). The numbers are passed as `bpchar[]`, the column's own type: compared as `text`,
   * the column would be cast row by row and its primary key never used (a scan of the whole table
   * for every batch).
   */
  async lockPermits(tx: EntityManager, permitNos: readonly string[]): Promise<Map<string, PermitRecord>> {
    if (permitNos.length === 0) return new Map();
    const rows = await tx.query<PermitRecord[]>(
      `SELECT ${SELECT_RECORD} FROM work_permits WHERE permit_no = ANY($1::bpchar[]) ORDER BY permit_no FOR UPDATE`,
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
