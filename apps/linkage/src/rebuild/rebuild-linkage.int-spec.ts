import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import type { DataSource } from 'typeorm';
import { shuffled } from '../testing/chain-events.fixture.js';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { aSubject, contractEvent, holderOf } from '../testing/contract-events.fixture.js';
import { LinkagePipeline } from '../testing/linkage-pipeline.harness.js';

const holder = holderOf('Élodie Marchand', 'E12345678');

/** Everything derived, whole rows less the times the database stamps when it writes. */
async function derived(db: DataSource): Promise<Record<string, unknown>> {
  return {
    chains: await db.query(
      `SELECT subject, chain, province, card_numbers, family_subjects, residence_permits, principal_permits, event_count,
              to_char(next_check_on, 'YYYY-MM-DD') AS next_check_on FROM person_chains ORDER BY subject`,
    ),
    decisions: await db.query(
      `SELECT key, subject, rule_id, rule_version, outcome, explanation, input_event_ids, thresholds, findings, notify, digest,
              to_char(decided_on, 'YYYY-MM-DD') AS decided_on FROM decisions ORDER BY key`,
    ),
    cases: await db.query(
      `SELECT id, case_key, decision_key, subject, rule_id, rule_version, kind, label, owner_agency, province, state, opened_on, due_date,
              due_cannot_decide, caused_by, claimed_by, claimed_at, resolved_at, resolved_by, resolution_outcome, resolution_note, overdue_since
         FROM cases ORDER BY case_key`,
    ),
    reportFacts: await db.query('SELECT * FROM report_facts ORDER BY subject, fact_key'),
    peopleActions: await db.query(
      `SELECT id, case_id, action, actor, purpose, detail, at FROM case_actions WHERE detail ? 'agency' ORDER BY id`,
    ),
    serviceActions: await db.query(
      `SELECT case_id, action, actor, purpose, detail FROM case_actions WHERE NOT detail ? 'agency' ORDER BY case_id, action, detail::text`,
    ),
  };
}

/** Several people touching rules 1, 2, 3, 7 and 8, with events repeated. */
function events(): Record<string, unknown>[] {
  const [alice, child, bob] = [aSubject(), aSubject(), aSubject()];
  const permit = '310000202600001234';
  const residence = 'R310000260001234';
  const at = (day: string) => `${day}T10:00:00+08:00`;
  return [
    contractEvent(
      'work-permit.issued',
      { permitNo: permit, holder, validFrom: '2026-03-01', validTo: '2028-02-29' },
      { subject: alice, time: at('2026-02-20') },
    ),
    contractEvent(
      'residence-permit.issued',
      { permitNo: residence, holder, workPermitNo: permit, issuedOn: '2026-03-10', validFrom: '2026-03-10', validTo: '2028-02-29' },
      { subject: alice, time: at('2026-03-10') },
    ),
    contractEvent(
      'residence-permit.family-member-linked',
      { principal: { person: holder, residencePermitNo: residence, relationship: 'child' } },
      { subject: child, time: at('2026-03-24') },
    ),
    contractEvent(
      'work-permit.revoked',
      { permitNo: permit, holder, revokedOn: '2026-06-15', reason: 'false-materials' },
      { subject: alice, time: at('2026-06-15') },
    ),
    contractEvent(
      'work-permit.application-accepted',
      {
        applicationNo: 'WP-310000-2026-000777',
        holder,
        acceptedOn: '2026-05-07',
        mode: 'missing-documents',
        missingDocuments: [
          { kind: 'criminal-record', dueDate: '2026-06-05' },
          { kind: 'health-certificate', dueDate: '2026-06-05' },
        ],
      },
      { subject: bob, time: at('2026-05-07') },
    ),
    contractEvent(
      'work-permit.documents-supplied',
      { applicationNo: 'WP-310000-2026-000777', holder, documents: [{ kind: 'criminal-record', suppliedOn: '2026-06-01' }] },
      { subject: bob, time: at('2026-06-01') },
    ),
    contractEvent(
      'credit.violation-recorded',
      { recordNo: 'CR-310000-2026-000099', holder, kind: 'overstay' },
      { subject: bob, time: at('2026-06-10') },
    ),
  ];
}

