import pg from 'pg';

/**
 * Held in shared mode by every running relay for as long as it runs, so that the relays can count
 * each other. It is also the key the single relay of earlier releases took exclusively for each
 * batch, so during a rolling upgrade an old relay stands by while a new one runs, and the reverse.
 */
const RELAY_MEMBER_LOCK = 727_001;
/** With a partition number as second key: the lock a relay holds while that partition is its own. */
const RELAY_PARTITION_LOCK = 727_002;

/** One connection of a relay's own that holds its partitions' advisory locks and runs its statements. */
export class PartitionLease {
  private held: number[] = [];
  private lost = false;

  private constructor(private readonly client: pg.Client) {
    // A lost connection has taken its locks with it: the lease is void, and the relay opens another.
    client.on('error', () => {
      this.lost = true;
    });
  }

  /**
   * Connects and joins the relays; undefined while a relay of an earlier release is publishing
   * (it holds the member lock exclusively), so the caller tries again later.
   */
  static async open(databaseUrl: string, applicationName: string): Promise<PartitionLease | undefined> {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: applicationName, keepAlive: true });
    await client.connect();
    const lease = new PartitionLease(client);
    const [joined] = await lease.query<{ joined: boolean }>('SELECT pg_try_advisory_lock_shared($1::bigint) AS joined', [
      RELAY_MEMBER_LOCK,
    ]);
    if (joined?.joined) return lease;
    await lease.close();
    return undefined;
  }

  /** The partitions this relay publishes, ascending. */
  get partitions(): readonly number[] {
    return this.held;
  }

  /** False once the connection failed: its locks are gone, and another relay may hold its partitions. */
  get valid(): boolean {
    return !this.lost;
  }

  /**
   * Takes this relay's share of the partitions: the count in outbox_settings divided among the relays
   * now running, rounded up. Free partitions (a new relay's, or those of a relay whose connection
   * ended) are taken with a try-lock, and a relay holding more than its share lets the surplus go,
   * so a relay that joins gets work on the next round. Called between batches only: a partition is
   * never let go while its records are being sent.
   */
  async rebalance(): Promise<void> {
    const [sizes] = await this.query<{ partitions: number; relays: number }>(
      `SELECT (SELECT relay_partitions FROM outbox_settings) AS partitions,
              (SELECT count(*)::int FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = $1 AND objsubid = 1
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS relays`,
      [RELAY_MEMBER_LOCK],
    );
    const partitions = sizes?.partitions ?? 0;
    const share = Math.ceil(partitions / Math.max(1, sizes?.relays ?? 1));
    const kept = this.held.filter((partition) => partition < partitions).slice(0, share);
    const surplus = this.held.filter((partition) => !kept.includes(partition));
    if (surplus.length > 0) {
      await this.query('SELECT pg_advisory_unlock($1::int, p) FROM unnest($2::int[]) AS p', [RELAY_PARTITION_LOCK, surplus]);
    }
    this.held = kept;
    if (kept.length < share) {
      const taken = await this.query<{ p: number }>(
        `SELECT p FROM generate_series(0, $2::int - 1) AS p
          WHERE p <> ALL($3::int[]) AND pg_try_advisory_lock($1::int, p)
          LIMIT $4`,
        [RELAY_PARTITION_LOCK, partitions, kept, share - kept.length],
      );
      this.held = [...kept, ...taken.map((row) => row.p)].sort((a, b) => a - b);
    }
  }

  /** Runs a statement on the lease's connection; a failure voids the lease (and ends the connection). */
  async query<T>(sql: string, parameters: readonly unknown[]): Promise<T[]> {
    try {
      const result = await this.client.query(sql, [...parameters]);
      return result.rows as T[];
    } catch (error) {
      this.lost = true;
      await this.close();
      throw error;
    }
  }

  /** Ends the connection, which releases every lock it held. */
  async close(): Promise<void> {
    this.held = [];
    await this.client.end().catch(() => undefined);
  }
}
