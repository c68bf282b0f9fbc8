import type pg from 'pg';
import { inBureauTransaction } from './bureau-transaction.js';
import { updatePermit } from './update-permit.js';

/** The bureau revokes a permit (吊销, e.g. a false declaration came to light). */
export async function revokePermit(pool: pg.Pool, permitId: number, reason: string, on: string): Promise<void> {
  await endPermit(pool, permitId, 'REVOKED', reason, on);
}

/** The bureau cancels a permit (注销, e.g. the employment ended). */
export async function cancelPermit(pool: pg.Pool, permitId: number, reason: string, on: string): Promise<void> {
  await endPermit(pool, permitId, 'CANCELLED', reason, on);
}

async function endPermit(pool: pg.Pool, permitId: number, status: 'REVOKED' | 'CANCELLED', reason: string, on: string): Promise<void> {
  await inBureauTransaction(pool, (client) =>
    updatePermit(client, permitId, `status = $2, status_reason = $3, status_changed_on = $4`, [status, reason, on]),
  );
}
