import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubConfig } from '../../config/hub-config.js';
import type { ConsoleRole } from '../operators/console-operator.js';
import { tokenHash } from './session-token.js';

interface SessionOperatorRow {
  username: string;
  display_name: string;
  role: ConsoleRole;
}

/** Console sessions in PostgreSQL, by the hash of their token; idle and absolute expiry checked in the query that finds them. */
@Injectable()
export class ConsoleSessionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
  ) {}

  async open(username: string, token: string, remoteAddress: string | undefined): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO console_sessions (token_hash, username, expires_at, remote_address)
         VALUES ($1, $2, now() + make_interval(hours => $3), $4)`,
        [tokenHash(token), username, this.config.CONSOLE_SESSION_MAX_HOURS, remoteAddress ?? null],
      );
      await tx.query('UPDATE console_operators SET last_login_at = now() WHERE username = $1', [username]);
    });
  }

  /** The session's operator, the session kept alive; undefined when the session is unknown, ended, idle too long, past its end or its operator disabled. */
  async touch(token: string): Promise<{ username: string; displayName: string; role: ConsoleRole } | undefined> {
    const [rows] = await this.dataSource.query<[SessionOperatorRow[], number]>(
      `UPDATE console_sessions s SET last_seen_at = now()
         FROM console_operators o
        WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(mins => $2)
          AND o.username = s.username AND o.status = 'active'
        RETURNING o.username, o.display_name, o.role`,
      [tokenHash(token), this.config.CONSOLE_SESSION_IDLE_MINUTES],
    );
    const row = rows[0];
    return row && { username: row.username, displayName: row.display_name, role: row.role };
  }

  async end(token: string): Promise<void> {
    await this.dataSource.query('UPDATE console_sessions SET ended_at = now() WHERE token_hash = $1 AND ended_at IS NULL', [
      tokenHash(token),
    ]);
  }
}
