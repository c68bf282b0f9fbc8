import type { AgencyKind } from '@hub/contracts';
import type { EntityManager } from 'typeorm';
import type { Agency, AgencyStatus, ApiKeySummary, ApiKeyStatus, SigningKey, SigningKeyAlg, SigningKeyStatus } from './agency.js';

/** What every hub process keeps in memory: all agencies, all signing keys, and the active API keys. */
export interface RegistryState {
  readonly agencies: ReadonlyMap<string, Agency>;
  readonly signingKeys: ReadonlyMap<string, SigningKey>;
  /** Active API keys by prefix, with their hash; revoked ones are left out (they authenticate nothing). */
  readonly apiKeys: ReadonlyMap<string, ActiveApiKey>;
}

export interface ActiveApiKey {
  readonly agencyId: string;
  readonly prefix: string;
  readonly hash: string;
  readonly expiresAt: Date | null;
}

const AGENCY_COLUMNS = `id, kind, region, name_zh AS "nameZh", name_en AS "nameEn", contact, status,
  to_json(created_at) #>> '{}' AS "createdAt", to_json(updated_at) #>> '{}' AS "updatedAt"`;
const SIGNING_KEY_COLUMNS = `key_id AS "keyId", agency_id AS "agencyId", alg, public_key AS "publicKey", status,
  to_json(created_at) #>> '{}' AS "createdAt", to_json(retired_at) #>> '{}' AS "retiredAt",
  to_json(revoked_at) #>> '{}' AS "revokedAt", revoked_reason AS "revokedReason"`;
const API_KEY_COLUMNS = `agency_id AS "agencyId", prefix, status, to_json(created_at) #>> '{}' AS "createdAt",
  to_json(expires_at) #>> '{}' AS "expiresAt", to_json(revoked_at) #>> '{}' AS "revokedAt"`;

/** SQLSTATE of a unique violation. */
const UNIQUE_VIOLATION = '23505';

/** Loads the whole registry in one statement, so agencies and keys come from one snapshot. */
export async function loadRegistryState(db: EntityManager): Promise<RegistryState> {
  const [row] = await db.query<
    { agencies: Agency[]; signing_keys: SigningKey[]; api_keys: (ActiveApiKey & { expiresAt: string | null })[] }[]
  >(
    `SELECT
       (SELECT coalesce(json_agg(a), '[]') FROM (SELECT ${AGENCY_COLUMNS} FROM agencies) a) AS agencies,
       (SELECT coalesce(json_agg(k), '[]') FROM (SELECT ${SIGNING_KEY_COLUMNS} FROM agency_signing_keys) k) AS signing_keys,
       (SELECT coalesce(json_agg(k), '[]') FROM (
          SELECT agency_id AS "agencyId", prefix, hash, to_json(expires_at) #>> '{}' AS "expiresAt"
            FROM agency_api_keys WHERE status = 'active') k) AS api_keys`,
  );
  return {
    agencies: new Map((row?.agencies ?? []).map((agency) => [agency.id, agency])),
    signingKeys: new Map((row?.signing_keys ?? []).map((key) => [key.keyId, key])),
    apiKeys: new Map(
      (row?.api_keys ?? []).map((key) => [key.prefix, { ...key, expiresAt: key.expiresAt === null ? null : new Date(key.expiresAt) }]),
    ),
  };
}

export interface NewAgency {
  readonly id: string;
  readonly kind: AgencyKind;
  readonly region: string | null;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly contact: string;
}

/** Inserts an agency; undefined when one with this id exists already. */
export async function insertAgency(db: EntityManager, agency: NewAgency): Promise<Agency | undefined> {
  const rows = await db.query<Agency[]>(
    `INSERT INTO agencies (id, kind, region, name_zh, name_en, contact) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO NOTHING RETURNING ${AGENCY_COLUMNS}`,
    [agency.id, agency.kind, agency.region, agency.nameZh, agency.nameEn, agency.contact],
  );
  return rows[0];
}

export async function listAgencies(db: EntityManager): Promise<Agency[]> {
  return db.query<Agency[]>(`SELECT ${AGENCY_COLUMNS} FROM agencies ORDER BY id`);
}

export async function findAgency(db: EntityManager, id: string): Promise<Agency | undefined> {
  const rows = await db.query<Agency[]>(`SELECT ${AGENCY_COLUMNS} FROM agencies WHERE id = $1`, [id]);
  return rows[0];
}

/** Locks the agency's row for the rest of the transaction (so its keys change one request at a time); undefined when unknown. */
export async function lockAgency(db: EntityManager, id: string): Promise<{ status: AgencyStatus } | undefined> {
  const rows = await db.query<{ status: AgencyStatus }[]>('SELECT status FROM agencies WHERE id = $1 FOR UPDATE', [id]);
  return rows[0];
}

export async function signingKeysOf(db: EntityManager, agencyId: string): Promise<SigningKey[]> {
  return db.query<SigningKey[]>(`SELECT ${SIGNING_KEY_COLUMNS} FROM agency_signing_keys WHERE agency_id = $1 ORDER BY created_at, key_id`, [
    agencyId,
  ]);
}

