import { statfsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Disk a preloaded event takes on the database server, rounded up from a measured preload (an event
 * with its envelope, its delivery and its audit row, with their indexes: about 2.8 KB) to leave
 * room for the write-ahead log written on the way.
 */
export const BYTES_PER_STORED_EVENT = 6_000;
/** Events per preload transaction: large enough that statements, not commits, dominate; small enough to show progress. */
const CHUNK = 250_000;

/**
 * Refuses a preload that would not fit on the database server's disk, before anything runs. The
 * server's data directory is read from PostgreSQL; when it is not on this machine the check is
 * skipped with a warning (the database then stops the preload itself if it runs out).
 */
export async function checkStoredFits(serverUrl: string, events: number, warn: (text: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  let dataDirectory: string | undefined;
  try {
    dataDirectory = (await client.query<{ dir: string }>(`SELECT current_setting('data_directory') AS dir`)).rows[0]?.dir;
  } catch {
    dataDirectory = undefined;
  } finally {
    await client.end();
  }
  let free: number;
  try {
    const disk = statfsSync(dataDirectory ?? '');
    free = disk.bavail * disk.bsize;
  } catch {
    warn(
      `cannot see the database server's disk (data directory ${dataDirectory ?? 'not readable'}); the free space for --stored was not checked`,
    );
    return;
  }
  const needed = events * BYTES_PER_STORED_EVENT;
  if (needed > free) {
    const gib = (bytes: number): string => (bytes / 2 ** 30).toFixed(1);
    throw new Error(
      `--stored ${events} needs about ${gib(needed)} GiB on the database server's disk (${dataDirectory}), ` +
        `but only ${gib(free)} GiB are free; free some space or store fewer events (at most about ${Math.floor(free / BYTES_PER_STORED_EVENT)})`,
    );
  }
}

/** What the preload wrote: rows per table, and the hub database's size afterwards. */
export interface Preloaded {
  readonly seconds: number;
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * Preloads `events` events into the hub's database as a long-running hub would hold them, cloned in
 * SQL from one event the hub stored and delivered to `subscriptionId` (generate_series, no HTTP):
 *
 * - `events`: a new id (a version-4 UUID, also in the envelope), its own subject (three events per
 *   person) and correlation id, received over the 24 hours before now;
 * - `subscription_deliveries`: each one numbered on in the subscription's sequence, which advances
 *   past them, as though they had been dispatched and delivered;
 * - `audit_log`: the template's `event.published` audit row, once per event, appended as leaves and
 *   sealed into the hash chain by the sequencer's own function in the same transaction, so the chain
 *   stays whole.
 *
 * Not preloaded: outbox rows (the relay deletes them once published, so a hub at rest has none);
 * the batched `event.dispatched` audit rows (one per forty deliveries; they name no
 * single event, so cloning them is not meaningful); and the adapter's own tables: the benchmark
 * measures the hub's growth, and the adapter's sequence mark is moved past the preloaded
 * deliveries so it does not wait for them as a gap.
 */
export async function preloadStoredEvents(
  hubUrl: string,
  psbUrl: string,
  events: number,
  subscriptionId: string,
  progress: (text: string) => void,
): Promise<Preloaded> {
  const started = performance.now();
  const hub = new pg.Client({ connectionString: hubUrl });
  await hub.connect();
  try {
    const template = (
      await hub.query<{ id: string }>(
        `SELECT e.id FROM events e JOIN subscription_deliveries d ON d.event_id = e.id AND d.subscription_id = $1
          ORDER BY e.received_at DESC LIMIT 1`,
        [subscriptionId],
      )
    ).rows[0]?.id;
    if (!template) throw new Error(`no event delivered to subscription ${subscriptionId} to preload from; run the slice first`);
    const seed = randomBytes(8).toString('hex');
    // A version-4 UUID from (seed, n): the statements for one event agree on it without a lookup.
    const idOf = (n: string): string => `overlay(overlay(md5('${seed}:' || ${n}) placing '4' from 13) placing '8' from 17)::uuid`;
    // The template's subject with its tail numbered: three events per person, spread over the index.
    const subjectOf = (n: string): string => `left(t.subject, greatest(length(t.subject) - 12, 0)) || lpad(to_hex(${n} / 3), 12, '0')`;
    const spanSeconds = 24 * 3600;
    /** Where the preload's time goes, by table. */
    const milliseconds: Record<string, number> = {};
    for (let from = 1; from <= events; from += CHUNK) {
      const to = Math.min(events, from + CHUNK - 1);
      await hub.query('BEGIN');
      const timed = async (table: string, sql: string, values: unknown[]): Promise<void> => {
        const at = performance.now();
        await hub.query(sql, values);
        milliseconds[table] = (milliseconds[table] ?? 0) + (performance.now() - at);
      };
      await timed(
        'events',
        `INSERT INTO events (id, type, contract_version, agency, region, subject, occurred_at, received_at, correlation_id, content_hash, envelope)
         SELECT ${idOf('n')}, t.type, t.contract_version, t.agency, t.region,
                ${subjectOf('n')},
                now() - make_interval(secs => $4::float8 * ($3::bigint - n) / $3::bigint) - interval '1 day',
                now() - make_interval(secs => $4::float8 * ($3::bigint - n) / $3::bigint),
                'preload-' || n, t.content_hash, jsonb_set(t.envelope, '{id}', to_jsonb(${idOf('n')}::text))
           FROM events t, generate_series($1::bigint, $2::bigint) AS n
          WHERE t.id = $5::uuid`,
        [from, to, events, spanSeconds, template],
      );
      await timed(
        'subscription_deliveries',
        `WITH counter AS (
           UPDATE subscriptions SET next_sequence = next_sequence + ($2::bigint - $1::bigint + 1) WHERE id = $3::uuid
           RETURNING next_sequence - ($2::bigint - $1::bigint + 1) AS first
         )
         INSERT INTO subscription_deliveries (subscription_id, sequence, event_id, subject, channels, contract_version,
                                              policy_version, projection, purpose, routed_at)
         SELECT t.subscription_id, counter.first + (n - $1::bigint), ${idOf('n')}, ${subjectOf('n')}, t.channels, t.contract_version,
                t.policy_version, t.projection, t.purpose, now() - make_interval(secs => $6::float8 * ($5::bigint - n) / $5::bigint)
           FROM subscription_deliveries t, counter, generate_series($1::bigint, $2::bigint) AS n
          WHERE t.subscription_id = $3::uuid AND t.event_id = $4::uuid`,
        [from, to, subscriptionId, template, events, spanSeconds],
      );
      // As leaves, sealed into the chain in this transaction by the audit sequencer's own function.
      await timed(
        'audit_log',
        `INSERT INTO audit_leaves (actor, action, purpose, event_id, detail)
         SELECT t.actor, t.action, t.purpose, ${idOf('n')}, t.detail
           FROM audit_trail t, generate_series($1::bigint, $2::bigint) AS n
          WHERE t.event_id = $3::uuid AND t.action = 'event.published'
          ORDER BY n`,
        [from, to, template],
      );
      // In the sequencer's own batch size: the sealing function's loop over one batch's array slows down
      // sharply with the batch's length.
      for (;;) {
        const at = performance.now();
        const sealed = await hub.query<{ sealed: string }>('SELECT sealed::text FROM hub_audit_seal_leaves($1)', [5_000]);
        milliseconds['audit_log'] = (milliseconds['audit_log'] ?? 0) + (performance.now() - at);
        if (Number(sealed.rows[0]?.sealed ?? 0) === 0) break;
      }
      await hub.query('COMMIT');
      const split = Object.entries(milliseconds).map(([table, ms]) => `${table} ${(ms / 1000).toFixed(1)} s`);
      progress(`  preloaded ${to} of ${events} events (${((performance.now() - started) / 1000).toFixed(0)} s: ${split.join(', ')})`);
    }
    await advanceAdapterSequence(psbUrl, subscriptionId, events);
    // A hub that grew to this size has had its tables vacuumed and analyzed by autovacuum long ago.
    await hub.query('VACUUM ANALYZE events, subscription_deliveries, audit_log');
    const rows = await tableRows(hub);
    return { seconds: (performance.now() - started) / 1000, rows };
  } catch (error) {
    await hub.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await hub.end();
  }
}

async function advanceAdapterSequence(psbUrl: string, subscriptionId: string, events: number): Promise<void> {
  const psb = new pg.Client({ connectionString: psbUrl });
  await psb.connect();
  try {
    await psb.query('UPDATE subscription_sequences SET through = through + $2 WHERE subscription_id = $1', [subscriptionId, events]);
  } finally {
    await psb.end();
  }
}

/** Rows (estimated by the statistics VACUUM ANALYZE just refreshed) and bytes on disk of the tables that grow. */
async function tableRows(hub: pg.Client): Promise<Record<string, number>> {
  const result = await hub.query<{ name: string; rows: string; bytes: string }>(
    `SELECT c.relname AS name, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
       FROM pg_class c
      WHERE c.relkind IN ('r', 'p') AND c.relname IN ('events', 'subscription_deliveries', 'audit_log')`,
  );
  const figures: Record<string, number> = {};
  for (const row of result.rows) {
    figures[`${row.name}Rows`] = Number(row.rows);
    figures[`${row.name}MiB`] = Math.round(Number(row.bytes) / 2 ** 20);
  }
  // The outbox is not vacuumed here, so its statistics may be unset: count it (a hub at rest has few rows).
  figures['outboxRows'] = Number((await hub.query<{ n: string }>('SELECT count(*) AS n FROM outbox')).rows[0]?.n ?? 0);
  figures['databaseMiB'] = Math.round(
    Number((await hub.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes')).rows[0]?.bytes ?? 0) / 2 ** 20,
  );
  return figures;
}
