import type pg from 'pg';
import { inBureauTransaction } from './bureau-transaction.js';
import { registerEmployer, type EmployerInput } from './bureau-parties.js';
import { updatePermit } from './update-permit.js';

/** The holder moved to another employer (变更用人单位): the permit keeps its number, its version rises. */
export async function changeEmployer(pool: pg.Pool, permitId: number, employer: EmployerInput, positionTitle?: string): Promise<void> {
  await inBureauTransaction(pool, async (client) => {
    const employerId = await registerEmployer(client, employer);
    await updatePermit(client, permitId, 'employer_id = $2, position_title = COALESCE($3, position_title)', [
      employerId,
      positionTitle ?? null,
    ]);
  });
}