export async function apiKeysOf(db: EntityManager, agencyId: string): Promise<ApiKeySummary[]> {
  return db.query<ApiKeySummary[]>(`SELECT ${API_KEY_COLUMNS} FROM agency_api_keys WHERE agency_id = $1 ORDER BY created_at, prefix`, [
    agencyId,
  ]);
}

export type InsertOutcome<T> = { readonly inserted: T } | { readonly duplicate: 'keyId' | 'publicKey' | 'prefix' };

export async function insertSigningKey(
  db: EntityManager,
  key: { agencyId: string; keyId: string; alg: SigningKeyAlg; publicKey: string },
): Promise<InsertOutcome<SigningKey>> {
  // A savepoint, so a duplicate does not abort the caller's transaction.
  return insertOrDuplicate(db, async () => {
    const rows = await db.query<SigningKey[]>(
      `INSERT INTO agency_signing_keys (key_id, agency_id, alg, public_key) VALUES ($1, $2, $3, $4) RETURNING ${SIGNING_KEY_COLUMNS}`,
      [key.keyId, key.agencyId, key.alg, key.publicKey],
    );
    return rows[0] as SigningKey;
  });
}

/** Moves a key from one of `from` to `to`; undefined when the agency has no such key in one of those states. */
export async function changeSigningKeyStatus(
  db: EntityManager,
  change: { agencyId: string; keyId: string; from: readonly SigningKeyStatus[]; to: 'retired' | 'revoked'; reason?: string },
): Promise<SigningKey | undefined> {
  // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count] rather than rows.
  const rows = await db.query<SigningKey[]>(
    `WITH changed AS (
       UPDATE agency_signing_keys
          SET status = $4,
              retired_at = CASE WHEN $4 = 'retired' THEN now() ELSE retired_at END,
              revoked_at = CASE WHEN $4 = 'revoked' THEN now() ELSE revoked_at END,
              revoked_reason = CASE WHEN $4 = 'revoked' THEN $5 ELSE revoked_reason END
        WHERE agency_id = $1 AND key_id = $2 AND status = ANY($3::text[])
        RETURNING *)
     SELECT ${SIGNING_KEY_COLUMNS} FROM changed`,
    [change.agencyId, change.keyId, change.from, change.to, change.reason ?? null],
  );
  return rows[0];
}

export async function findSigningKey(db: EntityManager, agencyId: string, keyId: string): Promise<SigningKey | undefined> {
  const rows = await db.query<SigningKey[]>(`SELECT ${SIGNING_KEY_COLUMNS} FROM agency_signing_keys WHERE agency_id = $1 AND key_id = $2`, [
    agencyId,
    keyId,
  ]);
  return rows[0];
}

export async function insertApiKey(
  db: EntityManager,
  key: { id: string; agencyId: string; prefix: string; hash: string; expiresAt: string | null },
): Promise<InsertOutcome<ApiKeySummary>> {
  return insertOrDuplicate(db, async () => {
    const rows = await db.query<ApiKeySummary[]>(
      `INSERT INTO agency_api_keys (id, agency_id, prefix, hash, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${API_KEY_COLUMNS}`,
      [key.id, key.agencyId, key.prefix, key.hash, key.expiresAt],
    );
    return rows[0] as ApiKeySummary;
  });
}

/** Revokes an active API key; undefined when the agency has no active key with this prefix. */
export async function revokeApiKey(db: EntityManager, agencyId: string, prefix: string): Promise<ApiKeySummary | undefined> {
  const rows = await db.query<ApiKeySummary[]>(
    `WITH revoked AS (
       UPDATE agency_api_keys SET status = 'revoked', revoked_at = now()
        WHERE agency_id = $1 AND prefix = $2 AND status = 'active' RETURNING *)
     SELECT ${API_KEY_COLUMNS} FROM revoked`,
    [agencyId, prefix],
  );
  return rows[0];
}

export async function findApiKey(db: EntityManager, agencyId: string, prefix: string): Promise<{ status: ApiKeyStatus } | undefined> {
  const rows = await db.query<{ status: ApiKeyStatus }[]>('SELECT status FROM agency_api_keys WHERE agency_id = $1 AND prefix = $2', [
    agencyId,
    prefix,
  ]);
  return rows[0];
}

async function insertOrDuplicate<T>(db: EntityManager, insert: () => Promise<T>): Promise<InsertOutcome<T>> {
  await db.query('SAVEPOINT registry_insert');
  try {
    const inserted = await insert();
    await db.query('RELEASE SAVEPOINT registry_insert');
    return { inserted };
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code !== UNIQUE_VIOLATION) throw error;
    await db.query('ROLLBACK TO SAVEPOINT registry_insert');
    return {
      duplicate: constraint === 'agency_signing_keys_public_key_key' ? 'publicKey' : constraint?.includes('prefix') ? 'prefix' : 'keyId',
    };
  }
}
