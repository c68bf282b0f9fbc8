import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError } from '@hub/contracts';
import { generateSigningKeyPair } from '@hub/identity';
import type { DataSource } from 'typeorm';
import type { AgencyOutboundPublisher, OutboundRecord } from '../outbound/agency-outbound-publisher.js';
import { AgencySigner } from '../signing/agency-signer.js';
import { decision } from './agency-adapter-definition.js';
import { PublishDecisionHandler } from './publish-decision.handler.js';
import { readDecision } from './read-decision.js';

interface Row {
  event: { id: string };
  kafka_key: string;
  decided_by: string;
  published_at: Date | null;
}

/** The three statements the handler makes on `outbound_events`, kept in memory. */
function fakeDatabase(): { db: DataSource; rows: Map<string, Row> } {
  const rows = new Map<string, Row>();
  const query = (sql: string, params: unknown[] = []): Promise<unknown> => {
    if (sql.startsWith('INSERT INTO outbound_events')) {
      const [id, , key, event, by] = params as [string, string, string, string, string];
      rows.set(id, { event: JSON.parse(event) as { id: string }, kafka_key: key, decided_by: by, published_at: null });
      return Promise.resolve([]);
    }
    if (sql.startsWith('SELECT event, kafka_key FROM outbound_events'))
      return Promise.resolve([...rows.values()].filter((row) => row.published_at === null));
    if (sql.startsWith('UPDATE outbound_events SET published_at')) {
      for (const id of params[0] as string[]) rows.get(id)!.published_at = new Date();
      return Promise.resolve([]);
    }
    throw new Error(`unexpected statement: ${sql}`);
  };
  const db = { query, transaction: (work: (tx: unknown) => Promise<unknown>) => work({ query }) } as unknown as DataSource;
  return { db, rows };
}

/** An outbound topic that refuses the first `failures` sends. */
function fakeOutbound(failures: number): { outbound: AgencyOutboundPublisher; sent: OutboundRecord[] } {
  const sent: OutboundRecord[] = [];
  let left = failures;
  const publish = (records: readonly OutboundRecord[]): Promise<void> => {
    if (left-- > 0) return Promise.reject(new Error('broker unreachable'));
    sent.push(...records);
    return Promise.resolve();
  };
  return { outbound: { publish } as unknown as AgencyOutboundPublisher, sent };
}

const signer = new AgencySigner('mfa', { alg: 'ed25519', keyId: 'mfa-k1', privateKey: generateSigningKeyPair('ed25519').privateKey });

const cancelVisa = decision<{ visaNo: string; on: string }>({
  path: 'v1/visa-cancellations',
  parse: (body) => readDecision(body, (r) => ({ visaNo: r.text('visaNo', 20), on: r.date('cancelledOn') })),
  decide: (_tx, visa) =>
    Promise.resolve({
      type: 'visa.cancelled',
      contractVersion: 1,
      region: '310115',
      subject: `sub_${'b'.repeat(32)}`,
      data: {
        visaNo: visa.visaNo,
        holder: { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Élodie Marchand' },
        cancelledOn: visa.on,
        category: 'Z',
        reason: 'work-permit-notice-withdrawn',
      },
    }),
});

describe('publishing a decision', () => {
  it('keeps the signed event with the decision, publishes it keyed by person and marks it', async () => {
    const { db, rows } = fakeDatabase();
    const { outbound, sent } = fakeOutbound(0);
    const published = await new PublishDecisionHandler(db, signer, outbound).execute(
      cancelVisa,
      { visaNo: 'V02468135', cancelledOn: '2026-03-01' },
      'desk',
    );
    expect(published.type).toBe('visa.cancelled');
    expect(sent).toEqual([
      {
        event: expect.objectContaining({ id: published.eventId, signature: expect.stringMatching(/^ed25519:mfa-k1:/) }),
        key: `sub_${'b'.repeat(32)}`,
      },
    ]);
    expect(rows.get(published.eventId)).toMatchObject({ decided_by: 'desk', published_at: expect.any(Date) });
  });

  it('keeps nothing for a decision it cannot read, naming each field', async () => {
    const { db, rows } = fakeDatabase();
    const handler = new PublishDecisionHandler(db, signer, fakeOutbound(0).outbound);
    await expect(handler.execute(cancelVisa, { visaNo: 'V1', cancelledOn: '1 March' }, 'desk')).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'cancelledOn', rule: 'isCalendarDate' })],
    });
    await expect(handler.execute(cancelVisa, { visaNo: 'V1', cancelledOn: '1 March' }, 'desk')).rejects.toBeInstanceOf(
      ValidationFailedError,
    );
    expect(rows.size).toBe(0);
  });

  it('sends again what a failed send left kept, once the broker takes it', async () => {
    const { db, rows } = fakeDatabase();
    const { outbound, sent } = fakeOutbound(1);
    const handler = new PublishDecisionHandler(db, signer, outbound);
    await expect(handler.execute(cancelVisa, { visaNo: 'V02468135', cancelledOn: '2026-03-01' }, 'desk')).rejects.toThrow(
      'broker unreachable',
    );
    const [kept] = [...rows.values()];
    expect(kept).toMatchObject({ published_at: null });
    expect(await handler.publishPending()).toBe(1);
    expect(sent.map((record) => record.event.id)).toEqual([kept!.event.id]);
    expect(kept!.published_at).toBeInstanceOf(Date);
    expect(await handler.publishPending()).toBe(0);
  });
});
