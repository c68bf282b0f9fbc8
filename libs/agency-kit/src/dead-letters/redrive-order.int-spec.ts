import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateDeadLetters1764140000002, type KafkaBatchMessage } from '@hub/messaging';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import type { EntityManager } from 'typeorm';
import { AddDeadLetterResolutions1764850000000 } from '../migrations/1764850000000-add-dead-letter-resolutions.js';
import { redriveDeadLetters, type Redriving } from './dead-letters.js';

/**
 * A redrive of every dead letter on a real PostgreSQL goes partition by partition in offset order,
 * also where offsets cross a power of ten (as text, offset 100 sorts before 99 and a subject's
 * records would be applied out of order).
 */
describe('redriveDeadLetters order', () => {
  let database: MigratedTestDatabase;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('dead_letter_redrive_order', [
      CreateDeadLetters1764140000002,
      AddDeadLetterResolutions1764850000000,
    ]);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('redrives in offset order within each partition and removes what applies', async () => {
    const parked = [
      [1, 100],
      [0, 1000],
      [0, 99],
      [1, 9],
      [0, 100],
      [1, 10],
    ] as const;
    for (const [partition, offset] of parked) {
      await database.dataSource.query(
        `INSERT INTO dead_letters (topic, partition, "offset", message_key, payload, headers, error_code, error_message)
         VALUES ('agency.psb-310000.inbound', $1, $2, NULL, $3, '{}', 'INVALID_EVENT', 'spec')`,
        [partition, offset, `p${partition}-o${offset}`],
      );
    }
    const consumed: string[] = [];
    const consumer: Redriving = {
      consumeMessages: async (_topic, partition, messages: readonly KafkaBatchMessage[], before) => {
        await database.dataSource.transaction(async (tx: EntityManager) => before?.(tx));
        consumed.push(...messages.map((message) => `${partition}:${message.offset}:${message.value?.toString() ?? ''}`));
        return { deadLettered: [] };
      },
    };

    const result = await redriveDeadLetters(database.dataSource, consumer, []);

    expect(consumed).toEqual(['0:99:p0-o99', '0:100:p0-o100', '0:1000:p0-o1000', '1:9:p1-o9', '1:10:p1-o10', '1:100:p1-o100']);
    expect(result).toEqual({ redriven: 6, recovered: 6, deadLetteredAgain: 0 });
    expect(await database.dataSource.query('SELECT count(*)::int AS n FROM dead_letters')).toEqual([{ n: 0 }]);
  });
});
