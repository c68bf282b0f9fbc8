import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { startChain } from '../chain/apply-event.js';
import type { FamilyLinkView, PersonChain, ResidencePermitView } from '../chain/person-chain.types.js';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { PersonChainsRepository } from './person-chains.repository.js';

/** The migrations up to person_permits, so reverting the last one reverts it whatever later releases add. */
const UP_TO_PERSON_PERMITS = LINKAGE_MIGRATIONS.filter((migration) => Number(/\d{13}$/.exec(migration.name)?.[0]) <= 1764900000000);

/** A chain holding `own` residence permits and linked as family to the principals' permits `principals`. */
function chainOf(subject: string, own: readonly string[], principals: readonly string[] = []): PersonChain {
  const chain = startChain(subject);
  const residencePermits = Object.fromEntries(own.map((permitNo) => [permitNo, {} as ResidencePermitView]));
  const familyLinks = principals.map((permitNo) => ({ principalResidencePermitNo: permitNo }) as FamilyLinkView);
  return { ...chain, state: { ...chain.state, residencePermits, familyLinks } };
}

const subject = (letter: string): string => `sub_${letter.repeat(32)}`;
const [ANNA, BORIS, CHEN, DANA] = ['a', 'b', 'c', 'd'].map(subject) as [string, string, string, string];

/**
 * person_permits on a real PostgreSQL: the migration copies the permits already on person_chains and
 * drops the GIN indexes (and brings them back when reverted); the repository keeps the rows equal to
 * each saved chain's permits, and the family look-ups read them.
 */
describe('person_permits', () => {
  let database: MigratedTestDatabase;
  const chains = new PersonChainsRepository();
  const permitRows = async (): Promise<string[]> =>
    (
      await database.dataSource.query<{ row: string }[]>(
        `SELECT permit || ' ' || role || ' ' || subject AS row FROM person_permits ORDER BY permit, role, subject`,
      )
    ).map(({ row }) => row);
  const indexes = async (): Promise<string[]> =>
    (
      await database.dataSource.query<{ name: string }[]>(
        `SELECT indexname AS name FROM pg_indexes WHERE tablename IN ('person_chains', 'person_permits') ORDER BY indexname`,
      )
    ).map(({ name }) => name);

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_person_permits', UP_TO_PERSON_PERMITS);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('copies the permits already stored, drops the GIN family indexes, and reverts', async () => {
    const { dataSource } = database;
    await dataSource.undoLastMigration();
    await dataSource.query(
      `INSERT INTO person_chains (subject, chain, event_count, residence_permits, principal_permits)
       VALUES ($1, '{}', 1, '{R1,R2}', '{}'), ($2, '{}', 1, '{R3}', '{R1}'), ($3, '{}', 1, '{}', '{}')`,
      [ANNA, BORIS, CHEN],
    );
    expect(await indexes()).toContain('person_chains_by_residence_permit');

    await dataSource.runMigrations();
    expect(await permitRows()).toEqual([`R1 holder ${ANNA}`, `R1 principal ${BORIS}`, `R2 holder ${ANNA}`, `R3 holder ${BORIS}`]);
    expect(await indexes()).not.toContain('person_chains_by_residence_permit');
    expect(await indexes()).not.toContain('person_chains_by_principal_permit');
    expect(await indexes()).toEqual(expect.arrayContaining(['person_permits_pkey', 'person_permits_by_subject']));
    await expect(
      dataSource.query(`INSERT INTO person_permits (permit, role, subject) VALUES ('R9', 'spouse', $1)`, [ANNA]),
    ).rejects.toThrow(/person_permits_role/);
    await expect(
      dataSource.query(`INSERT INTO person_permits (permit, role, subject) VALUES ('R9', 'holder', $1)`, [DANA]),
    ).rejects.toThrow(/person_permits_subject_fkey/);

    await dataSource.undoLastMigration();
    expect(await dataSource.query(`SELECT to_regclass('person_permits') AS table`)).toEqual([{ table: null }]);
    expect(await indexes()).toEqual(expect.arrayContaining(['person_chains_by_principal_permit', 'person_chains_by_residence_permit']));
    await dataSource.runMigrations();
    await dataSource.query('DELETE FROM person_chains');
    expect(await permitRows()).toEqual([]);
  });

  it('keeps each saved chain’s permits, and the family look-ups find people by them', async () => {
    const { dataSource } = database;
    await dataSource.transaction(async (tx) => {
      await chains.saveMany(
        tx,
        [chainOf(ANNA, ['R1', 'R2']), chainOf(BORIS, ['R3'], ['R1']), chainOf(CHEN, [], ['R1', 'R3'])],
        '2026-12-01',
      );
      await chains.save(tx, chainOf(DANA, ['R4']), '2026-12-01');
    });
    expect(await permitRows()).toEqual([
      `R1 holder ${ANNA}`,
      `R1 principal ${BORIS}`,
      `R1 principal ${CHEN}`,
      `R2 holder ${ANNA}`,
      `R3 holder ${BORIS}`,
      `R3 principal ${CHEN}`,
      `R4 holder ${DANA}`,
    ]);

    await dataSource.transaction(async (tx) => {
      expect((await chains.familyOf(tx, ['R1'])).map((entry) => entry.subject).sort()).toEqual([ANNA, BORIS, CHEN]);
      expect(await chains.familyOf(tx, ['R3', 'R4'])).toEqual(
        expect.arrayContaining([
          { subject: BORIS, residencePermits: ['R3'], principalPermits: ['R1'] },
          { subject: CHEN, residencePermits: [], principalPermits: ['R1', 'R3'] },
          { subject: DANA, residencePermits: ['R4'], principalPermits: [] },
        ]),
      );
      expect(await chains.familyOf(tx, ['R9'])).toEqual([]);
      expect(await chains.dependantsOf(tx, ['R1', 'R3'], BORIS)).toEqual([CHEN]);
      expect(await chains.dependantsOf(tx, ['R1', 'R2'], 'nobody')).toEqual([BORIS, CHEN]);
      expect(await chains.principalsOf(tx, ['R1', 'R3'], CHEN)).toEqual([ANNA, BORIS]);
      expect(await chains.principalsOf(tx, ['R1'], ANNA)).toEqual([]);
    });

    // Anna's R2 ends and she gains R5; Chen's link to R1 goes; Boris is saved unchanged.
    await dataSource.transaction(async (tx) => {
      await chains.saveMany(tx, [chainOf(ANNA, ['R1', 'R5']), chainOf(BORIS, ['R3'], ['R1']), chainOf(CHEN, [], ['R3'])], '2026-12-02');
    });
    expect(await permitRows()).toEqual([
      `R1 holder ${ANNA}`,
      `R1 principal ${BORIS}`,
      `R3 holder ${BORIS}`,
      `R3 principal ${CHEN}`,
      `R4 holder ${DANA}`,
      `R5 holder ${ANNA}`,
    ]);
    await dataSource.transaction(async (tx) => {
      expect(await chains.dependantsOf(tx, ['R1'], ANNA)).toEqual([BORIS]);
      expect((await chains.familyOf(tx, ['R2'])).map((entry) => entry.subject)).toEqual([]);
    });
  });
});
