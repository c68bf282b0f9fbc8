import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HubError } from '@hub/contracts';
import { createDataSource, createTestDatabase } from '@hub/persistence';
import { TEST_DATABASE_SERVER_URL } from '@hub/testing';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { FieldCipher } from './field-cipher.js';
import { decryptEventData, encryptEventData } from './protect-event.js';
import { reencryptColumn, reencryptEventColumn, type RewriteProgress, type SqlQuery } from './reencrypt-column.js';

const K1 = `k1:aes-256-gcm:${randomBytes(32).toString('base64')}`;
const K2 = `k2:sm4-gcm:${randomBytes(16).toString('base64')}`;
/** Before the rotation: only k1. After: k2 (SM4) active, k1 kept to read what is not rotated yet. */
const before = FieldCipher.fromConfig(K1, 'k1');
const after = FieldCipher.fromConfig(`${K1},${K2}`, 'k2');

const passportContext = (id: string): string => `people:${id}:passport_no`;
const passportOf = (id: number): string => `E${String(id).padStart(8, '0')}`;

async function failureOf(action: Promise<unknown>): Promise<HubError> {
  const error: unknown = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HubError);
  return error as HubError;
}

/** Re-encryption against the real PostgreSQL, through pg and through TypeORM. */
describe('reencryptColumn and reencryptEventColumn', () => {
  let database: { url: string; drop: () => Promise<void> };
  let pool: pg.Pool;
  let dataSource: DataSource;
  let viaPg: SqlQuery;
  let viaTypeorm: SqlQuery;

  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_SERVER_URL, 'protection');
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    dataSource = await createDataSource({
      url: database.url,
      applicationName: 'protection-test',
      entities: [],
      migrations: [],
    }).initialize();
    viaPg = (sql, parameters) => pool.query<Record<string, unknown>>(sql, parameters).then((result) => result.rows);
    viaTypeorm = (sql, parameters) => dataSource.query<unknown>(sql, parameters);
  });
  afterAll(async () => {
    await pool?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  /** A fresh `people` table of `count` rows, passport numbers under k1, every 100th NULL. */
  async function peopleTable(count: number): Promise<string> {
    const table = `people_${randomBytes(4).toString('hex')}`;
    await pool.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY, passport_no text, name text NOT NULL DEFAULT 'x')`);
    const ids = Array.from({ length: count }, (_, index) => index + 1);
    const tokens = ids.map((id) => (id % 100 === 0 ? null : before.encrypt(passportOf(id), passportContext(String(id)))));
    await pool.query(`INSERT INTO ${table} (id, passport_no) SELECT * FROM unnest($1::bigint[], $2::text[])`, [ids, tokens]);
    return table;
  }

  async function passports(table: string): Promise<{ id: string; passport_no: string | null }[]> {
    return (
      await pool.query<{ id: string; passport_no: string | null }>(`SELECT id::text AS id, passport_no FROM ${table} ORDER BY ${table}.id`)
    ).rows;
  }

  it('moves every token of a text column to the active key batch by batch, reporting progress, and then finds nothing to do', async () => {
    const table = await peopleTable(1050);
    const reports: RewriteProgress[] = [];
    const target = { query: viaPg, cipher: after, table, idColumn: 'id', column: 'passport_no', context: passportContext, batchSize: 100 };

    const result = await reencryptColumn({ ...target, onProgress: (progress) => reports.push(progress) });

    expect(result).toEqual({ scanned: 1050, rewritten: 1040, unchanged: 10, skipped: 0, lastId: '1050' });
    expect(reports.map((report) => report.scanned)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1050]);
    expect(reports[0]).toEqual({ scanned: 100, rewritten: 99, unchanged: 1, skipped: 0, lastId: '100' });
    for (const row of await passports(table)) {
      if (Number(row.id) % 100 === 0) expect(row.passport_no).toBeNull();
      else {
        expect(row.passport_no).toMatch(/^enc:v1:k2:sm4-gcm:/);
        expect(after.decrypt(row.passport_no ?? '', passportContext(row.id))).toBe(passportOf(Number(row.id)));
      }
    }
    expect(await reencryptColumn(target)).toEqual({ scanned: 1050, rewritten: 0, unchanged: 1050, skipped: 0, lastId: '1050' });
  });

  it('leaves a row that another writer changed between read and write, and picks it up on the next run', async () => {
    const table = await peopleTable(30);
    const writerValue = before.encrypt('E77777777', passportContext('5'));
    let interfered = false;
    const racing: SqlQuery = async (sql, parameters) => {
      if (!interfered && sql.includes('UPDATE')) {
        interfered = true;
        await pool.query(`UPDATE ${table} SET passport_no = $1 WHERE id = 5`, [writerValue]);
      }
      return viaPg(sql, parameters);
    };
    const target = { cipher: after, table, idColumn: 'id', column: 'passport_no', context: passportContext };

    expect(await reencryptColumn({ ...target, query: racing })).toMatchObject({ scanned: 30, rewritten: 29, skipped: 1 });
    expect((await passports(table))[4]?.passport_no).toBe(writerValue);

    expect(await reencryptColumn({ ...target, query: viaPg })).toMatchObject({ rewritten: 1, unchanged: 29, skipped: 0 });
    expect(after.decrypt((await passports(table))[4]?.passport_no ?? '', passportContext('5'))).toBe('E77777777');
  });

  it('stops between batches when aborted, keeping the batches done', async () => {
    const table = await peopleTable(50);
    const abort = new AbortController();
    const run = reencryptColumn({
      query: viaPg,
      cipher: after,
      table,
      idColumn: 'id',
      column: 'passport_no',
      context: passportContext,
      batchSize: 20,
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    await expect(run).rejects.toThrow('aborted');
    const rotated = (await passports(table)).filter((row) => row.passport_no?.startsWith('enc:v1:k2:'));
    expect(rotated.map((row) => row.id)).toEqual(Array.from({ length: 20 }, (_, index) => String(index + 1)));
  });

  it('stops at a value that does not decrypt, naming the row but not the value', async () => {
    const table = await peopleTable(10);
    await pool.query(`UPDATE ${table} SET passport_no = $1 WHERE id = 7`, [before.encrypt(passportOf(7), passportContext('8'))]);
    const error = await failureOf(
      reencryptColumn({ query: viaPg, cipher: after, table, idColumn: 'id', column: 'passport_no', context: passportContext }),
    );
    expect(error.code).toBe('FIELD_AUTHENTICATION_FAILED');
    expect(error.message).toMatch(/^Row 7: /);
    expect(error.context).toMatchObject({ rowId: '7', keyId: 'k1' });
    expect(error.message).not.toContain(passportOf(7));
  });

  it('encrypts plain-text rows only when asked', async () => {
    const table = await peopleTable(5);
    await pool.query(`UPDATE ${table} SET passport_no = 'E00000003' WHERE id = 3`);
    const target = { query: viaPg, cipher: after, table, idColumn: 'id', column: 'passport_no', context: passportContext };
    expect((await failureOf(reencryptColumn(target))).code).toBe('FIELD_NOT_ENCRYPTED');
    expect(await reencryptColumn({ ...target, encryptPlaintext: true })).toMatchObject({ rewritten: 5, skipped: 0 });
    expect(after.decrypt((await passports(table))[2]?.passport_no ?? '', passportContext('3'))).toBe('E00000003');
  });

  it('refuses table and column names that are not plain identifiers, unknown tables and wrong column types', async () => {
    const table = await peopleTable(1);
    const target = { query: viaPg, cipher: after, table, idColumn: 'id', column: 'passport_no', context: passportContext };
    for (const wrong of [
      { table: `${table}; DROP TABLE ${table}` },
      { column: 'passport_no"' },
      { table: 'a.b.c' },
      { table: 'no_such_table' },
      { column: 'no_such_column' },
      { batchSize: 0 },
    ]) {
      expect((await failureOf(reencryptColumn({ ...target, ...wrong }))).code).toBe('FIELD_REENCRYPT_TARGET_INVALID');
    }
    expect((await failureOf(reencryptEventColumn({ query: viaPg, cipher: after, table, column: 'passport_no' }))).message).toContain(
      'this helper needs jsonb',
    );
    expect(await passports(table)).toHaveLength(1);
  });

  describe('on an event store (TypeORM)', () => {
    const envelopeOf = (id: string, n: number) => ({
      specversion: '1.0',
      id,
      type: n % 2 === 0 ? 'permanent-residence.approved' : 'work-permit.issued',
      data: {
        cardNo: `9312501988041200${String(n % 100).padStart(2, '0')}`,
        holder: { passportNo: passportOf(n), nationality: 'FRA', birthDate: '1988-04-12', name: `Person ${n}` },
      },
    });

    it('rotates the raw identifiers inside stored envelopes, and encrypts legacy plain-text envelopes when asked', async () => {
      await dataSource.query('CREATE TABLE events (id uuid PRIMARY KEY, type text NOT NULL, envelope jsonb NOT NULL)');
      const originals = Array.from({ length: 120 }, (_, n) => envelopeOf(n === 0 ? randomUUID().toUpperCase() : randomUUID(), n));
      const stored = originals.map((envelope, n) => (n % 3 === 0 ? envelope : encryptEventData(before, envelope)));
      await dataSource.query(
        `INSERT INTO events (id, type, envelope) SELECT id, type, envelope FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, type text, envelope jsonb)`,
        [JSON.stringify(stored.map((envelope) => ({ id: envelope.id, type: envelope.type, envelope })))],
      );

      expect((await failureOf(reencryptEventColumn({ query: viaTypeorm, cipher: after, batchSize: 50 }))).code).toBe('FIELD_NOT_ENCRYPTED');
      const result = await reencryptEventColumn({ query: viaTypeorm, cipher: after, batchSize: 50, encryptPlaintext: true });
      expect(result.skipped).toBe(0);
      expect(result.scanned).toBe(120);

      const rows = await dataSource.query<{ envelope: (typeof stored)[number] }[]>('SELECT envelope FROM events');
      const byId = new Map(originals.map((envelope) => [envelope.id, envelope]));
      for (const { envelope } of rows) {
        expect(envelope.data.holder.passportNo).toMatch(/^enc:v1:k2:sm4-gcm:/);
        if (envelope.type.startsWith('permanent-residence.')) expect(envelope.data.cardNo).toMatch(/^enc:v1:k2:/);
        else expect(envelope.data.cardNo).not.toMatch(/^enc:/);
        expect(decryptEventData(after, envelope)).toEqual(byId.get(envelope.id));
      }
      expect(await reencryptEventColumn({ query: viaTypeorm, cipher: after })).toMatchObject({
        scanned: 120,
        rewritten: 0,
        unchanged: 120,
      });
    });

    it('refuses an envelope stored under another event id', async () => {
      await dataSource.query('CREATE TABLE moved_events (id uuid PRIMARY KEY, envelope jsonb NOT NULL)');
      const envelope = encryptEventData(before, envelopeOf(randomUUID(), 1));
      const rowId = randomUUID();
      await dataSource.query('INSERT INTO moved_events (id, envelope) VALUES ($1, $2)', [rowId, JSON.stringify(envelope)]);
      const error = await failureOf(reencryptEventColumn({ query: viaTypeorm, cipher: after, table: 'moved_events' }));
      expect(error.code).toBe('FIELD_AUTHENTICATION_FAILED');
      expect(error.context).toMatchObject({ rowId });
    });
  });
});
