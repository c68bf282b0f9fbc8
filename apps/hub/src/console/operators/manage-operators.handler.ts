import { Injectable } from '@nestjs/common';
import { appendAudit } from '@hub/audit';
import { DataSource, type EntityManager } from 'typeorm';
import { AdminConflictError, AdminNotFoundError } from '../../kernel/index.js';
import {
  CONSOLE_ADMINISTRATION,
  OPERATOR_COLUMNS,
  toConsoleOperator,
  type ConsoleOperator,
  type ConsoleOperatorRow,
  type ConsoleRole,
} from './console-operator.js';
import { generatePassword, hashPassword } from './password-hash.js';

/** A new or reset account, with the password when the hub generated it (shown this once). */
export interface OperatorWithPassword extends ConsoleOperator {
  readonly generatedPassword?: string;
}

/**
 * Console accounts for the admin API and the CLI: create, list, disable, reset a password. Every
 * change is audited in its transaction; disabling or resetting ends the operator's open sessions.
 */
@Injectable()
export class ManageOperatorsHandler {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    input: { username: string; displayName: string; role: ConsoleRole; password?: string },
    actor: string,
  ): Promise<OperatorWithPassword> {
    const generated = input.password === undefined ? generatePassword() : undefined;
    const hash = await hashPassword(input.password ?? generated ?? '');
    const row = await this.dataSource.transaction(async (tx) => {
      const [created] = await tx.query<ConsoleOperatorRow[]>(
        `INSERT INTO console_operators (username, display_name, role, password_hash, created_by)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING ${OPERATOR_COLUMNS}`,
        [input.username, input.displayName, input.role, hash, actor],
      );
      if (!created) throw new AdminConflictError(`The console operator ${input.username} exists already; reset its password instead.`);
      await audit(tx, actor, 'console-operator.created', { username: input.username, role: input.role });
      return created;
    });
    return { ...toConsoleOperator(row), ...(generated === undefined ? {} : { generatedPassword: generated }) };
  }

  async list(): Promise<ConsoleOperator[]> {
    const rows = await this.dataSource.query<ConsoleOperatorRow[]>(`SELECT ${OPERATOR_COLUMNS} FROM console_operators ORDER BY username`);
    return rows.map(toConsoleOperator);
  }

  async disable(username: string, actor: string): Promise<ConsoleOperator> {
    return this.dataSource.transaction(async (tx) => {
      const row = await change(tx, username, `status = 'disabled'`, []);
      await endSessions(tx, username);
      await audit(tx, actor, 'console-operator.disabled', { username });
      return toConsoleOperator(row);
    });
  }

  async resetPassword(username: string, password: string | undefined, actor: string): Promise<OperatorWithPassword> {
    const generated = password === undefined ? generatePassword() : undefined;
    const hash = await hashPassword(password ?? generated ?? '');
    const row = await this.dataSource.transaction(async (tx) => {
      const changed = await change(tx, username, `status = 'active', password_hash = $2, password_changed_at = now()`, [hash]);
      await endSessions(tx, username);
      await audit(tx, actor, 'console-operator.password-reset', { username });
      return changed;
    });
    return { ...toConsoleOperator(row), ...(generated === undefined ? {} : { generatedPassword: generated }) };
  }
}

async function change(tx: EntityManager, username: string, assignments: string, parameters: unknown[]): Promise<ConsoleOperatorRow> {
  const [rows] = await tx.query<[ConsoleOperatorRow[], number]>(
    `UPDATE console_operators SET ${assignments}, updated_at = now() WHERE username = $1 RETURNING ${OPERATOR_COLUMNS}`,
    [username, ...parameters],
  );
  const row = rows[0];
  if (!row) throw new AdminNotFoundError(`Console operator ${username}`, 'GET /v1/admin/console-operators lists them.');
  return row;
}

async function endSessions(tx: EntityManager, username: string): Promise<void> {
  await tx.query('UPDATE console_sessions SET ended_at = now() WHERE username = $1 AND ended_at IS NULL', [username]);
}

async function audit(tx: EntityManager, actor: string, action: string, detail: Record<string, string>): Promise<void> {
  await appendAudit(tx, [{ actor, action, purpose: CONSOLE_ADMINISTRATION, detail }]);
}
