import { AuditError, AUDIT_ERROR_CODES } from './audit-errors.js';
import { validateAuditEntry, type AuditEntry } from './audit-entry.js';
import { AUDIT_LOCKS, select, toSeq, type AuditSql } from './audit-store.js';
import { auditDigest, auditTimeSql, isHashAlgorithmAvailable, type AuditHashAlgorithm } from './canonical-encoding.js';

/** A leaf just appended: it joins the chain (gets its seq and hash) when the audit role seals it. */
export interface AppendedAuditLeaf {
  /** The leaf's id in audit_leaves, the order the sequencer seals in. */
  readonly leaf: number;
  /** When the action was recorded, in AUDIT_TIME_FORMAT; the sealed row keeps it. */
  readonly at: string;
}

/**
 * Appends audit entries in the caller's transaction (pass the transaction's EntityManager or
 * QueryRunner; a DataSource or `dataSource.manager` appends in a transaction of its own), as leaves
 * that commit or roll back with it. One statement for the whole batch, in the order given. No chain
 * lock and no hashing here: the audit role's sequencer seals committed leaves into the hash chain
 * within AUDIT_SEAL_EVERY_MS, so concurrent writers never wait for each other.
 */
export async function appendAudit(db: AuditSql, entries: readonly AuditEntry[]): Promise<AppendedAuditLeaf[]> {
  if (entries.length === 0) return [];
  const rows = entries.map((entry, index) => ({ ord: index, ...validateAuditEntry(entry, index) }));
  const appended = await select<{ leaf: string; at: string }>(
    db,
    `${AUDIT_LEAF_INSERT}
     SELECT actor, action, purpose, "eventId", detail::jsonb
       FROM json_to_recordset($1::json) AS e(ord int, actor text, action text, purpose text, "eventId" uuid, detail text)
      ORDER BY ord
     RETURNING id::text AS leaf, ${auditTimeSql('at')} AS at`,
    [JSON.stringify(rows)],
  );
  return appended.map((row) => ({ leaf: toSeq(row.leaf), at: row.at })).sort((a, b) => a.leaf - b.leaf);
}

/** The columns an embedded append of audit leaves names; the database stamps the time. */
export const AUDIT_LEAF_INSERT = 'INSERT INTO audit_leaves (actor, action, purpose, event_id, detail)';

/**
 * A data-modifying CTE that appends one audit leaf per row of `select` from inside a bigger
 * statement (the hub's one-statement publish), without the chain lock. `select` must yield actor,
 * action, purpose, event_id (uuid or NULL) and detail (a jsonb object, no personal identifiers) and
 * should end in ORDER BY, which gives the leaves (and so the sealed rows) a deterministic order. The
 * result has one column, leaf (the leaf's id).
 */
export function auditInsertCte(name: string, select: string): string {
  return `${name} AS (${AUDIT_LEAF_INSERT} ${select} RETURNING id AS leaf)`;
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
 * A rejected statement (an id reused with other content) rolls back its audit leaves with it, so
 * nothing of it reaches the chain.
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
