import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalidCredentials, invalidInput, tooManyLogins } from '../kernel/console.errors.js';
import { USERNAME_FORMAT, type ConsoleRole } from '../operators/console-operator.js';
import { decoyHash, verifyPassword } from '../operators/password-hash.js';
import { ConsoleSessionsRepository } from './console-sessions.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { csrfTokenOf, newSessionToken } from './session-token.js';
import type { SessionView } from './signed-in-operator.js';

interface OperatorRow {
  username: string;
  display_name: string;
  role: ConsoleRole;
  password_hash: string;
  status: 'active' | 'disabled';
}

/**
 * Logs an operator in: checks the password against its scrypt hash (an unknown or disabled user
 * is checked against a decoy hash, so the answer takes as long), refuses while the name or address
 * has too many recent failures, and opens a session.
 */
@Injectable()
export class LogInHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: ConsoleSessionsRepository,
    private readonly throttle: LoginThrottle,
  ) {}

  async logIn(body: unknown, remoteAddress: string | undefined): Promise<SessionView & { token: string }> {
    const { username, password } = credentialsOf(body);
    const address = remoteAddress ?? 'unknown';
    const wait = this.throttle.waitSeconds(username, address);
    if (wait > 0) throw tooManyLogins(wait);
    const [row] = USERNAME_FORMAT.test(username)
      ? await this.dataSource.query<OperatorRow[]>(
          'SELECT username, display_name, role, password_hash, status FROM console_operators WHERE username = $1',
          [username],
        )
      : [];
    const matches = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
    if (!row || !matches || row.status !== 'active') {
      this.throttle.fail(username, address);
      throw invalidCredentials();
    }
    this.throttle.succeed(username);
    const token = newSessionToken();
    await this.sessions.open(row.username, token, remoteAddress);
    return { operator: { username: row.username, displayName: row.display_name, role: row.role }, csrfToken: csrfTokenOf(token), token };
  }
}

function credentialsOf(body: unknown): { username: string; password: string } {
  const value = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { username, password } = value;
  if (typeof username !== 'string' || username.length === 0 || username.length > 64) {
    throw invalidInput('username', 'give the user name (1–64 characters)', '请填写用户名（1–64 个字符）');
  }
  if (typeof password !== 'string' || password.length === 0 || password.length > 200) {
    throw invalidInput('password', 'give the password (1–200 characters)', '请填写密码（1–200 个字符）');
  }
  return { username, password };
}
