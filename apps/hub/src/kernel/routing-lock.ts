import type { EntityManager } from 'typeorm';

/**
 * Takes the routing lock EXCLUSIVE for the rest of the transaction, as the triggers of the tables
 * routing reads do on their first change (see the AddRoutingVersion migration). Call it first in a
 * transaction that locks a subscription's row before changing it: a publisher holds the lock SHARED
 * while it waits for that row, so taking the row first would deadlock.
 */
export async function lockRoutingForChange(tx: EntityManager): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('hub_routing'))");
}
