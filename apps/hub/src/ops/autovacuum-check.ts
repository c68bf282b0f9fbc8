/** What the warning names: the hub's tables whose rows come and go at the event rate. */
const QUEUE_TABLES = ['outbox', 'audit_leaves', 'webhook_deliveries'] as const;

/**
 * Warns once at start when the database server runs with autovacuum off. The outbox, the audit
 * leaves and the webhook queue take a row per event and lose it again within seconds; without
 * vacuum every deleted row stays in the table and its indexes, so each relay pass and each count
 * reads more of them and the hub slows down as it runs (13 minutes at 1,000 events/s left about 1.5
 * million dead outbox rows, 2 GB). Returns whether it warned.
 */
export async function warnWhenAutovacuumIsOff(
  query: (sql: string) => Promise<readonly Record<string, unknown>[]>,
  warn: (entry: Record<string, unknown>) => void,
): Promise<boolean> {
  const [row] = await query('SHOW autovacuum');
  const value = row?.['autovacuum'];
  const setting = typeof value === 'string' ? value : 'unknown';
  if (setting === 'on') return false;
  warn({
    message: `autovacuum is ${setting} on the hub's database server: ${QUEUE_TABLES.join(', ')} keep every deleted row and the hub slows as it runs; set autovacuum = on (PostgreSQL's default)`,
    setting: 'autovacuum',
    value: setting,
  });
  return true;
}
