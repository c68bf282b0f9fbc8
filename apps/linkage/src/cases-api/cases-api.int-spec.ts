import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKeyPair, verifyEventSignature } from '@hub/identity';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { startLinkageApiApp, type LinkageApiApp } from '../api-access/testing/linkage-api-app.fixture.js';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { CasesApiModule } from './cases-api.module.js';
import { linkageEventSigner, type SignedLinkageEvent } from './case-resolved-event.js';
import { seedCase } from './testing/case-rows.fixture.js';

const DESK = 'desk-key-'.padEnd(48, 'd');
const BORDER = 'border-key-'.padEnd(48, 'b');
const BUREAU = 'bureau-key-'.padEnd(48, 'u');
const EVALUATOR = 'evaluator-key-'.padEnd(48, 'e');
const API_KEYS = `psb-310000:exit-entry-desk:${DESK},psb-310000:border-desk:${BORDER},bureau-310000:permit-office:${BUREAU},*:evaluator:${EVALUATOR}`;
const signingKey = generateSigningKeyPair('ed25519');

interface Problem {
  code: string;
  message: { zh: string; en: string };
  errors?: { path: string; rule: string; message: { zh: string; en: string } }[];
}

/**
 * The cases API on a real PostgreSQL database migrated with LINKAGE_MIGRATIONS, over real HTTP:
 * keys and purpose, agency scoping, keyset pages, reads recorded as viewed, claims under
 * concurrency, and a resolution that queues exactly one signed linkage.case-resolved in the same
 * transaction. Every call lands in api_access_log.
 */
