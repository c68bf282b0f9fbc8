/** What a console operator may do: `viewer` reads pages; `operator` also acts (redrive, discard, pause, replay, a person's path); `auditor` reads pages and the audit trail. */
export const CONSOLE_ROLES = ['viewer', 'operator', 'auditor'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** Console user names: lower-case letters, digits and . _ -, 2–64 characters. */
export const USERNAME_FORMAT = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** A console operator as the admin API shows it (never the password hash). */
export interface ConsoleOperator {
  readonly username: string;
  readonly displayName: string;
  readonly role: ConsoleRole;
  readonly status: 'active' | 'disabled';
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
}

export interface ConsoleOperatorRow {
  username: string;
  display_name: string;
  role: ConsoleRole;
  status: 'active' | 'disabled';
  created_at: Date;
  last_login_at: Date | null;
}

export const OPERATOR_COLUMNS = 'username, display_name, role, status, created_at, last_login_at';

export function toConsoleOperator(row: ConsoleOperatorRow): ConsoleOperator {
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
  };
}

/** The audit purpose of console account administration and of the console's own actions. */
export const CONSOLE_ADMINISTRATION = 'console-administration';

/** The audit actor of a console operator: `admin:console:<username>`. */
export const consoleActor = (username: string): string => `admin:console:${username}`;
