import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aPermitNo, aWorkPermitIssuedEvent, signedByItsAgency } from '@hub/testing';
import { adminCall, apiKeyOf, countRows, publish, startHub, TEST_ADMIN_TOKEN, type RunningApp } from '../support/running-apps.js';

const SHANGHAI = '310000';
const BEIJING = '110000';

interface Conflict {
  id: string;
  state: string;
  kind: string;
  recordKey: string;
  held: { agency: string; version: number; eventId: string; recordId: string };
  incoming: { agency: string; version: number; eventId: string; recordId: string };
  diff: { path: string; held?: unknown; incoming?: unknown }[];
  resolution: { resolution: string; by: string; note: string } | null;
}

/** The bureau's own row id of a permit (a number of its own, not the permit number). */
function rowIdOf(region: string, permitNo: string): string {
  return `row-${region}-${createHash('sha256').update(permitNo).digest('hex').slice(0, 12)}`;
}

/** A versioned work-permit.issued of `permitNo` from the bureau of `region`. */
function permitEvent(region: string, permitNo: string, version: number, position = 'Senior software engineer'): Record<string, unknown> {
  const event = aWorkPermitIssuedEvent({ region, permitNo, data: { position } });
  const holder = { passportNo: `E${permitNo.slice(-8)}`, nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' };
  return { ...event, recordid: rowIdOf(region, permitNo), recordversion: version, data: { ...(event['data'] as object), holder } };
}

/**
 * Record versions and the conflict queue through the running hub: a stale version is refused 409 with
 * the current version (zh/en, audited); a newer one is accepted; the held version again is a
 * duplicate; a transfer between two bureaus is queued with both versions, resolved by an operator
 * each way (routed to the subscribers, or refused to the publisher), every step audited; concurrent
 * publishes of one record serialise.
 */
describe('record versions and conflicts', () => {
  let hub: RunningApp;

  beforeAll(async () => {
    hub = await startHub();
    const created = await fetch(`${hub.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'psb-310000')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'permits', eventTypes: [{ type: 'work-permit.issued' }], channels: { kafka: true } }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  async function asOperator(
    method: string,
    path: string,
    body?: unknown,
    operator = 'wang.li',
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${hub.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-admin-id': operator },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function auditOf(eventId: string): Promise<string[]> {
    const rows = await hub.db.query<{ row: string }>(
      `SELECT actor || ' ' || action || coalesce(' ' || (detail->>'code'), '') AS row FROM audit_trail WHERE event_id = $1 ORDER BY seq, leaf`,
      [eventId],
    );
    return rows.rows.map((r) => r.row);
  }

  const delivered = (eventId: string) => countRows(hub.db, 'subscription_deliveries', 'event_id = $1', [eventId]);

  it('accepts a newer version, takes the same version again as a duplicate, and refuses an older one with the current version', async () => {
    const permit = aPermitNo();
    expect((await publish(hub.url, permitEvent(SHANGHAI, permit, 1))).body.events?.[0]?.status).toBe('accepted');
    expect((await publish(hub.url, permitEvent(SHANGHAI, permit, 1))).body.events?.[0]?.status).toBe('duplicate');
    expect((await publish(hub.url, permitEvent(SHANGHAI, permit, 3))).body.events?.[0]?.status).toBe('accepted');

    const stale = permitEvent(SHANGHAI, permit, 2);
    const refused = await publish(hub.url, stale);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'STALE_RECORD_VERSION',
      currentVersion: 3,
      issues: [{ path: 'recordversion', rule: 'newerThanHeld' }],
    });
    expect(refused.body.error?.messageZh).toContain('currentVersion');
    expect(await countRows(hub.db, 'events', 'id = $1', [stale['id']])).toBe(0);
    expect(await auditOf(stale['id'] as string)).toEqual(['agency:bureau-310000 event.rejected STALE_RECORD_VERSION']);

    const sameVersionOtherContent = await publish(hub.url, {
      events: [permitEvent(SHANGHAI, aPermitNo(), 1), permitEvent(SHANGHAI, permit, 3, 'Chief engineer')],
    });
    expect(sameVersionOtherContent.status).toBe(409);
    expect(sameVersionOtherContent.body.error).toMatchObject({
      currentVersion: 3,
      issues: [{ path: 'events[1].recordversion', rule: 'sameVersionSameContent' }],
    });
  });

  it('refuses recordversion without recordid, and a recordversion changed after signing', async () => {
    const withoutId = { ...permitEvent(SHANGHAI, aPermitNo(), 1), recordid: undefined };
    const missing = await publish(hub.url, withoutId);
    expect(missing.status).toBe(400);
    expect(missing.body.error?.issues).toEqual([expect.objectContaining({ path: 'recordid', rule: 'isDefined' })]);

    const signed = signedByItsAgency(permitEvent(SHANGHAI, aPermitNo(), 1));
    const tampered = await publish(hub.url, { ...signed, recordversion: 99 }, {}, { sign: false });
    expect(tampered.status).toBe(403);
    expect(tampered.body.error?.issues?.[0]?.rule).toBe('SIGNATURE_INVALID');
  });

  it('queues a transfer between two bureaus with both versions, and routes it once an operator accepts it', async () => {
    const permit = aPermitNo();
    const shanghai = permitEvent(SHANGHAI, permit, 4);
    await publish(hub.url, shanghai);
    const beijing = permitEvent(BEIJING, permit, 1, 'Research director');
    const answer = await publish(hub.url, beijing);
    expect(answer.status).toBe(202);
    const [outcome] = answer.body.events ?? [];
    expect(outcome).toMatchObject({ id: beijing['id'], status: 'held', conflictId: expect.any(String) as unknown });
    const conflictId = outcome?.conflictId ?? '';
    expect(await countRows(hub.db, 'events', 'id = $1', [beijing['id']])).toBe(0);

    const listed = await asOperator('GET', `/v1/admin/record-conflicts?state=open&agency=bureau-110000`);
    const items = listed.body['items'] as Conflict[];
    expect(items.map((c) => c.id)).toContain(conflictId);
    const conflict = (await asOperator('GET', `/v1/admin/record-conflicts/${conflictId}`)).body as unknown as Conflict;
    expect(conflict).toMatchObject({
      state: 'open',
      kind: 'work-permit',
      held: { agency: 'bureau-310000', version: 4, eventId: shanghai['id'], recordId: rowIdOf(SHANGHAI, permit) },
      incoming: { agency: 'bureau-110000', version: 1, eventId: beijing['id'], recordId: rowIdOf(BEIJING, permit) },
    });
    expect(conflict.diff).toEqual(
      expect.arrayContaining([{ path: 'position', held: 'Senior software engineer', incoming: 'Research director' }]),
    );
    expect(JSON.stringify(conflict)).not.toContain(permit);
    const byRecord = await asOperator('GET', `/v1/admin/record-conflicts?recordKey=${conflict.recordKey}`);
    expect((byRecord.body['items'] as Conflict[]).map((c) => c.id)).toEqual([conflictId]);

    const seen = await fetch(`${hub.url}/v1/record-conflicts/${conflictId}`, {
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-110000')}` },
    });
    expect(seen.status).toBe(200);
    const stranger = await fetch(`${hub.url}/v1/record-conflicts/${conflictId}`, {
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'psb-310000')}` },
    });
    expect(stranger.status).toBe(404);

    const unnamed = await fetch(`${hub.url}/v1/admin/record-conflicts/${conflictId}/resolve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ resolution: 'accept-incoming', note: 'transfer confirmed' }),
    });
    expect(unnamed.status).toBe(400);
    const invalid = await asOperator('POST', `/v1/admin/record-conflicts/${conflictId}/resolve`, {
      resolution: 'last-writer-wins',
      note: '',
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body['error'] as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(['note', 'resolution']);

    const resolved = await asOperator('POST', `/v1/admin/record-conflicts/${conflictId}/resolve`, {
      resolution: 'accept-incoming',
      note: 'transfer confirmed by both bureaus',
    });
    expect(resolved).toMatchObject({
      status: 200,
      body: { state: 'accepted', resolution: { resolution: 'accept-incoming', by: 'admin:wang.li' } },
    });
    expect(await countRows(hub.db, 'events', 'id = $1', [beijing['id']])).toBe(1);
    expect(await delivered(beijing['id'] as string)).toBe(1);
    const again = await asOperator('POST', `/v1/admin/record-conflicts/${conflictId}/resolve`, {
      resolution: 'accept-incoming',
      note: 'again',
    });
    expect(again).toMatchObject({ status: 200, body: { resolution: { note: 'transfer confirmed by both bureaus' } } });
    const other = await asOperator(
      'POST',
      `/v1/admin/record-conflicts/${conflictId}/resolve`,
      { resolution: 'keep-current', note: 'no' },
      'zhao',
    );
    expect(other.status).toBe(409);
    expect(await auditOf(beijing['id'] as string)).toEqual([
      'agency:bureau-110000 record.conflict-opened',
      'admin:wang.li record.conflict-resolved',
      'agency:bureau-110000 event.published',
      'system:router event.dispatched',
    ]);
    // Beijing holds the permit now: its next version is accepted, Shanghai's next change is queued.
    expect((await publish(hub.url, permitEvent(BEIJING, permit, 2))).body.events?.[0]?.status).toBe('accepted');
    expect((await publish(hub.url, permitEvent(SHANGHAI, permit, 5))).body.events?.[0]?.status).toBe('held');
  });

  it('refuses a queued change on keep-current and tells the publisher why', async () => {
    const permit = aPermitNo();
    await publish(hub.url, permitEvent(SHANGHAI, permit, 2));
    const beijing = permitEvent(BEIJING, permit, 3, 'Moved');
    const conflictId = (await publish(hub.url, beijing)).body.events?.[0]?.conflictId ?? '';
    const resolved = await asOperator('POST', `/v1/admin/record-conflicts/${conflictId}/resolve`, {
      resolution: 'keep-current',
      note: 'no transfer on file in Beijing',
    });
    expect(resolved).toMatchObject({ status: 200, body: { state: 'rejected' } });
    expect(await countRows(hub.db, 'events', 'id = $1', [beijing['id']])).toBe(0);
    expect(await delivered(beijing['id'] as string)).toBe(0);

    const told = await fetch(`${hub.url}/v1/record-conflicts/${conflictId}`, {
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-110000')}` },
    });
    expect(await told.json()).toMatchObject({
      state: 'rejected',
      resolution: { resolution: 'keep-current', note: 'no transfer on file in Beijing' },
    });
    const resent = await publish(hub.url, beijing);
    expect(resent.status).toBe(409);
    expect(resent.body.error).toMatchObject({ code: 'RECORD_CHANGE_REJECTED' });
    expect(resent.body.error?.message).toContain('no transfer on file in Beijing');
    expect(await auditOf(beijing['id'] as string)).toEqual([
      'agency:bureau-110000 record.conflict-opened',
      'admin:wang.li record.conflict-resolved',
      'agency:bureau-110000 event.rejected RECORD_CHANGE_REJECTED',
    ]);
  });

  it('serialises concurrent publishes of one record: the newest version ends held, older ones are told the version', async () => {
    const permit = aPermitNo();
    const events = Array.from({ length: 6 }, (_, index) => permitEvent(SHANGHAI, permit, index + 1, `position ${index + 1}`));
    const answers = await Promise.all(events.map((event) => publish(hub.url, event)));
    for (const [index, answer] of answers.entries()) {
      if (answer.status === 202) continue;
      expect(answer.status).toBe(409);
      expect(answer.body.error?.currentVersion).toBeGreaterThan(index + 1);
    }
    expect(answers[5]?.status).toBe(202);
    const stored = await countRows(hub.db, 'events', 'id = ANY($1::uuid[])', [events.map((e) => e['id'])]);
    expect(stored).toBe(answers.filter((a) => a.status === 202).length);
    const { rows } = await hub.db.query<{ version: string }>('SELECT version::text FROM record_versions WHERE record_id = $1', [
      rowIdOf(SHANGHAI, permit),
    ]);
    expect(rows.map((r) => r.version)).toEqual(['6']);
  });

  it('keeps events without recordversion as before, and lists conflicts in keyset pages', async () => {
    const plain = aWorkPermitIssuedEvent();
    expect((await publish(hub.url, plain)).body.events?.[0]?.status).toBe('accepted');
    expect(await countRows(hub.db, 'record_versions', `event_id = $1`, [plain['id']])).toBe(0);

    const first = await asOperator('GET', '/v1/admin/record-conflicts?limit=1');
    expect((first.body['items'] as Conflict[]).length).toBe(1);
    const next = await asOperator('GET', `/v1/admin/record-conflicts?limit=1&cursor=${String(first.body['nextCursor'])}`);
    expect((next.body['items'] as Conflict[])[0]?.id).not.toBe((first.body['items'] as Conflict[])[0]?.id);
    const badFilter = await asOperator('GET', '/v1/admin/record-conflicts?state=pending');
    expect(badFilter.status).toBe(400);
    expect(await adminCall(hub.url, 'GET', `/v1/admin/record-conflicts?recordId=row-${randomUUID().slice(0, 8)}`)).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
