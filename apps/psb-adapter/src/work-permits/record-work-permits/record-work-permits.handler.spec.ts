import { beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { SubscriptionSequencesRepository } from '@hub/agency-kit';
import { INBOUND_HEADERS } from '@hub/contracts';
import type { KafkaBatch } from '@hub/messaging';
import { Metrics } from '@hub/observability';
import type { DataSource, EntityManager } from 'typeorm';
import type { PsbAdapterConfig } from '../../config/psb-adapter-config.js';
import type { PermitRecord } from './permit-event.js';
import { RecordWorkPermitsHandler } from './record-work-permits.handler.js';
import type { WorkPermitRecordsRepository } from './work-permit-records.repository.js';

const holder = { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' };

function issued(n: number): KafkaBatch['messages'][number] {
  const event = {
    id: `0b5a2c33-7d0e-4f55-9a51-3c1e0f2b9d4${n}`,
    type: 'work-permit.issued',
    subject: 'sub_1',
    time: '2026-11-26T09:30:00+08:00',
    region: '310000',
    contractversion: 1,
    correlationid: `c-${n}`,
    data: { permitNo: `31000020261126000${n}`, permitClass: 'B', holder, validFrom: '2026-12-01', validTo: '2028-11-30' },
  };
  return {
    key: 'sub_1',
    value: Buffer.from(JSON.stringify(event)),
    headers: { [INBOUND_HEADERS.subscriptionId]: '6f1d3b1e-5a0c-4c43-9d0e-2f4b7f4a9c11', [INBOUND_HEADERS.sequence]: String(n) },
    offset: String(n),
    timestamp: '0',
  };
}

/**
 * The handler over fakes: the database refuses to save the permit numbers in `refused` with `code`;
 * `settle` answers for the sequence numbers after the commit.
 */
function handlerWith(
  refused: string,
  code: string,
  settle: () => Promise<unknown> = () => Promise.resolve([]),
): { handler: RecordWorkPermitsHandler; saved: string[]; deadLetters: unknown[][] } {
  const saved: string[] = [];
  const deadLetters: unknown[][] = [];
  const tx = {
    query: (sql: string, params: unknown[]) => {
      if (sql.includes('dead_letters')) deadLetters.push(params);
      // The inbox takes every event id: each is new.
      if (sql.includes('INSERT INTO inbox')) return Promise.resolve((params[0] as string[]).map((id) => ({ event_id: id })));
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;
  const permits = {
    lockPermits: () => Promise.resolve(new Map()),
    savePermits: (_tx: EntityManager, records: PermitRecord[]) => {
      if (records.some((record) => record.permitNo === refused)) return Promise.reject(Object.assign(new Error('refused'), { code }));
      saved.push(...records.map((record) => record.permitNo));
      return Promise.resolve();
    },
  } as unknown as WorkPermitRecordsRepository;
  const sequences = { record: () => Promise.resolve(), settle } as unknown as SubscriptionSequencesRepository;
  const dataSource = { transaction: (work: (manager: EntityManager) => Promise<unknown>) => work(tx) } as unknown as DataSource;
  const config = { SEQUENCE_GAP_GRACE_MS: 0 } as PsbAdapterConfig;
  return { handler: new RecordWorkPermitsHandler(permits, sequences, dataSource, config, new Metrics('psb-adapter')), saved, deadLetters };
}

const batch = (messages: KafkaBatch['messages']): KafkaBatch => ({
  topic: 'agency.psb-310000.inbound',
  partition: 0,
  messages,
  heartbeat: () => Promise.resolve(),
});

describe('RecordWorkPermitsHandler', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('dead-letters the one record whose data the database refuses and applies the others', async () => {
    const { handler, saved, deadLetters } = handlerWith('310000202611260002', '22008');
    await handler.execute(batch([issued(1), issued(2), issued(3)]));
    expect(saved).toEqual(['310000202611260001', '310000202611260003']);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]?.[2]).toEqual(['2']);
    expect(deadLetters[0]?.[6]).toEqual(['REFUSED_BY_DATABASE']);
  });

  it('fails the batch when the database is unreachable, so Kafka delivers it again', async () => {
    const { handler, deadLetters } = handlerWith('310000202611260002', '57P01');
    await expect(handler.execute(batch([issued(1), issued(2)]))).rejects.toThrow('refused');
    expect(deadLetters).toEqual([]);
  });

  it('fails the batch when its sequence numbers cannot be settled after the commit, so Kafka delivers it again', async () => {
    const { handler, saved } = handlerWith('none', '', () => Promise.reject(new Error('connection terminated')));
    await expect(handler.execute(batch([issued(1), issued(2)]))).rejects.toThrow('connection terminated');
    // The records committed first; delivered again, the inbox keeps them from applying twice.
    expect(saved).toEqual(['310000202611260001', '310000202611260002']);
  });
});
