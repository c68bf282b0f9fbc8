import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { mergePage, parseAdapterDeadLetterId } from './adapter-dead-letter-items.js';
import { toConsoleDeadLetter, type ConsoleDeadLetter, type DeadLetterRow } from './console-dead-letter.js';
import { AdapterDeadLetters, type AdapterUnavailable } from './adapter-dead-letters.js';
import { deadLetterRowsSql, type DeadLetterQuery } from './dead-letter-query.js';

/** `total` is counted up to this many; a search that matches more says so by answering the cap. */
export const TOTAL_CAP = 10_000;

/** A page of the dead-letters list, and the adapters that did not answer (shown as unavailable, the rest listed). */
export interface DeadLettersPage {
  readonly total: number;
  readonly items: ConsoleDeadLetter[];
  readonly unavailable: AdapterUnavailable[];
}

/**
 * The dead-letters page: the hub's own (webhook and parked Kafka records, from its database) and
 * the agency adapters' (through their APIs), newest first, a page at a time, with the total (the
 * hub's up to TOTAL_CAP, plus the adapters').
 */
@Injectable()
export class ListDeadLettersQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly adapters: AdapterDeadLetters,
  ) {}

  async list(query: DeadLetterQuery, page: { page: number; pageSize: number }): Promise<DeadLettersPage> {
    const offset = (page.page - 1) * page.pageSize;
    if (!this.adapters.configured) {
      const [total, items] = await Promise.all([this.count(query), this.rows(query, offset, page.pageSize)]);
      return { total, items, unavailable: [] };
    }
    const [own, theirs] = await Promise.all([this.count(query), this.adapters.search(query)]);
    // Every hub row of the page lies at most the adapters' count before the page's offset.
    let start = Math.max(0, offset - theirs.items.length);
    let window = await this.rows(query, start, offset + page.pageSize - start);
    if (window.length === 0 && start > 0) {
      start = 0;
      window = await this.rows(query, 0, offset + page.pageSize);
    }
    return {
      total: own + theirs.items.length,
      items: mergePage(window, start, theirs.items, page),
      unavailable: theirs.unavailable,
    };
  }

  /** The ids a bulk action's filter selects (at most TOTAL_CAP, oldest first so each subject's order is kept). */
  async idsOf(query: DeadLetterQuery): Promise<string[]> {
    const parameters: unknown[] = [];
    const [rows, theirs] = await Promise.all([
      this.dataSource.query<{ id: string; dead_at: Date }[]>(
        `SELECT x.id, x.dead_at FROM (${deadLetterRowsSql(query, parameters)}) x ORDER BY x.dead_at, x.id LIMIT ${TOTAL_CAP}`,
        parameters,
      ),
      this.adapters.search(query),
    ]);
    return [...rows.map((row) => ({ id: row.id, deadAt: row.dead_at.toISOString() })), ...theirs.items]
      .sort((a, b) => (a.deadAt === b.deadAt ? 0 : a.deadAt < b.deadAt ? -1 : 1))
      .slice(0, TOTAL_CAP)
      .map((row) => row.id);
  }

  async one(id: string): Promise<ConsoleDeadLetter | undefined> {
    if (parseAdapterDeadLetterId(id)) return (await this.adapters.one(id))?.item;
    const parameters: unknown[] = [];
    const [row] = await this.dataSource.query<DeadLetterRow[]>(deadLetterRowsSql({ ids: [id] }, parameters), parameters);
    return row && toConsoleDeadLetter(row);
  }

  private async rows(query: DeadLetterQuery, offset: number, limit: number): Promise<ConsoleDeadLetter[]> {
    const parameters: unknown[] = [];
    const rows = await this.dataSource.query<DeadLetterRow[]>(
      `SELECT * FROM (${deadLetterRowsSql(query, parameters)}) x ORDER BY x.dead_at DESC, x.id DESC LIMIT ${limit} OFFSET ${offset}`,
      parameters,
    );
    return rows.map(toConsoleDeadLetter);
  }

  private async count(query: DeadLetterQuery): Promise<number> {
    const parameters: unknown[] = [];
    const [count] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM (${deadLetterRowsSql(query, parameters)}) x LIMIT ${TOTAL_CAP}) capped`,
      parameters,
    );
    return count?.n ?? 0;
  }
}

export type { ConsoleDeadLetter } from './console-dead-letter.js';
