import type { EntityManager } from 'typeorm';
import { canonicalOrder } from '../chain/apply-event.js';
import type { ChainEvent, ChainState, PersonChain } from '../chain/person-chain.types.js';
import { indexChain } from './chain-index.js';
import { perSubjectSql } from './per-subject.js';

/** One person's stored chain and what the service keeps beside it. */
export interface StoredChain {
  readonly chain: PersonChain;
  readonly residencePermits: readonly string[];
  readonly principalPermits: readonly string[];
}

/** A person's residence permits and the permits of the principals their family links name. */
export interface FamilyEntry {
  readonly subject: string;
  readonly residencePermits: readonly string[];
  readonly principalPermits: readonly string[];
}

interface ChainRow {
  subject: string;
  state: ChainState;
  residence_permits: string[];
  principal_permits: string[];
}

/**
 * A chain's events as a JSON array in SQL, in the chain's order (event time to the millisecond, then
 * id): the facts about the person in `linkage_inbox` (every event folded is recorded there once, in
 * the same transaction; the service's own `linkage.*` conclusions, which it may receive back, are
 * recorded too but never folded), through the arrival `throughArrival` (NULL: all of them).
 */
export const chainEventsSql = (subject: string, throughArrival = 'NULL'): string =>
  `SELECT coalesce(jsonb_agg(i.event ORDER BY date_trunc('milliseconds', i.event_time), i.event_id::text COLLATE "C"), '[]'::jsonb)
     FROM linkage_inbox i
    WHERE i.subject = ${subject} AND ${chainEventFilter('i', throughArrival)}`;

/** Which of a person's inbox rows (`alias`) are their chain's events: no conclusion, arrived through `throughArrival` (NULL: any). */
function chainEventFilter(alias: string, throughArrival: string): string {
  return `${alias}.event_type NOT LIKE 'linkage.%' AND (${throughArrival}::bigint IS NULL OR ${alias}.arrival <= ${throughArrival}::bigint)`;
}

/** What person_chains.chain stores: the state folded; the events stay in linkage_inbox and are read with it. */
function storedJson(chain: PersonChain): { subject: string; state: ChainState } {
  return { subject: chain.subject, state: chain.state };
}

/**
 * `person_chains`: one folded chain per person. The row keeps the chain's state and what is indexed
 * beside it; the chain's events are the person's rows of `linkage_inbox` (written once there, read
 * with the row), so a batch writes each event once and a chain's row stays small however long the
 * chain grows. Changes to a person's chain are serialised by a transaction-level advisory lock on
 * the subject (a chain may not exist yet, so there is no row to lock), always taken in subject
 * order so two batches never deadlock.
 *
 * `eventsThrough` bounds the events read with a chain to the arrivals up to it (null: all); the
 * rebuild, which replays the inbox in arrival order, reads each chain as it stood at that point.
 */
export class PersonChainsRepository {
  constructor(private readonly eventsThrough: () => number | null = () => null) {}

  async lock(tx: EntityManager, subjects: readonly string[]): Promise<void> {
    if (subjects.length === 0) return;
    // One statement; the subquery's order is the order the locks are taken in.
    await tx.query(
      `SELECT count(pg_advisory_xact_lock(hashtextextended('linkage-chain:' || subject, 0)))
         FROM (SELECT subject FROM unnest($1::text[]) AS subject ORDER BY subject COLLATE "C" OFFSET 0) AS ordered`,
      [[...new Set(subjects)].sort()],
    );
  }