describe('cases API', () => {
  let database: MigratedTestDatabase;
  let api: LinkageApiApp;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_cases_api', LINKAGE_MIGRATIONS);
    api = await startLinkageApiApp(database.dataSource, API_KEYS, [
      CasesApiModule.forRoot({ signer: linkageEventSigner('linkage-k1', signingKey.privateKey) }),
    ]);
  });
  afterAll(async () => {
    await api?.app.close();
    await database?.drop();
  });

  const accessRows = (query: string) =>
    database.dataSource.query<
      {
        actor_agency: string | null;
        actor_name: string | null;
        purpose: string | null;
        method: string;
        path: string;
        status: number;
        result_count: number;
      }[]
    >('SELECT actor_agency, actor_name, purpose, method, path, status, result_count FROM api_access_log WHERE query = $1 ORDER BY id', [
      query,
    ]);

  it('answers 401 without a key or with a wrong one, 400 without a purpose, and records each refusal', async () => {
    const none = await api.call('/v1/cases?kind=auth-none');
    expect(none.status).toBe(401);
    const problem = (await none.json()) as Problem;
    expect(problem).toEqual({
      code: 'UNAUTHENTICATED',
      message: { en: expect.stringContaining('LINKAGE_API_KEYS'), zh: expect.stringContaining('密钥') },
    });
    expect((await api.call('/v1/cases?kind=auth-wrong', { key: DESK.replace('d', 'x') })).status).toBe(401);
    const noPurpose = await api.call('/v1/cases?kind=auth-purpose', { key: DESK, purpose: null });
    expect(noPurpose.status).toBe(400);
    expect(((await noPurpose.json()) as Problem).errors).toEqual([
      {
        path: 'header:x-purpose',
        rule: 'isDefined',
        message: { en: expect.stringContaining('X-Purpose'), zh: expect.stringContaining('X-Purpose') },
      },
    ]);
    expect(await accessRows('kind=auth-none')).toEqual([
      { actor_agency: null, actor_name: null, purpose: 'case work', method: 'GET', path: '/v1/cases', status: 401, result_count: 0 },
    ]);
    expect(await accessRows('kind=auth-wrong')).toMatchObject([{ actor_agency: null, status: 401 }]);
    expect(await accessRows('kind=auth-purpose')).toMatchObject([
      { actor_agency: 'psb-310000', actor_name: 'exit-entry-desk', purpose: null, status: 400 },
    ]);
  });

  it("lists an agency's own cases by due date in keyset pages; a * key lists every agency's", async () => {
    const kind = 'list-order';
    const late = await seedCase(database.dataSource, { kind, dueDate: '2026-04-01' });
    const early = await seedCase(database.dataSource, { kind, dueDate: '2026-03-10' });
    const middle = await seedCase(database.dataSource, { kind, dueDate: '2026-03-20', state: 'overdue' });
    const undated = await seedCase(database.dataSource, { kind, dueDate: null });
    const bureaus = await seedCase(database.dataSource, { kind, ownerAgency: 'bureau-310000', dueDate: '2026-03-01' });
    const pages: string[][] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const response = await api.call(`/v1/cases?kind=${kind}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key: DESK });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { id: string; ownerAgency: string }[]; nextCursor: string | null };
      pages.push(page.items.map((c) => c.id));
      cursor = page.nextCursor;
    }
    expect(pages).toEqual([
      [early.id, middle.id],
      [late.id, undated.id],
    ]);
    const overdue = (await (await api.call(`/v1/cases?kind=${kind}&state=overdue,claimed`, { key: DESK })).json()) as {
      items: { id: string }[];
    };
    expect(overdue.items.map((c) => c.id)).toEqual([middle.id]);
    const due = (await (await api.call(`/v1/cases?kind=${kind}&dueAfter=2026-03-10&dueBefore=2026-04-01`, { key: DESK })).json()) as {
      items: { id: string }[];
    };
    expect(due.items.map((c) => c.id)).toEqual([middle.id]);
    const all = (await (await api.call(`/v1/cases?kind=${kind}`, { key: EVALUATOR })).json()) as { items: { id: string }[] };
    expect(all.items.map((c) => c.id)).toEqual([bureaus.id, early.id, middle.id, late.id, undated.id]);
    const onlyBureau = (await (await api.call(`/v1/cases?kind=${kind}&agency=bureau-310000`, { key: EVALUATOR })).json()) as {
      items: { id: string }[];
    };
    expect(onlyBureau.items.map((c) => c.id)).toEqual([bureaus.id]);
    expect(await accessRows(`kind=${kind}`)).toEqual([expect.objectContaining({ actor_name: 'evaluator', status: 200, result_count: 5 })]);
  });

  it("refuses an agency key another agency's list (403) and bad filters (400 naming each)", async () => {
    const other = await api.call('/v1/cases?agency=bureau-310000', { key: DESK });
    expect(other.status).toBe(403);
    expect(((await other.json()) as Problem).code).toBe('AGENCY_FILTER_FORBIDDEN');
    const bad = await api.call('/v1/cases?state=closed&dueBefore=tomorrow&limit=500', { key: DESK });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).errors?.map((e) => `${e.path}:${e.rule}`)).toEqual([
      'query.state:isIn',
      'query.dueBefore:isCalendarDate',
      'query.limit:max',
    ]);
  });

  it('reads a case with its actions and decision, recording the read as viewed; others get 404', async () => {
    const seeded = await seedCase(database.dataSource);
    const response = await api.call(`/v1/cases/${seeded.id}`, { key: DESK, purpose: 'review residence permit' });
    expect(response.status).toBe(200);
    const detail = (await response.json()) as Record<string, unknown>;
    expect(detail).toMatchObject({
      id: seeded.id,
      subject: seeded.subject,
      ownerAgency: 'psb-310000',
      state: 'open',
      openedOn: '2026-03-02',
      dueDate: '2026-03-16',
      actions: [{ action: 'viewed', actor: 'exit-entry-desk', purpose: 'review residence permit', detail: { agency: 'psb-310000' } }],
      decision: {
        key: seeded.decisionKey,
        ruleId: 'LNK-01-WORK-PERMIT-ENDED',
        ruleVersion: 1,
        outcome: 'review-required',
        explanation: { en: expect.any(String), zh: expect.any(String) },
        thresholds: [
          { name: 'asOf', value: '2026-03-02' },
          { name: 'dueInWorkingDays', value: '10' },
        ],
        findings: [expect.objectContaining({ test: 'permit-valid' })],
        decidedOn: '2026-03-02',
      },
    });
    expect((await api.call(`/v1/cases/${seeded.id}`, { key: EVALUATOR })).status).toBe(200);
    const others = await api.call(`/v1/cases/${seeded.id}`, { key: BUREAU });
    expect(others.status).toBe(404);
    expect(((await others.json()) as Problem).code).toBe('CASE_NOT_FOUND');
    expect((await api.call('/v1/cases/8d1f0f5e-1b7a-4c39-9a64-2f1e0c3b5a77', { key: DESK })).status).toBe(404);
    const malformed = await api.call('/v1/cases/42', { key: DESK });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Problem).errors?.[0]).toMatchObject({ path: 'id', rule: 'isUuid' });
    const viewed = await database.dataSource.query<{ actor: string }[]>(
      "SELECT actor FROM case_actions WHERE case_id = $1 AND action = 'viewed' ORDER BY id",
      [seeded.id],
    );
    expect(viewed.map((v) => v.actor)).toEqual(['exit-entry-desk', 'evaluator']);
  });

  it('claims for the owning agency only, answers 409 naming the holder or the states, and releases back', async () => {
    const seeded = await seedCase(database.dataSource);
    const claimed = await api.call(`/v1/cases/${seeded.id}/claim`, { key: DESK, method: 'POST' });
    expect(claimed.status).toBe(200);
    expect(await claimed.json()).toMatchObject({ state: 'claimed', claimedBy: 'exit-entry-desk' });
    expect((await api.call(`/v1/cases/${seeded.id}/claim`, { key: DESK, method: 'POST' })).status).toBe(200);
    const taken = await api.call(`/v1/cases/${seeded.id}/claim`, { key: BORDER, method: 'POST' });
    expect(taken.status).toBe(409);
    expect((await taken.json()) as Problem).toMatchObject({
      code: 'CASE_CLAIMED_BY_ANOTHER',
      message: { en: expect.stringContaining('exit-entry-desk') },
    });
    const supervisor = await api.call(`/v1/cases/${seeded.id}/claim`, { key: EVALUATOR, method: 'POST' });
    expect(supervisor.status).toBe(403);
    expect(((await supervisor.json()) as Problem).code).toBe('CASE_ACTION_FORBIDDEN');
    expect((await api.call(`/v1/cases/${seeded.id}/claim`, { key: BUREAU, method: 'POST' })).status).toBe(404);
    expect((await api.call(`/v1/cases/${seeded.id}/release`, { key: BORDER, method: 'POST' })).status).toBe(409);
    const released = await api.call(`/v1/cases/${seeded.id}/release`, { key: DESK, method: 'POST' });
    expect(await released.json()).toMatchObject({ state: 'open', claimedBy: null });
    const again = await api.call(`/v1/cases/${seeded.id}/release`, { key: DESK, method: 'POST' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Problem).message.en).toContain('is open; release needs it claimed');
    const actions = await database.dataSource.query<{ action: string; actor: string }[]>(
      'SELECT action, actor FROM case_actions WHERE case_id = $1 ORDER BY id',
      [seeded.id],
    );
    expect(actions).toEqual([
      { action: 'claimed', actor: 'exit-entry-desk' },
      { action: 'released', actor: 'exit-entry-desk' },
    ]);

    const overdue = await seedCase(database.dataSource, { state: 'overdue' });
    await api.call(`/v1/cases/${overdue.id}/claim`, { key: BORDER, method: 'POST' });
    const back = await api.call(`/v1/cases/${overdue.id}/release`, { key: BORDER, method: 'POST' });
    expect(await back.json()).toMatchObject({ state: 'overdue', overdueSince: '2026-03-17' });
  });

  it("gives a case's actions in the order they were taken, also where their ids cross 99 → 100", async () => {
    const seeded = await seedCase(database.dataSource);
    const [row] = await database.dataSource.query<{ next: string }[]>(
      'SELECT (max(id) + 1)::text AS next FROM (SELECT id FROM case_actions UNION ALL SELECT 0) AS ids',
    );
    // The next actions get ids 97, 98, … (or one power of ten later when the spec has taken more).
    const start = 10 ** Math.max(2, String(Number(row?.next) + 3).length) - 3;
    await database.dataSource.query(`SELECT setval('case_actions_id_seq', $1)`, [start - 1]);
    await api.call(`/v1/cases/${seeded.id}/claim`, { key: DESK, method: 'POST' });
    await api.call(`/v1/cases/${seeded.id}/release`, { key: DESK, method: 'POST' });
    await api.call(`/v1/cases/${seeded.id}/claim`, { key: BORDER, method: 'POST' });
    await api.call(`/v1/cases/${seeded.id}/release`, { key: BORDER, method: 'POST' });
    const detail = (await (await api.call(`/v1/cases/${seeded.id}`, { key: DESK, purpose: 'order of actions' })).json()) as {
      actions: { id: string; action: string; actor: string }[];
    };
    expect(detail.actions.map((a) => `${a.action} ${a.actor}`)).toEqual([
      'claimed exit-entry-desk',
      'released exit-entry-desk',
      'claimed border-desk',
      'released border-desk',
      'viewed exit-entry-desk',
    ]);
    expect(detail.actions.map((a) => Number(a.id))).toEqual([start, start + 1, start + 2, start + 3, start + 4]);
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const seeded = await seedCase(database.dataSource);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api.call(`/v1/cases/${seeded.id}/claim`, { key: i % 2 === 0 ? DESK : BORDER, method: 'POST' })),
    );
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { claimedBy?: string }[];
    const winners = new Set(bodies.map((b) => b.claimedBy).filter(Boolean));
    expect(winners.size).toBe(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(5);
    const claims = await database.dataSource.query<{ actor: string }[]>(
      "SELECT actor FROM case_actions WHERE case_id = $1 AND action = 'claimed'",
      [seeded.id],
    );
    expect(claims.map((c) => c.actor)).toEqual([...winners]);
  });

  it('resolves with an outcome and queues exactly one signed linkage.case-resolved in the same transaction', async () => {
    const seeded = await seedCase(database.dataSource, { state: 'claimed', claimedBy: 'exit-entry-desk' });
    const noNote = await api.call(`/v1/cases/${seeded.id}/resolve`, { key: DESK, body: { outcome: 'kept-with-reason' } });
    expect(noNote.status).toBe(400);
    expect(((await noNote.json()) as Problem).errors).toEqual([
      {
        path: 'body.note',
        rule: 'isDefined',
        message: { en: expect.stringContaining('kept-with-reason'), zh: expect.stringContaining('必填') },
      },
    ]);
    expect((await api.call(`/v1/cases/${seeded.id}/resolve`, { key: BORDER, body: { outcome: 'no-action-needed' } })).status).toBe(409);
    const outboxRows = () =>
      database.dataSource.query<{ event_type: string; event: SignedLinkageEvent }[]>(
        'SELECT event_type, event FROM linkage_outbox WHERE subject = $1',
        [seeded.subject],
      );
    expect(await outboxRows()).toEqual([]);

    const response = await api.call(`/v1/cases/${seeded.id}/resolve`, {
      key: DESK,
      purpose: 'residence review',
      body: { outcome: 'kept-with-reason', note: '新单位已申请工作许可变更' },
    });
    expect(response.status).toBe(200);
    const resolved = (await response.json()) as { case: Record<string, unknown>; event: { id: string; type: string } };
    expect(resolved.case).toMatchObject({
      state: 'resolved',
      resolution: { outcome: 'kept-with-reason', note: '新单位已申请工作许可变更', resolvedBy: 'exit-entry-desk' },
    });
    const rows = await outboxRows();
    expect(rows).toHaveLength(1);
    const event = rows[0]?.event;
    expect(event).toMatchObject({
      id: resolved.event.id,
      type: 'linkage.case-resolved',
      source: 'urn:hub:agency:linkage',
      agency: 'linkage',
      subject: seeded.subject,
      region: '310000',
      contractversion: 1,
      data: {
        decisionKey: seeded.decisionKey,
        ruleId: 'LNK-01-WORK-PERMIT-ENDED',
        ruleVersion: 1,
        outcome: 'case-resolved',
        thresholds: [
          { name: 'asOf', value: '2026-03-02' },
          { name: 'dueInWorkingDays', value: '10' },
        ],
        findings: [{ about: 'WP1', test: 'permit-valid', passed: 'no', explanation: { en: 'Revoked', zh: '已撤销' } }],
        case: {
          caseId: seeded.id,
          kind: 'residence-review',
          ownerAgency: 'psb-310000',
          state: 'resolved',
          openedOn: '2026-03-02',
          dueDate: '2026-03-16',
          resolution: { outcome: 'kept-with-reason', note: '新单位已申请工作许可变更', resolvedBy: 'exit-entry-desk' },
        },
      },
    });
    expect(event?.data.inputEventIds).toEqual([...(event?.data.inputEventIds ?? [])].sort());
    expect(event?.data.explanation.zh).toContain('保留（说明理由）');
    const lookup = () => ({ alg: 'ed25519' as const, publicKey: signingKey.publicKeyPem, agencyId: 'linkage', status: 'active' as const });
    await expect(verifyEventSignature(event ?? {}, lookup)).resolves.toMatchObject({ keyId: 'linkage-k1' });
    const actions = await database.dataSource.query<{ action: string; purpose: string; detail: Record<string, unknown> }[]>(
      "SELECT action, purpose, detail FROM case_actions WHERE case_id = $1 AND action = 'resolved'",
      [seeded.id],
    );
    expect(actions).toEqual([
      {
        action: 'resolved',
        purpose: 'residence review',
        detail: {
          agency: 'psb-310000',
          from: 'claimed',
          outcome: 'kept-with-reason',
          note: '新单位已申请工作许可变更',
          eventId: resolved.event.id,
        },
      },
    ]);

    const twice = await api.call(`/v1/cases/${seeded.id}/resolve`, { key: DESK, body: { outcome: 'no-action-needed' } });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as Problem).message.en).toContain('is resolved; resolve needs it open or claimed or overdue');
    expect(await outboxRows()).toHaveLength(1);
  });

  it('resolves an unclaimed overdue case, and refuses a supervisor or another agency', async () => {
    const seeded = await seedCase(database.dataSource, { state: 'overdue' });
    expect((await api.call(`/v1/cases/${seeded.id}/resolve`, { key: EVALUATOR, body: { outcome: 'no-action-needed' } })).status).toBe(403);
    expect((await api.call(`/v1/cases/${seeded.id}/resolve`, { key: BUREAU, body: { outcome: 'no-action-needed' } })).status).toBe(404);
    const bad = await api.call(`/v1/cases/${seeded.id}/resolve`, { key: DESK, body: { outcome: 'cancelled', extra: 1 } });
    expect(((await bad.json()) as Problem).errors?.map((e) => `${e.path}:${e.rule}`)).toEqual([
      'body.extra:unknownField',
      'body.outcome:isInCodeList',
    ]);
    const done = await api.call(`/v1/cases/${seeded.id}/resolve`, { key: DESK, body: { outcome: 'residence-cancelled' } });
    expect(done.status).toBe(200);
    const [row] = await database.dataSource.query<
      { state: string; resolved_by: string; resolution_outcome: string; resolution_note: string | null }[]
    >('SELECT state, resolved_by, resolution_outcome, resolution_note FROM cases WHERE id = $1', [seeded.id]);
    expect(row).toEqual({
      state: 'resolved',
      resolved_by: 'exit-entry-desk',
      resolution_outcome: 'residence-cancelled',
      resolution_note: null,
    });
  });
});
