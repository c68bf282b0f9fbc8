import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deadLetterRowsSql, type DeadLetterQuery } from './dead-letter-query.js';

/** A dead letter as the console lists it. */
export interface ConsoleDeadLetter {
  readonly id: string;
  readonly source: 'webhook' | 'kafka';
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

/** `total` is counted up to this many; a search that matches more says so by answering the cap. */
export const TOTAL_CAP = 10_000;

export function toConsoleDeadLetter(row: DeadLetterRow): ConsoleDeadLetter {
  return {
    id: row.id,
    source: row.source,
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

/** The dead-letters page: both sources, newest first, a page at a time, with the total (up to TOTAL_CAP). */
@Injectable()
export class ListDeadLettersQuery {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: DeadLetterQuery, page: { page: number; pageSize: number }): Promise<{ total: number; items: ConsoleDeadLetter[] }> {
    const itemsParameters: unknown[] = [];
    const rowsSql = deadLetterRowsSql(query, itemsParameters);
    const countParameters: unknown[] = [];
    const countSql = deadLetterRowsSql(query, countParameters);
    const [rows, [count]] = await Promise.all([
      this.dataSource.query<DeadLetterRow[]>(
        `SELECT * FROM (${rowsSql}) x ORDER BY x.dead_at DESC, x.id DESC LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`,
        itemsParameters,
      ),
      this.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM (${countSql}) x LIMIT ${TOTAL_CAP}) capped`,
        countParameters,
      ),
    ]);
    return { total: count?.n ?? 0, items: rows.map(toConsoleDeadLetter) };
  }

  /** The ids a bulk action's filter selects (at most TOTAL_CAP, oldest first so each subject's order is kept). */
  async idsOf(query: DeadLetterQuery): Promise<string[]> {
    const parameters: unknown[] = [];
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT x.id FROM (${deadLetterRowsSql(query, parameters)}) x ORDER BY x.dead_at, x.id LIMIT ${TOTAL_CAP}`,
      parameters,
    );
    return rows.map((row) => row.id);
  }

  async one(id: string): Promise<ConsoleDeadLetter | undefined> {
    const parameters: unknown[] = [];
    const [row] = await this.dataSource.query<DeadLetterRow[]>(deadLetterRowsSql({ ids: [id] }, parameters), parameters);
    return row && toConsoleDeadLetter(row);
  }
}