  /**
   * Takes, before anything of the batch is read, the locks its family look-ups are expected to need,
   * all in one statement and one global order (every chain lock, then every family lock, each by its
   * key in byte order): the batch's people; the people whose family links name a residence permit
   * they hold or one their new events name (their dependants, locked again by findBatchFamily); and
   * every residence permit they hold, link to or their events name. Taken piecemeal (the batch's
   * chains, then the family's permits, then the dependants' chains) two batches of one family lock
   * each other in opposite orders, and PostgreSQL breaks the deadlock by failing one. What is read
   * here without a lock is only a forecast: a family link committed since is locked where it is
   * found, and a deadlock that then comes about is retried (transactionRetried).
   */
  async lockAhead(
    tx: EntityManager,
    subjects: readonly string[],
    named: { readonly residencePermits: readonly string[]; readonly principalPermits: readonly string[] },
  ): Promise<void> {
    if (subjects.length === 0) return;
    await tx.query(
      `WITH own AS (SELECT residence_permits, principal_permits FROM person_chains WHERE subject = ANY($1::text[])),
            residence AS (SELECT unnest($2::text[]) AS permit UNION SELECT unnest(residence_permits) FROM own),
            permits AS (SELECT permit FROM residence UNION SELECT unnest($3::text[]) UNION SELECT unnest(principal_permits) FROM own),
            dependants AS (SELECT subject FROM person_permits WHERE role = 'principal' AND permit IN (SELECT permit FROM residence)),
            keys AS (SELECT 'linkage-chain:' || subject AS k FROM (SELECT unnest($1::text[]) AS subject UNION SELECT subject FROM dependants) AS people
                     UNION SELECT 'linkage-family:' || permit FROM permits)
       SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT k FROM keys ORDER BY k COLLATE "C" OFFSET 0) AS ordered`,
      [[...new Set(subjects)], [...new Set(named.residencePermits)], [...new Set(named.principalPermits)]],
    );
  }

  /**
   * The people's chains, those stored: each row, and its events read from the inbox (by the inbox's
   * subject index, one person at a time: perSubjectSql) in the chain's order.
   */
  async load(tx: EntityManager, subjects: readonly string[]): Promise<Map<string, StoredChain>> {
    if (subjects.length === 0) return new Map();
    const rows = await tx.query<ChainRow[]>(
      `SELECT subject, chain -> 'state' AS state, residence_permits, principal_permits FROM person_chains WHERE subject = ANY($1::text[])`,
      [[...new Set(subjects)]],
    );
    if (rows.length === 0) return new Map();
    const events = await tx.query<{ subject: string; event: ChainEvent }[]>(
      perSubjectSql('linkage_inbox', 'subject, event', { where: chainEventFilter('t', '$2') }),
      [rows.map((row) => row.subject), this.eventsThrough()],
    );
    const bySubject = new Map<string, ChainEvent[]>(rows.map((row) => [row.subject, []]));
    for (const { subject, event } of events) bySubject.get(subject)?.push(event);
    return new Map(
      rows.map((row) => [
        row.subject,
        {
          chain: { subject: row.subject, events: (bySubject.get(row.subject) ?? []).sort(canonicalOrder), state: row.state },
          residencePermits: row.residence_permits,
          principalPermits: row.principal_permits,
        },
      ]),
    );
  }

  /** Stores the chain (inserted or replaced) with its index as of `asOf`; answers it as stored. */
  async save(tx: EntityManager, chain: PersonChain, asOf: string): Promise<StoredChain> {
    const index = indexChain(chain, asOf);
    await tx.query(
      `INSERT INTO person_chains (subject, chain, province, card_numbers, residence_permits, principal_permits, next_check_on, event_count, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (subject) DO UPDATE SET chain = EXCLUDED.chain, province = EXCLUDED.province, card_numbers = EXCLUDED.card_numbers,
         residence_permits = EXCLUDED.residence_permits, principal_permits = EXCLUDED.principal_permits,
         next_check_on = EXCLUDED.next_check_on, event_count = EXCLUDED.event_count, updated_at = now()`,
      [
        chain.subject,
        JSON.stringify(storedJson(chain)),
        index.province,
        index.cardNumbers,
        index.residencePermits,
        index.principalPermits,
        index.nextCheckOn,
        chain.events.length,
      ],
    );
    await storePermits(tx, [{ subject: chain.subject, ...index }]);
    return { chain, residencePermits: index.residencePermits, principalPermits: index.principalPermits };
  }

