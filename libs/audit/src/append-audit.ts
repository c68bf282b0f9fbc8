import { AuditError, AUDIT_ERROR_CODES } from './audit-errors.js';
import { validateAuditEntry, type AuditEntry } from './audit-entry.js';
import { AUDIT_LOCKS, select, toSeq, type AuditSql } from './audit-store.js';
import { auditDigest, auditTimeSql, isHashAlgorithmAvailable, type AuditHashAlgorithm } from './canonical-encoding.js';

/** Where a row landed in the chain. */
export interface AppendedAuditRow {
  readonly seq: number;
  /** In AUDIT_TIME_FORMAT. */
  readonly at: string;
  /** Hex. */
  readonly hash: string;
}

/**
 * Appends audit rows in the caller's transaction (pass the transaction's EntityManager or
 * QueryRunner; a DataSource or `dataSource.manager` appends in a transaction of its own). One
 * statement for the whole batch; the database's sealing trigger assigns seq, time and hashes, in
 * the order given.
 *
 * The first appended row takes the chain lock, held until the transaction ends: other appenders
 * wait, so append as the LAST write before committing, and keep the transaction short.
 */
export async function appendAudit(db: AuditSql, entries: readonly AuditEntry[]): Promise<AppendedAuditRow[]> {
  if (entries.length === 0) return [];
  const rows = entries.map((entry, index) => ({ ord: index, ...validateAuditEntry(entry, index) }));
  const appended = await select<{ seq: string; at: string; hash: string }>(
    db,
    `INSERT INTO audit_log (actor, action, purpose, event_id, detail)
     SELECT actor, action, purpose, "eventId", detail::jsonb
       FROM json_to_recordset($1::json) AS e(ord int, actor text, action text, purpose text, "eventId" uuid, detail text)
      ORDER BY ord
     RETURNING seq::text, ${auditTimeSql('at')} AS at, encode(hash, 'hex') AS hash`,
    [JSON.stringify(rows)],
  );
  return appended.map((row) => ({ seq: toSeq(row.seq), at: row.at, hash: row.hash })).sort((a, b) => a.seq - b.seq);
}

/** The columns an embedded `INSERT INTO audit_log` names; the trigger fills in the rest. */
export const AUDIT_LOG_INSERT = 'INSERT INTO audit_log (actor, action, purpose, event_id, detail)';

/**
 * A data-modifying CTE that appends one audit row per row of `select` from inside a bigger
 * statement (the hub's one-statement publish). `select` must yield actor, action, purpose,
 * event_id (uuid or NULL) and detail (a jsonb object, no personal identifiers) and should end in
 * ORDER BY: the sort makes the CTEs it reads from (e.g. the events insert) run to completion
 * before the first audit row takes the chain lock, so the statement never waits on another
 * transaction while holding it, and the rows get a deterministic order. The result has one
 * column, seq.
 */
export function auditInsertCte(name: string, select: string): string {
  return `${name} AS (${AUDIT_LOG_INSERT} ${select} RETURNING seq)`;
}

/**
 * The audit CTE for the hub's publish statement (event-store.repository.ts): one `event.published`
 * row per newly stored event, attributed to its agency, skipping duplicates. Add it after the
 * `inserted` CTE and pass the purpose tag as parameter `purposeParameter` (e.g. `$3`):
 *
 *   WITH input AS (…), inserted AS (… RETURNING id), queued AS (…), notified AS (…),
 *        ${publishAuditCte('$3')}
 *   SELECT …, (SELECT count(*) FROM audited) AS audited
 *
 * A rejected statement (an id reused with other content) rolls back its audit rows with it, and
 * leaves no hole in the sequence.
 */
export function publishAuditCte(purposeParameter: string): string {
  return auditInsertCte(
    'audited',
    `SELECT 'agency:' || input.agency, 'event.published', ${purposeParameter}::text, input.id,
            jsonb_build_object('type', input.type, 'contractVersion', input.contract_version, 'region', input.region)
       FROM input JOIN inserted USING (id)
      ORDER BY input.ord`,
  );
}

/**
 * Chooses the chain's hash algorithm; allowed only while the chain is empty (the database refuses
 * afterwards). SM3 needs it in this Node.js and in PostgreSQL's pgcrypto (`CREATE EXTENSION
 * pgcrypto`), both built on OpenSSL 3; the two must agree on a test vector.
 */
export async function setAuditHashAlgorithm(db: AuditSql, algorithm: AuditHashAlgorithm): Promise<void> {
  if (!isHashAlgorithmAvailable(algorithm)) {
    throw new AuditError(
      AUDIT_ERROR_CODES.algorithmUnavailable,
      `Node.js (OpenSSL ${process.versions.openssl}) offers no ${algorithm} hash.`,
    );
  }
  if (algorithm !== 'sha256') {
    const expected = auditDigest(algorithm, Buffer.from('abc')).toString('hex');
    let actual: string | undefined;
    try {
      const [row] = await select<{ digest: string }>(db, `SELECT encode(hub_audit_digest($1, 'abc'::bytea), 'hex') AS digest`, [algorithm]);
      actual = row?.digest;
    } catch (error) {
      throw new AuditError(
        AUDIT_ERROR_CODES.algorithmUnavailable,
        `PostgreSQL cannot compute ${algorithm}: install pgcrypto (CREATE EXTENSION pgcrypto) on a server whose OpenSSL has ${algorithm}.`,
        { algorithm },
        error,
      );
    }
    if (actual !== expected) {
      throw new AuditError(AUDIT_ERROR_CODES.algorithmUnavailable, `PostgreSQL and Node.js disagree on ${algorithm}; refusing to use it.`, {
        algorithm,
      });
    }
  }
  // One statement, so the chain lock covers the update even outside a transaction.
  await db.query('WITH chain_lock AS (SELECT pg_advisory_xact_lock($2)) UPDATE audit_chain SET algorithm = $1 FROM chain_lock', [
    algorithm,
    AUDIT_LOCKS.chain,
  ]);
}