/**
 * The rebuild on the real PostgreSQL: replaying linkage_inbox (with the overdue checks and people's
 * actions where they happened) gives exactly the chains, decisions and cases the live service made
 * from the same events fed in a shuffled order with duplicates, and keeps people's actions.
 */
describe('rebuildLinkage', () => {
  let live: MigratedTestDatabase;
  let other: MigratedTestDatabase;

  beforeAll(async () => {
    live = await createMigratedTestDatabase('linkage_rebuild', LINKAGE_MIGRATIONS);
    other = await createMigratedTestDatabase('linkage_rebuild_b', LINKAGE_MIGRATIONS);
  });
  afterAll(async () => {
    await live?.drop();
    await other?.drop();
  });

  it('makes the same chains, decisions and cases as the live path fed in another order with duplicates, and keeps what people did', async () => {
    const all = events();
    const linkage = new LinkagePipeline(live.dataSource);
    const fed = shuffled([...all, ...all.slice(0, 3)], 7);
    await linkage.deliver('2026-06-10', fed.slice(0, 4));
    await linkage.checkOverdue('2026-06-10');
    await linkage.deliver('2026-06-16', fed.slice(4, 7));
    await linkage.deliver('2026-06-16', fed.slice(7));
    await linkage.checkOverdue('2026-07-01');
    const [review] = await live.dataSource.query<{ id: string }[]>(`SELECT id FROM cases WHERE kind = 'residence-review'`);
    const desk = { agency: 'psb-310000', name: 'exit-entry-desk' };
    const [itemCase] = await live.dataSource.query<{ id: string }[]>(`SELECT id FROM cases WHERE kind = 'missing-document-overdue'`);
    // A caller may be named like the service: its actions are still people's (its agency is in the detail).
    await linkage.act(String(itemCase?.id), 'claimed', { agency: 'bureau-310000', name: 'linkage' });
    await linkage.act(String(review?.id), 'claimed', desk);
    await linkage.act(String(review?.id), 'released', desk);
    await linkage.act(String(review?.id), 'claimed', desk);
    await linkage.act(String(review?.id), 'resolved', desk, { outcome: 'kept-with-reason', note: 'New employer found.' });
    await linkage.checkOverdue('2026-07-02');
    const before = await derived(live.dataSource);
    expect((before['cases'] as unknown[]).length).toBeGreaterThanOrEqual(5);
    expect((before['reportFacts'] as unknown[]).length).toBeGreaterThanOrEqual(3);
    expect(before['peopleActions']).toHaveLength(5);

    const report = await linkage.rebuild('2026-07-02');

    expect(report).toMatchObject({ events: all.length, people: 3, overdueChecks: 3, actionsReapplied: 5 });
    expect(await derived(live.dataSource)).toEqual(before);

    const canonical = new LinkagePipeline(other.dataSource);
    await canonical.deliver('2026-07-02', all);
    expect((await derived(other.dataSource))['decisions']).toEqual(before['decisions']);
  });

  it('runs as `npm run linkage -- rebuild --as-of`, printing what it did', async () => {
    const { stdout } = await promisify(execFile)('node', ['dist/apps/linkage/src/cli.js', 'rebuild', '--as-of', '2026-07-02'], {
      env: { ...process.env, DATABASE_URL: live.url },
    });
    expect(JSON.parse(stdout)).toMatchObject({ rebuilt: true, asOf: '2026-07-02', people: 3, actionsReapplied: 5 });
    await expect(
      promisify(execFile)('node', ['dist/apps/linkage/src/cli.js', 'rebuild', '--as-of', '2026-02-30'], {
        env: { ...process.env, DATABASE_URL: live.url },
      }),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--as-of must be a calendar day') as unknown });
  });
});
