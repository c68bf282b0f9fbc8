import { Injectable } from '@nestjs/common';
import { appendAudit } from '@hub/audit';
import { cursorColumn, pageClauses, toPage, type Page, type PageRequest } from '@hub/delivery';
import { DataSource } from 'typeorm';
import type { PreparedEvent } from '../event-store.port.js';
import { conflictAudit } from '../record-versions/claim-record-versions.js';
import { ConflictAlreadyResolvedError } from '../record-versions/record-versions.errors.js';
import { CONFLICT_COLUMNS, conflictOf, type ConflictRow, type ConflictState, type RecordConflict } from './record-conflict.js';

/** Narrows the conflict list; every given field must hold. */
export interface ConflictFilter {
  readonly state?: ConflictState;
  /** The holding or the incoming agency. */
  readonly agency?: string;
  /** The record's key (`rec_…`, as a conflict shows it). */
  readonly recordKey?: string;
  /** The holding or the incoming agency's own record id. */
  readonly recordId?: string;
}

/** The conflict queue in PostgreSQL: listing, reading, and the keep-current resolution. */
@Injectable()
export class RecordConflictsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, keyset pages (`nextCursor`). */
  async list(filter: ConflictFilter, page: PageRequest): Promise<Page<RecordConflict>> {
    const parameters: unknown[] = [];
    const conditions: string[] = [];
    const add = (sql: (p: string) => string, value: unknown): void => {
      parameters.push(value);
      conditions.push(sql(`$${parameters.length}`));
    };
    if (filter.state !== undefined) add((p) => `d.state = ${p}`, filter.state);
    if (filter.agency !== undefined) add((p) => `(d.held_agency = ${p} OR d.incoming_agency = ${p})`, filter.agency);
    if (filter.recordKey !== undefined) add((p) => `d.record_key = ${p}`, filter.recordKey);
    if (filter.recordId !== undefined) add((p) => `(d.held_record_id = ${p} OR d.incoming_record_id = ${p})`, filter.recordId);
    const { condition, orderAndLimit, limit } = pageClauses(page, 'created_at', parameters);
    if (condition) conditions.push(condition);
    const rows = await this.dataSource.query<(ConflictRow & { page_cursor: string })[]>(
      `SELECT ${CONFLICT_COLUMNS}, ${cursorColumn('created_at')} FROM record_conflicts d
        ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ${orderAndLimit}`,
      parameters,
    );
    return toPage(rows, limit, conflictOf);
  }

  async get(id: string): Promise<RecordConflict | undefined> {
    const [row] = await this.dataSource.query<ConflictRow[]>(`SELECT ${CONFLICT_COLUMNS} FROM record_conflicts d WHERE d.id = $1`, [id]);
    return row ? conflictOf(row) : undefined;
  }

  /** The queued event as the event store needs it (raw identifiers encrypted; no canonical envelope yet). */
  async queuedEvent(id: string): Promise<Omit<PreparedEvent, 'envelope' | 'payload'> | undefined> {
    const [row] = await this.dataSource.query<{ event: Omit<PreparedEvent, 'envelope' | 'payload'> }[]>(
      'SELECT event FROM record_conflicts WHERE id = $1',
      [id],
    );
    return row?.event;
  }

  /**
   * Refuses the incoming change: the holder's version stays, the reason is kept for the publisher;
   * audited under the operator. Idempotent; a conflict accepted meanwhile is not changed.
   */
  async keepCurrent(id: string, actor: string, note: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query<{ state: ConflictState; resolution: string | null; incoming_event_id: string }[]>(
        'SELECT state, resolution, incoming_event_id FROM record_conflicts WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!row || row.state === 'rejected') return;
      if (row.state === 'accepted') throw new ConflictAlreadyResolvedError(id, row.resolution ?? 'accept-incoming');
      await tx.query(
        `UPDATE record_conflicts SET state = 'rejected', resolution = 'keep-current', resolved_by = $2, note = $3, resolved_at = clock_timestamp()
          WHERE id = $1`,
        [id, actor, note],
      );
      await appendAudit(tx, [conflictAudit(actor, 'record.conflict-resolved', row.incoming_event_id, id, { resolution: 'keep-current' })]);
    });
  }
}
