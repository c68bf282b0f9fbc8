import type pg from 'pg';

/** Updates one permit row as the bureau's application does: `version` + 1, `updated_at` now. Throws when there is no such permit. */
export async function updatePermit(
  client: pg.PoolClient,
  permitId: number,
  assignments: string,
  values: readonly unknown[],
): Promise<void> {
  const { rowCount } = await client.query(
    `UPDATE fwp.permit SET ${assignments}, version = version + 1, updated_at = now() WHERE permit_id = $1`,
    [permitId, ...values],
  );
  if (rowCount !== 1) throw new Error(`No permit ${permitId} in fwp.permit.`);
}
