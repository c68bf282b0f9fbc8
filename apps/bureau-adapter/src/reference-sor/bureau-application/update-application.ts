import type pg from 'pg';

/**
 * Updates one application row as the bureau's application does: `version` + 1, `updated_at` now
 * (with no assignments, only those: a change to its documents). Throws when there is no such application.
 */
export async function updateApplication(
  client: pg.PoolClient,
  applicationId: number,
  assignments = '',
  values: readonly unknown[] = [],
): Promise<void> {
  const { rowCount } = await client.query(
    `UPDATE fwp.application SET ${assignments ? `${assignments}, ` : ''}version = version + 1, updated_at = now() WHERE application_id = $1`,
    [applicationId, ...values],
  );
  if (rowCount !== 1) throw new Error(`No application ${applicationId} in fwp.application.`);
}
