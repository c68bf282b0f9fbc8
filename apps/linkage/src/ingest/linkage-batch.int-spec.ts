import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, waitUntil, type MigratedTestDatabase } from '@hub/testing';
import type { EntityManager } from 'typeorm';
import { LinkageRules } from '../decide/linkage-rules.js';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import type { AverageWageTable } from '../rules/average-wages.data.js';
import { aSubject, contractEvent, holderOf } from '../testing/contract-events.fixture.js';
import { PersonChainsRepository } from '../store/person-chains.repository.js';
import { LinkagePipeline } from '../testing/linkage-pipeline.harness.js';
import { TEST_WAGES } from '../testing/rule-context.fixture.js';
import { LINKAGE_DEAD_LETTER_CODES } from './linkage-dead-letters.js';
import type { TransactionRetry } from './retry-transaction.js';

const holder = holderOf('Élodie Marchand', 'E12345678');
const PERMIT = '310000202600001234';

/** A principal's work and residence permits, a child linked to the residence permit, the work permit revoked on 2026-06-15. */
function familyStory(principal: string, child: string, residence: string) {
  return {
    principal: [
      contractEvent(
        'work-permit.issued',
        { permitNo: PERMIT, holder, validFrom: '2026-03-01', validTo: '2028-02-29' },
        { subject: principal, time: '2026-02-20T10:00:00+08:00' },
      ),
      contractEvent(
        'residence-permit.issued',
        { permitNo: residence, holder, workPermitNo: PERMIT, issuedOn: '2026-03-10', validFrom: '2026-03-10', validTo: '2028-02-29' },
        { subject: principal, time: '2026-03-10T10:00:00+08:00' },
      ),
      contractEvent(
        'work-permit.revoked',
        { permitNo: PERMIT, holder, revokedOn: '2026-06-15', reason: 'false-materials' },
        { subject: principal, time: '2026-06-15T16:00:00+08:00' },
      ),
    ],
    linked: contractEvent(
      'residence-permit.family-member-linked',
      { principal: { person: holder, residencePermitNo: residence, relationship: 'child' } },
      { subject: child, time: '2026-03-24T10:00:00+08:00' },
    ),
  };
}

/** A different residence permit number per story, so stories in one database never share a family. */
let permits = 0;
const aResidencePermit = (): string => `R3100002600${String(++permits).padStart(5, '0')}`;

/** A forecast of the family that missed it: only the batch's own chains locked up front, as if every link came later. */
class ForecastMissed extends PersonChainsRepository {
  override async lockAhead(tx: EntityManager, subjects: readonly string[]): Promise<void> {
    await this.lock(tx, subjects);
  }
}

/** Wages whose provincial figures cannot be read: rule 5 fails on anyone with tax years. */
const BROKEN_WAGES: AverageWageTable = {
  ...TEST_WAGES,
  provinces: new Proxy(
    {},
    {
      get: () => {
        throw new Error('the provincial wage table is unreadable');
      },
    },
  ),
};

/**
 * A batch decided at once on the real PostgreSQL: a principal and the family member linked to them
 * in the same batch, or in two transactions at once; a person whose rules fail parked while the
 * rest of the batch commits.
 */
