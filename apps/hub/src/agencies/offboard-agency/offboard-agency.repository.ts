import type { EntityManager } from 'typeorm';

/** What offboarding withdrew from the agency, as recorded in the audit trail and answered. */
export interface WithdrawnAccess {
  readonly apiKeysRevoked: number;
  readonly certificatesRevoked: number;
  /** Active signing keys retired: they sign nothing new, and still verify what they signed. */
  readonly signingKeysRetired: number;
  readonly subscriptionsEnded: number;
}

/**
 * Revokes the agency's API keys and client certificates, retires its active signing keys and ends
 * (deletes) its subscriptions, in `tx`. Rows already revoked, retired or deleted stay as they are.
 */
export async function withdrawAccess(tx: EntityManager, agencyId: string, reason: string): Promise<WithdrawnAccess> {
  const [row] = await tx.query<Record<keyof WithdrawnAccess, number>[]>(
    `WITH api_keys AS (
       UPDATE agency_api_keys SET status = 'revoked', revoked_at = now()
        WHERE agency_id = $1 AND status = 'active' RETURNING 1),
     certificates AS (
       UPDATE agency_certificates SET status = 'revoked', revoked_at = now(), revoked_reason = $2
        WHERE agency_id = $1 AND status = 'active' RETURNING 1),
     signing_keys AS (
       UPDATE agency_signing_keys SET status = 'retired', retired_at = now()
        WHERE agency_id = $1 AND status = 'active' RETURNING 1),
     subscriptions AS (
       UPDATE subscriptions SET status = 'deleted', updated_at = now()
        WHERE agency = $1 AND status <> 'deleted' RETURNING 1)
     SELECT (SELECT count(*) FROM api_keys)::int AS "apiKeysRevoked",
            (SELECT count(*) FROM certificates)::int AS "certificatesRevoked",
            (SELECT count(*) FROM signing_keys)::int AS "signingKeysRetired",
            (SELECT count(*) FROM subscriptions)::int AS "subscriptionsEnded"`,
    [agencyId, reason],
  );
  return row ?? { apiKeysRevoked: 0, certificatesRevoked: 0, signingKeysRetired: 0, subscriptionsEnded: 0 };
}
