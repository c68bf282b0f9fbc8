import type { EntityManager } from 'typeorm';
import type { PersonChain } from '../chain/person-chain.types.js';
import { indexChain } from './chain-index.js';

/** One person's stored chain and what the service keeps beside it. */
export interface StoredChain {
  readonly chain: PersonChain;
  readonly residencePermits: readonly string[];
  readonly principalPermits: readonly string[];
}

interface ChainRow {
  chain: PersonChain;
  residence_permits: string[];
  principal_permits: string[];
}

const stored = (row: ChainRow): StoredChain => ({
  chain: row.chain,
  residencePermits: row.residence_permits,
  principalPermits: row.principal_permits,
});

/**
 * `person_chains`: one folded chain per person. Changes to a person's chain are serialised by a
 * transaction-level advisory lock on the subject (a chain may not exist yet, so there is no row to
 * lock), always taken in subject order so two batches never deadlock.
 */
export class PersonChainsRepository {
  async lock(tx: EntityManager, subjects: readonly string[]): Promise<void> {
    if (subjects.length === 0) return;
    // One statement; the subquery's order is the order the locks are taken in.
    await tx.query(
      `SELECT count(pg_advisory_xact_lock(hashtextextended('linkage-chain:' || subject, 0)))
         FROM (SELECT subject FROM unnest($1::text[]) AS subject ORDER BY subject OFFSET 0) AS ordered`,
      [[...new Set(subjects)].sort()],
    );
  }

  async load(tx: EntityManager, subjects: readonly string[]): Promise<Map<string, StoredChain>> {
    if (subjects.length === 0) return new Map();
    const rows = await tx.query<(ChainRow & { subject: string })[]>(
      'SELECT subject, chain, residence_permits, principal_permits FROM person_chains WHERE subject = ANY($1::text[])',
      [[...new Set(subjects)]],
    );
    return new Map(rows.map((row) => [row.subject, stored(row)]));
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
        JSON.stringify(chain),
        index.province,
        index.cardNumbers,
        index.residencePermits,
        index.principalPermits,
        index.nextCheckOn,
        chain.events.length,
      ],
    );
    return { chain, residencePermits: index.residencePermits, principalPermits: index.principalPermits };
  }

  /** Moves the day the chain is next looked at (after it was decided on `asOf` with no new event). */
  async recheck(tx: EntityManager, chain: PersonChain, asOf: string): Promise<void> {
    await tx.query('UPDATE person_chains SET next_check_on = $2 WHERE subject = $1', [chain.subject, indexChain(chain, asOf).nextCheckOn]);
  }

  /** The people whose family links name one of these residence permits (a principal's family), but not `except`. */
  async dependantsOf(tx: EntityManager, residencePermits: readonly string[], except: string): Promise<string[]> {
    if (residencePermits.length === 0) return [];
    const rows = await tx.query<{ subject: string }[]>(
      'SELECT subject FROM person_chains WHERE principal_permits && $1::text[] AND subject <> $2 ORDER BY subject',
      [residencePermits, except],
    );
    return rows.map((row) => row.subject);
  }

  /** The people holding one of these residence permits (a family member's principals), but not `except`. */
  async principalsOf(tx: EntityManager, principalPermits: readonly string[], except: string): Promise<string[]> {
    if (principalPermits.length === 0) return [];
    const rows = await tx.query<{ subject: string }[]>(
      'SELECT subject FROM person_chains WHERE residence_permits && $1::text[] AND subject <> $2 ORDER BY subject',
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