describe('linkage batch', () => {
  let database: MigratedTestDatabase;
  let linkage: LinkagePipeline;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_batch', LINKAGE_MIGRATIONS);
    linkage = new LinkagePipeline(database.dataSource);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function familyOf(subjects: readonly string[]): Promise<Record<string, string[]>> {
    const rows = await database.dataSource.query<{ subject: string; family_subjects: string[] }[]>(
      'SELECT subject, family_subjects FROM person_chains WHERE subject = ANY($1)',
      [subjects],
    );
    return Object.fromEntries(rows.map((row) => [row.subject, row.family_subjects]));
  }

  async function familyReviewsOf(child: string): Promise<unknown[]> {
    return database.dataSource.query(`SELECT kind, rule_id FROM cases WHERE subject = $1 AND kind = 'family-residence-review'`, [child]);
  }

  it('a principal and the child linked to them in one batch: the child gets the family review, each names the other as family', async () => {
    // The principal first in subject order, then the child first.
    const pairs = [[aSubject(), aSubject()].sort(), [aSubject(), aSubject()].sort().reverse()] as [string, string][];
    for (const [principal, child] of pairs) {
      const story = familyStory(principal, child, aResidencePermit());
      await linkage.deliver('2026-06-16', [story.linked, ...story.principal]);

      expect(await familyReviewsOf(child)).toEqual([{ kind: 'family-residence-review', rule_id: 'LNK-08-FAMILY' }]);
      expect(await familyOf([principal, child])).toEqual({ [principal]: [child], [child]: [principal] });
    }
  });

  it('the family link and the principal’s events in two transactions at once: whichever commits second sees the other’s chain', async () => {
    for (let round = 0; round < 4; round++) {
      const [principal, child] = [aSubject(), aSubject()];
      const story = familyStory(principal, child, aResidencePermit());
      await Promise.all([linkage.deliver('2026-06-16', story.principal), linkage.deliver('2026-06-16', [story.linked])]);

      expect(await familyReviewsOf(child)).toEqual([{ kind: 'family-residence-review', rule_id: 'LNK-08-FAMILY' }]);
      // The principal's own family is written when the principal is decided, so only where their batch saw the child.
      expect((await familyOf([child]))[child]).toEqual([principal]);
    }
  });

  it.each([
    [
      'the forecasts of the family miss (the locks taken piecemeal, as when a link is committed between forecast and lock): the deadlock is retried',
      ['deadlock'],
    ],
    ['the family forecast, all locks taken in one order: no deadlock', []],
  ])(
    'two batches of one family at once (a family member’s chain, the family’s permit), the child’s batch when %s; both commit with the right cases',
    async (_when, expectedRetries) => {
      const forecastMissed = expectedRetries.length > 0;
      const [principal, child] = [aSubject(), aSubject()];
      const residence = aResidencePermit();
      const story = familyStory(principal, child, residence);
      await linkage.deliver('2026-06-16', [story.linked]);
      const visa = contractEvent('visa.issued', {}, { subject: child, time: '2026-06-15T09:00:00+08:00' });

      // The child's batch holds the child's chain lock and waits, before it locks the family's permit,
      // until the principal's batch waits for a lock the child's batch holds.
      let paused: () => void = () => undefined;
      const childAtFamilyLock = new Promise<void>((resolve) => (paused = resolve));
      let first = true;
      const pausingChains = new (class extends PersonChainsRepository {
        override async lockAhead(
          tx: EntityManager,
          subjects: readonly string[],
          named: Parameters<PersonChainsRepository['lockAhead']>[2],
        ) {
          // A forecast that missed the family: only the batch's own chains, as if the link came later.
          await (forecastMissed ? this.lock(tx, subjects) : super.lockAhead(tx, subjects, named));
        }

        override async lockFamilies(tx: EntityManager, permits: readonly string[]): Promise<void> {
          if (first) {
            first = false;
            paused();
            await waitUntil('the principal’s batch waiting for a lock', () => advisoryLockWaits().then((n) => n > 0), 30_000, 20);
          }
          await super.lockFamilies(tx, permits);
        }
      })();
      const retries: TransactionRetry[] = [];
      const retry = { onRetry: (r: TransactionRetry) => retries.push(r) };

      const childBatch = linkage.deliver('2026-06-16', [visa], { chains: pausingChains, retry });
      await childAtFamilyLock;
      const principalBatch = linkage.deliver('2026-06-16', story.principal, {
        retry,
        ...(forecastMissed ? { chains: new ForecastMissed() } : {}),
      });
      const [childOutcome, principalOutcome] = await Promise.all([childBatch, principalBatch]);

      expect(retries.map((r) => r.reason)).toEqual(expectedRetries);
      expect(childOutcome.applied).toBe(1);
      expect(principalOutcome.applied).toBe(3);
      expect(await familyReviewsOf(child)).toEqual([{ kind: 'family-residence-review', rule_id: 'LNK-08-FAMILY' }]);
      expect(await linkage.casesOf(principal)).toEqual([expect.objectContaining({ kind: 'residence-review', state: 'open' })]);
      expect((await familyOf([child]))[child]).toEqual([principal]);
      const inbox = await database.dataSource.query<{ event_id: string }[]>(
        'SELECT event_id FROM linkage_inbox WHERE subject = ANY($1) ORDER BY event_id',
        [[principal, child]],
      );
      expect(inbox.map((row) => row.event_id)).toEqual([story.linked.id, visa.id, ...story.principal.map((e) => e.id)].sort());
    },
  );

  async function advisoryLockWaits(): Promise<number> {
    const [row] = await database.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return row?.n ?? 0;
  }

  it('the rules failing on one person park that person’s events; the rest of the batch commits', async () => {
    const broken = new LinkagePipeline(database.dataSource, new LinkageRules(BROKEN_WAGES));
    const [taxed, other] = [aSubject(), aSubject()];
    const taxYear = contractEvent(
      'tax.annual-income-reported',
      {
        reportNo: '310115202025052000124',
        holder,
        taxYear: 2024,
        annualSalary: '900000.00',
        individualIncomeTaxPaid: '190000.00',
        reportedOn: '2025-05-20',
      },
      { subject: taxed, time: '2025-05-20T10:00:00+08:00', region: '310115' },
    );
    const story = familyStory(other, aSubject(), aResidencePermit());

    const outcome = await broken.deliver('2026-06-16', [taxYear, ...story.principal]);

    expect(outcome.deadLettered.map((entry) => entry.errorCode)).toEqual([LINKAGE_DEAD_LETTER_CODES.ruleEvaluationFailed]);
    expect(outcome.deadLettered[0]?.errorMessage).toContain('the provincial wage table is unreadable');
    expect(outcome.applied).toBe(3);
    expect(await database.dataSource.query('SELECT subject FROM person_chains WHERE subject = $1', [taxed])).toEqual([]);
    expect(await database.dataSource.query('SELECT event_id FROM linkage_inbox WHERE subject = $1', [taxed])).toEqual([]);
    expect(await broken.casesOf(other)).toEqual([expect.objectContaining({ kind: 'residence-review', state: 'open' })]);
  });
});
