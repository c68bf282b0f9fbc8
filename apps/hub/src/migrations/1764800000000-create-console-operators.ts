import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ops console's operators and their sessions. `console_operators`: one row per person, with
 * the role the console grants and the scrypt hash of the password (its parameters stored with it,
 * so they can be raised later without locking anyone out). `console_sessions`: only the SHA-256 of
 * each session token is kept, so a copy of the table opens no session; a session ends when idle for
 * CONSOLE_SESSION_IDLE_MINUTES, at `expires_at`, on logout, or when its operator is disabled.
 */
export class CreateConsoleOperators1764800000000 implements MigrationInterface {
  name = 'CreateConsoleOperators1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE console_operators (
        username      text        PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
        display_name  text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
        role          text        NOT NULL CHECK (role IN ('viewer', 'operator', 'auditor')),
        password_hash text        NOT NULL,
        status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_by    text        NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE console_sessions (
        token_hash   bytea       PRIMARY KEY CHECK (octet_length(token_hash) = 32),
        username     text        NOT NULL REFERENCES console_operators (username),
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        ended_at     timestamptz,
        remote_address text
      )`);
    // Ending every session of an operator (disable, password reset) and listing an operator's sessions.
    await db.query('CREATE INDEX console_sessions_username_idx ON console_sessions (username, created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE console_sessions, console_operators');
  }
}
