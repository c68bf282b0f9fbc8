import type { EntityManager } from 'typeorm';

/** One stored version of the policy, as written (the document) and by whom. */
export interface PolicyVersionRecord {
  readonly version: number;
  readonly document: Record<string, unknown>;
  /** SHA-256 of the document's canonical JSON (keys sorted), hex. */
  readonly sha256: string;
  readonly changedBy: string;
  readonly changedAt: string;
  readonly reason: string;
}

export type PolicyVersionSummary = Omit<PolicyVersionRecord, 'document'>;

const SUMMARY_COLUMNS = `version, sha256, changed_by AS "changedBy", to_json(changed_at) #>> '{}' AS "changedAt", reason`;

/** Serializes policy changes across hub processes until the transaction ends. */
export async function lockPolicyVersions(db: EntityManager): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtext('hub_policy_versions'))");
}

/** The version in force: the highest stored. */
export async function latestPolicyVersion(db: EntityManager): Promise<PolicyVersionRecord | undefined> {
  const rows = await db.query<PolicyVersionRecord[]>(
    `SELECT ${SUMMARY_COLUMNS}, document FROM policy_versions ORDER BY version DESC LIMIT 1`,
  );
  return rows[0];
}

export async function findPolicyVersion(db: EntityManager, version: number): Promise<PolicyVersionSummary | undefined> {
  const rows = await db.query<PolicyVersionSummary[]>(`SELECT ${SUMMARY_COLUMNS} FROM policy_versions WHERE version = $1`, [version]);
  return rows[0];
}

export async function listPolicyVersions(db: EntityManager): Promise<PolicyVersionSummary[]> {
  return db.query<PolicyVersionSummary[]>(`SELECT ${SUMMARY_COLUMNS} FROM policy_versions ORDER BY version`);
}

export async function insertPolicyVersion(
  db: EntityManager,
  record: { version: number; document: unknown; sha256: string; changedBy: string; reason: string },
): Promise<PolicyVersionSummary> {
  const rows = await db.query<PolicyVersionSummary[]>(
    `INSERT INTO policy_versions (version, document, sha256, changed_by, reason) VALUES ($1, $2::jsonb, $3, $4, $5)
     RETURNING ${SUMMARY_COLUMNS}`,
    [record.version, JSON.stringify(record.document), record.sha256, record.changedBy, record.reason],
  );
  return rows[0] as PolicyVersionSummary;
}
