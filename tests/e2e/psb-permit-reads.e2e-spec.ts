import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { psbGroupId, startPsbAdapter, TEST_PSB_READER_KEY, type RunningPsbAdapter } from '../support/running-apps.js';

type Json = Record<string, unknown>;
interface ReadRow {
  reader: string;
  permit_no: string;
  purpose: string | null;
  found: boolean;
  client_address: string | null;
  read_at: Date;
}

/**
 * Reading permits from the public-security adapter, as an outside client (curl and fetch) does it:
 * passport numbers, birth dates and names only for a reading system with a configured API key (401
 * otherwise, with nothing of the permit in the answer); every read, found or not, recorded in the
 * adapter's own append-only `work_permit_reads` with who, which permit, when and the declared purpose.
 */
describe('public-security adapter: authenticated and audited permit reads', () => {
  const agency = `psb-${randomInt(900_000, 999_999)}`;
  const permitNo = String(randomInt(100_000_000, 999_999_999)).repeat(2);
  const passportNo = `E${randomInt(10_000_000, 99_999_999)}`;
  const otherKey = 'second-desk-key-0123456789abcdef0123456789';
  let psb: RunningPsbAdapter;

  beforeAll(async () => {
    psb = await startPsbAdapter({
      groupId: psbGroupId('reads', agency),
      // Two reading systems: the tests' own desk (as every suite has it) and a second one.
      env: { AGENCY_ID: agency, READER_API_KEYS: `test-desk:${TEST_PSB_READER_KEY},border-control:${otherKey}` },
    });
    await psb.db.query(
      `INSERT INTO work_permits (permit_no, subject_id, permit_class, status, holder_name, passport_no, nationality, birth_date,
                                 valid_from, valid_to, region, source_event_id, correlation_id, event_time)
       VALUES ($1, 'subj-reads', 'B', 'valid', 'Amélie Durand', $2, 'FRA', '1988-04-12', '2026-01-01', '2028-12-31', '310000', $3, 'corr-reads', now())`,
      [permitNo, passportNo, randomUUID()],
    );
  });
  afterAll(async () => {
    await psb?.destroy();
  });

  const reads = async (): Promise<ReadRow[]> =>
    (await psb.db.query<ReadRow>('SELECT reader, permit_no, purpose, found, client_address, read_at FROM work_permit_reads ORDER BY id'))
      .rows;
  const read = async (path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; text: string }> => {
    const response = await fetch(`${psb.url}/v1/work-permits/${path}`, { headers });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as Json, text };
  };

  it('answers 401, with nothing of the permit, to curl without a key, and to wrong or malformed keys', async () => {
    const { stdout } = await promisify(execFile)('curl', ['-sS', '-w', '\n%{http_code}', `${psb.url}/v1/work-permits/${permitNo}`]);
    const [body = '', status] = stdout.split('\n');
    expect(status).toBe('401');
    expect(JSON.parse(body)).toMatchObject({
      error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('READER_API_KEYS') as unknown },
    });
    for (const authorization of [
      'Bearer wrong-key-0123456789abcdef0123456789',
      `Basic ${TEST_PSB_READER_KEY}`,
      `Bearer ${TEST_PSB_READER_KEY}x`,
      'Bearer ',
    ]) {
      const answer = await read(permitNo, { authorization });
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain(passportNo);
      expect(answer.text).not.toContain('Amélie');
    }
    expect(await reads()).toEqual([]);
  });

  it('answers a configured reading system, and records who read which permit, when and why', async () => {
    const before = Date.now();
    const answer = await read(permitNo, {
      authorization: `Bearer ${TEST_PSB_READER_KEY}`,
      'x-purpose': 'residence permit application 2026-0412',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ permitNo, passportNo, holderName: 'Amélie Durand' });
    const other = await read(permitNo, { authorization: `Bearer ${otherKey}` });
    expect(other.status).toBe(200);
    const rows = await reads();
    expect(rows).toEqual([
      expect.objectContaining({ reader: 'test-desk', permit_no: permitNo, purpose: 'residence permit application 2026-0412', found: true }),
      expect.objectContaining({ reader: 'border-control', permit_no: permitNo, purpose: null, found: true }),
    ]);
    expect(rows[0]?.client_address).toMatch(/127\.0\.0\.1/);
    expect(rows[0]?.read_at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
  });

  it('records look-ups of permits it does not hold, and odd permit numbers escaped, without a 5xx', async () => {
    const auth = { authorization: `Bearer ${TEST_PSB_READER_KEY}` };
    expect((await read('999999999999999999', auth)).status).toBe(404);
    expect((await read('%00%1b%5B31m', auth)).status).toBe(404);
    const rows = await reads();
    expect(rows.slice(-2)).toEqual([
      expect.objectContaining({ reader: 'test-desk', permit_no: '999999999999999999', found: false }),
      expect.objectContaining({ reader: 'test-desk', permit_no: '"\\u0000\\u001b[31m"', found: false }),
    ]);
    const malformed = await fetch(`${psb.url}/v1/work-permits/%E0%A4%A`, { headers: auth });
    expect(malformed.status).toBeLessThan(500);
    const badPurpose = await read(permitNo, { ...auth, 'x-purpose': 'x'.repeat(201) });
    expect(badPurpose.status).toBe(400);
    expect(badPurpose.body).toMatchObject({ error: { issues: [{ path: 'header:x-purpose', rule: 'matches' }] } });
  });

  it('keeps the read records append-only: no update, delete or truncate', async () => {
    for (const statement of [
      "UPDATE work_permit_reads SET reader = 'nobody'",
      'DELETE FROM work_permit_reads',
      'TRUNCATE work_permit_reads',
    ]) {
      await expect(psb.db.query(statement)).rejects.toThrow(/work_permit_reads is append-only/);
    }
    expect((await reads()).length).toBeGreaterThanOrEqual(4);
  });

  it('answers GET /health without credentials (for probes), telling nothing of any permit', async () => {
    const response = await fetch(`${psb.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});
