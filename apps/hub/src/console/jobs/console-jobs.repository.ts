import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type JobKind = 'redrive' | 'discard';

export interface ConsoleJob {
  readonly id: string;
  readonly kind: JobKind;
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly state: 'running' | 'finished' | 'failed';
  readonly lastError: string | null;
}

interface JobRow {
  id: string;
  kind: JobKind;
  total: number;
  done: number;
  failed: number;
  state: ConsoleJob['state'];
  last_error: string | null;
}

/** Bulk actions' progress in `console_jobs`, readable from any hub process. */
@Injectable()
export class ConsoleJobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async start(kind: JobKind, total: number, startedBy: string): Promise<string> {
    const id = randomUUID();
    await this.dataSource.query('INSERT INTO console_jobs (id, kind, total, started_by) VALUES ($1, $2, $3, $4)', [
      id,
      kind,
      total,
      startedBy,
    ]);
    return id;
  }

  async progress(
    id: string,
    done: number,
    failed: number,
    lastError: string | null,
    state: ConsoleJob['state'] = 'running',
  ): Promise<void> {
    await this.dataSource.query(
      'UPDATE console_jobs SET done = $2, failed = $3, last_error = coalesce($4, last_error), state = $5, updated_at = now() WHERE id = $1',
      [id, done, failed, lastError, state],
    );
  }

  async get(id: string): Promise<ConsoleJob | undefined> {
    const [row] = await this.dataSource.query<JobRow[]>(
      'SELECT id::text, kind, total, done, failed, state, last_error FROM console_jobs WHERE id::text = $1',
      [id],
    );
    return (
      row && {
        id: row.id,
        kind: row.kind,
        total: row.total,
        done: row.done,
        failed: row.failed,
        state: row.state,
        lastError: row.last_error,
      }
    );
  }
}
