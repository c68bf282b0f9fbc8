import type { EntityManager } from 'typeorm';

/** A client certificate as admins see it (the PEM is public; the private key never reaches the hub). */
export interface CertificateSummary {
  readonly serial: string;
  readonly agencyId: string;
  readonly fingerprintSha256: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly status: 'active' | 'revoked';
  readonly issuedAt: string;
  readonly revokedAt: string | null;
  readonly revokedReason: string | null;
}

const COLUMNS = `serial, agency_id AS "agencyId", fingerprint_sha256 AS "fingerprintSha256",
  to_json(not_before) #>> '{}' AS "notBefore", to_json(not_after) #>> '{}' AS "notAfter", status,
  to_json(issued_at) #>> '{}' AS "issuedAt", to_json(revoked_at) #>> '{}' AS "revokedAt", revoked_reason AS "revokedReason"`;

export async function insertCertificate(
  db: EntityManager,
  certificate: { serial: string; agencyId: string; fingerprintSha256: string; pem: string; notBefore: Date; notAfter: Date },
): Promise<CertificateSummary> {
  const rows = await db.query<CertificateSummary[]>(
    `INSERT INTO agency_certificates (serial, agency_id, fingerprint_sha256, certificate, not_before, not_after)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [
      certificate.serial,
      certificate.agencyId,
      certificate.fingerprintSha256,
      certificate.pem,
      certificate.notBefore.toISOString(),
      certificate.notAfter.toISOString(),
    ],
  );
  return rows[0] as CertificateSummary;
}

export async function certificatesOf(db: EntityManager, agencyId: string): Promise<CertificateSummary[]> {
  return db.query<CertificateSummary[]>(`SELECT ${COLUMNS} FROM agency_certificates WHERE agency_id = $1 ORDER BY issued_at, serial`, [
    agencyId,
  ]);
}

export async function findCertificate(db: EntityManager, agencyId: string, serial: string): Promise<CertificateSummary | undefined> {
  const rows = await db.query<CertificateSummary[]>(`SELECT ${COLUMNS} FROM agency_certificates WHERE agency_id = $1 AND serial = $2`, [
    agencyId,
    serial,
  ]);
  return rows[0];
}

/** Revokes an active certificate; undefined when the agency has no active certificate with this serial. */
export async function revokeCertificate(
  db: EntityManager,
  agencyId: string,
  serial: string,
  reason: string,
): Promise<CertificateSummary | undefined> {
  // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count] rather than rows.
  const rows = await db.query<CertificateSummary[]>(
    `WITH revoked AS (
       UPDATE agency_certificates SET status = 'revoked', revoked_at = now(), revoked_reason = $3
        WHERE agency_id = $1 AND serial = $2 AND status = 'active' RETURNING *)
     SELECT ${COLUMNS} FROM revoked`,
    [agencyId, serial, reason],
  );
  return rows[0];
}