  /** Stores the chains (inserted or replaced) with their index as of `asOf`, in one statement; answers them as stored. */
  async saveMany(tx: EntityManager, chains: readonly PersonChain[], asOf: string): Promise<StoredChain[]> {
    if (chains.length === 0) return [];
    const indexed = chains.map((chain) => ({ chain, index: indexChain(chain, asOf) }));
    const records = indexed.map(({ chain, index }) => ({
      subject: chain.subject,
      chain: storedJson(chain),
      province: index.province,
      card_numbers: index.cardNumbers,
      residence_permits: index.residencePermits,
      principal_permits: index.principalPermits,
      next_check_on: index.nextCheckOn,
      event_count: chain.events.length,
    }));
    await tx.query(
      `INSERT INTO person_chains (subject, chain, province, card_numbers, residence_permits, principal_permits, next_check_on, event_count, updated_at)
       SELECT subject, chain, province, card_numbers, residence_permits, principal_permits, next_check_on, event_count, now()
         FROM jsonb_populate_recordset(NULL::person_chains, $1::jsonb)
       ON CONFLICT (subject) DO UPDATE SET chain = EXCLUDED.chain, province = EXCLUDED.province, card_numbers = EXCLUDED.card_numbers,
         residence_permits = EXCLUDED.residence_permits, principal_permits = EXCLUDED.principal_permits,
         next_check_on = EXCLUDED.next_check_on, event_count = EXCLUDED.event_count, updated_at = now()`,
      [JSON.stringify(records)],
    );
    await storePermits(
      tx,
      indexed.map(({ chain, index }) => ({ subject: chain.subject, ...index })),
    );
    return indexed.map(({ chain, index }) => ({
      chain,
      residencePermits: index.residencePermits,
      principalPermits: index.principalPermits,
    }));
  }

  /**
   * Serialises family look-ups: a transaction-level advisory lock on each residence permit number,
   * in order. Two transactions, one storing a family link to a permit and one storing the
   * principal's chain with it, take the same lock, so the second one's look-up sees the first's chain.
   */
  async lockFamilies(tx: EntityManager, residencePermits: readonly string[]): Promise<void> {
    if (residencePermits.length === 0) return;
    await tx.query(
      `SELECT count(pg_advisory_xact_lock(hashtextextended('linkage-family:' || permit, 0)))
         FROM (SELECT permit FROM unnest($1::text[]) AS permit ORDER BY permit COLLATE "C" OFFSET 0) AS ordered`,
      [[...new Set(residencePermits)].sort()],
    );
  }

  /** The people holding one of these residence permits or linked to one as family, with their permits. */
  async familyOf(tx: EntityManager, residencePermits: readonly string[]): Promise<FamilyEntry[]> {
    if (residencePermits.length === 0) return [];
    const rows = await tx.query<{ subject: string; residence_permits: string[]; principal_permits: string[] }[]>(
      `SELECT subject, residence_permits, principal_permits FROM person_chains
        WHERE subject IN (SELECT subject FROM person_permits WHERE permit = ANY($1::text[]))`,
      [[...new Set(residencePermits)]],
    );
    return rows.map((row) => ({ subject: row.subject, residencePermits: row.residence_permits, principalPermits: row.principal_permits }));
  }

  /** Moves the day each chain is next looked at (after it was decided on `asOf` with no new event), in one statement. */
  async recheckMany(tx: EntityManager, chains: readonly PersonChain[], asOf: string): Promise<void> {
    if (chains.length === 0) return;
    await tx.query(
      `UPDATE person_chains SET next_check_on = r.day FROM unnest($1::text[], $2::date[]) AS r (subject, day)
        WHERE person_chains.subject = r.subject`,
      [chains.map((chain) => chain.subject), chains.map((chain) => indexChain(chain, asOf).nextCheckOn)],
    );
  }

