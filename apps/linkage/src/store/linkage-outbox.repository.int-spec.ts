import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { LinkageOutboxRepository } from './linkage-outbox.repository.js';

/**
 * The publisher's claim on a real PostgreSQL: rows come back in the order they were written, also
 * where their ids cross a power of ten (as text, row 100 sorts before row 99), and only the waiting ones.
 */
describe('linkage_outbox claim order', () => {
  let database: MigratedTestDatabase;
  const outbox = new LinkageOutboxRepository();

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_outbox_order', LINKAGE_MIGRATIONS);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('gives the waiting rows in id order across 99 → 100 and 999 → 1000, skipping published and refused rows', async () => {
    const written: string[] = [];
    const write = async (count: number): Promise<void> => {
      const events = Array.from({ length: count }, (_, n) => ({
        eventId: randomUUID(),
        eventType: 'linkage.review-required',
        subject: `sub_${String(n % 3).repeat(32)}`,
        event: { n: written.length + n },
      }));
      await database.dataSource.transaction((tx) => outbox.append(tx, events));
      written.push(...events.map((event) => event.eventId));
    };
    await database.dataSource.query(`SELECT setval('linkage_outbox_id_seq', 94)`);
    await write(10); // ids 95 … 104
    await database.dataSource.query(`SELECT setval('linkage_outbox_id_seq', 994)`);
    await write(10); // ids 995 … 1004
    await database.dataSource.query(`UPDATE linkage_outbox SET published_at = now() WHERE id IN (95, 995)`);
    await database.dataSource.query(`UPDATE linkage_outbox SET refused = '{"status":403}' WHERE id = 100`);

    const claimed = await database.dataSource.transaction((tx) => outbox.nextBatch(tx, 100));

    const expectedIds = [...range(96, 104), ...range(996, 1004)].filter((id) => id !== 100);
    expect(claimed.map((row) => row.id)).toEqual(expectedIds);
    expect(claimed.map((row) => row.eventId)).toEqual(written.filter((_, n) => ![0, 5, 10].includes(n)));
    const firstFive = await database.dataSource.transaction((tx) => outbox.nextBatch(tx, 5));
    expect(firstFive.map((row) => row.id)).toEqual([96, 97, 98, 99, 101]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, n) => from + n);
}