  /** Sets each person's family (the principals and dependants linked to them), in one statement. */
  async setFamilies(tx: EntityManager, families: ReadonlyMap<string, readonly string[]>): Promise<void> {
    if (families.size === 0) return;
    const records = [...families].map(([subject, family]) => ({ subject, family_subjects: [...family].sort() }));
    await tx.query(
      `UPDATE person_chains SET family_subjects = r.family_subjects FROM jsonb_populate_recordset(NULL::person_chains, $1::jsonb) AS r
        WHERE person_chains.subject = r.subject AND person_chains.family_subjects IS DISTINCT FROM r.family_subjects`,
      [JSON.stringify(records)],
    );
  }

  /** Moves the day the chain is next looked at (after it was decided on `asOf` with no new event). */
  async recheck(tx: EntityManager, chain: PersonChain, asOf: string): Promise<void> {
    await tx.query('UPDATE person_chains SET next_check_on = $2 WHERE subject = $1', [chain.subject, indexChain(chain, asOf).nextCheckOn]);
  }

  /** The people whose family links name one of these residence permits (a principal's family), but not `except`. */
  async dependantsOf(tx: EntityManager, residencePermits: readonly string[], except: string): Promise<string[]> {
    if (residencePermits.length === 0) return [];
    const rows = await tx.query<{ subject: string }[]>(
      `SELECT DISTINCT subject FROM person_permits WHERE role = 'principal' AND permit = ANY($1::text[]) AND subject <> $2 ORDER BY subject`,
      [residencePermits, except],
    );
    return rows.map((row) => row.subject);
  }

  /** The people holding one of these residence permits (a family member's principals), but not `except`. */
  async principalsOf(tx: EntityManager, principalPermits: readonly string[], except: string): Promise<string[]> {
    if (principalPermits.length === 0) return [];
    const rows = await tx.query<{ subject: string }[]>(
      `SELECT DISTINCT subject FROM person_permits WHERE role = 'holder' AND permit = ANY($1::text[]) AND subject <> $2 ORDER BY subject`,
      [principalPermits, except],
    );
    return rows.map((row) => row.subject);
  }

  async setFamily(tx: EntityManager, subject: string, family: readonly string[]): Promise<void> {
    await tx.query('UPDATE person_chains SET family_subjects = $2 WHERE subject = $1 AND family_subjects IS DISTINCT FROM $2::text[]', [
      subject,
      [...family].sort(),
    ]);
  }

  /** People with a decision that may change on `asOf` without a new event. */
  async dueForCheck(tx: EntityManager, asOf: string): Promise<string[]> {
    const rows = await tx.query<{ subject: string }[]>(
      'SELECT subject FROM person_chains WHERE next_check_on <= $1::date ORDER BY subject',
      [asOf],
    );
    return rows.map((row) => row.subject);
  }
}

/**
 * Makes `person_permits` hold exactly these people's residence permits (`holder`) and the principals'
 * permits their family links name (`principal`), in one statement: rows no longer named are deleted,
 * new ones inserted, and a person whose permits did not change writes nothing.
 */
async function storePermits(
  tx: EntityManager,
  people: readonly { subject: string; residencePermits: readonly string[]; principalPermits: readonly string[] }[],
): Promise<void> {
  if (people.length === 0) return;
  const permits: string[] = [];
  const roles: string[] = [];
  const subjects: string[] = [];
  for (const person of people) {
    for (const [role, list] of [
      ['holder', person.residencePermits],
      ['principal', person.principalPermits],
    ] as const) {
      for (const permit of list) {
        permits.push(permit);
        roles.push(role);
        subjects.push(person.subject);
      }
    }
  }
  await tx.query(
    `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS w (permit, role, subject)),
          gone AS (DELETE FROM person_permits p WHERE p.subject = ANY($4::text[])
                     AND NOT EXISTS (SELECT 1 FROM wanted w WHERE (w.permit, w.role, w.subject) = (p.permit, p.role, p.subject)))
     INSERT INTO person_permits (permit, role, subject) SELECT permit, role, subject FROM wanted ON CONFLICT DO NOTHING`,
    [permits, roles, subjects, people.map((person) => person.subject)],
  );
}
