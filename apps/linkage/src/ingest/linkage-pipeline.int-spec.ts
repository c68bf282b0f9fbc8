import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyEventSignature } from '@hub/identity';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { aSubject, contractEvent, holderOf } from '../testing/contract-events.fixture.js';
import { LinkagePipeline } from '../testing/linkage-pipeline.harness.js';

const PERMIT = '310000202600001234';
const RESIDENCE = 'R310000260001234';

/** A work permit, the work-type residence permit resting on it, and its revocation on 2026-06-15 (a Monday). */
function permitRevokedStory(subject: string, holder = holderOf('Élodie Marchand', 'E12345678')) {
  return {
    issued: contractEvent(
      'work-permit.issued',
      { permitNo: PERMIT, holder, validFrom: '2026-03-01', validTo: '2028-02-29' },
      { subject, time: '2026-02-20T10:00:00+08:00' },
    ),
    residence: contractEvent(
      'residence-permit.issued',
      { permitNo: RESIDENCE, holder, workPermitNo: PERMIT, issuedOn: '2026-03-10', validFrom: '2026-03-10', validTo: '2028-02-29' },
      { subject, time: '2026-03-10T10:00:00+08:00' },
    ),
    revoked: contractEvent(
      'work-permit.revoked',
      { permitNo: PERMIT, holder, revokedOn: '2026-06-15', reason: 'false-materials' },
      { subject, time: '2026-06-15T16:00:00+08:00' },
    ),
    shortened: contractEvent(
      'residence-permit.shortened',
      {
        permitNo: RESIDENCE,
        holder,
        shortenedOn: '2026-06-22',
        previousValidTo: '2028-02-29',
        validTo: '2026-07-15',
        workPermitNo: PERMIT,
      },
      { subject, time: '2026-06-22T10:00:00+08:00' },
    ),
  };
}

/**
 * The linkage service's transaction per batch on the real PostgreSQL: chains, inbox, decisions,
 * cases with their actions, and signed linkage events in the outbox, together; duplicates, late and
 * out-of-order events, unknown people, poison; the overdue check; the rebuild.
 */
describe('linkage pipeline', () => {
  let database: MigratedTestDatabase;
  let other: MigratedTestDatabase;
  let linkage: LinkagePipeline;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_pipeline', LINKAGE_MIGRATIONS);
    other = await createMigratedTestDatabase('linkage_pipeline_b', LINKAGE_MIGRATIONS);
    linkage = new LinkagePipeline(database.dataSource);
  });
  afterAll(async () => {
    await database?.drop();
    await other?.drop();
  });

  it('rule 1 (notice 二(三)): a revoked work permit opens a residence review for public security, due in 10 working days, announced by linkage.review-required signed by linkage', async () => {
    const subject = aSubject();
    const story = permitRevokedStory(subject);
    await linkage.deliver('2026-06-16', [story.issued, story.residence, story.revoked]);

    const [review] = await linkage.casesOf(subject);
    // Ten working days from Monday 15 June 2026: the Dragon Boat Festival (Friday 19 June) is not one of them.
    expect(review).toMatchObject({
      kind: 'residence-review',
      owner_agency: 'psb-310000',
      province: '310000',
      state: 'open',
      opened_on: '2026-06-15',
      due_date: '2026-06-30',
      rule_id: 'LNK-01-WORK-PERMIT-ENDED',
      caused_by: [story.issued.id, story.residence.id, story.revoked.id].sort(),
    });
    expect(await linkage.actionsOf(subject)).toEqual([
      expect.objectContaining({ action: 'opened', actor: 'linkage', purpose: 'linkage-supervision', kind: 'residence-review' }),
    ]);
    const [decision] = await linkage.decisionsOf(subject);
    expect(decision).toMatchObject({ outcome: 'review-required', decided_on: '2026-06-15', input_event_ids: review?.['caused_by'] });

    const facts = await database.dataSource.query<{ kind: string; province: string }[]>(
      'SELECT kind, province FROM report_facts WHERE subject = $1 ORDER BY kind',
      [subject],
    );
    expect(facts).toEqual([
      { kind: 'permit-issued', province: '310000' },
      { kind: 'residence-issued', province: '310000' },
    ]);

    const [announced, ...rest] = await linkage.outboxOf(subject);
    expect(rest).toEqual([]);
    expect(announced).toMatchObject({
      type: 'linkage.review-required',
      source: 'urn:hub:agency:linkage',
      agency: 'linkage',
      subject,
      region: '310000',
      contractversion: 1,
      data: {
        decisionKey: decision?.['key'],
        ruleId: 'LNK-01-WORK-PERMIT-ENDED',
        ruleVersion: 1,
        outcome: 'review-required',
        inputEventIds: review?.['caused_by'],
        thresholds: [{ name: 'dueInWorkingDays', value: '10' }],
        case: {
          caseId: review?.['id'],
          kind: 'residence-review',
          ownerAgency: 'psb-310000',
          state: 'open',
          openedOn: '2026-06-15',
          dueDate: '2026-06-30',
        },
      },
    });
    const verified = await verifyEventSignature(announced as object, () => ({
      alg: 'ed25519',
      publicKey: linkage.signingKey.publicKey,
      agencyId: 'linkage',
      status: 'active',
    }));
    expect(verified).toMatchObject({ keyId: 'linkage-spec' });
  });

  it('rule 1: public security shortening the residence permit resolves the review as residence-shortened, announced by linkage.case-resolved', async () => {
    const subject = aSubject();
    const story = permitRevokedStory(subject);
    await linkage.deliver('2026-06-16', [story.issued, story.residence, story.revoked]);
    await linkage.deliver('2026-06-22', [story.shortened]);

    const [review] = await linkage.casesOf(subject);
    expect(review).toMatchObject({ state: 'resolved', resolved_by: 'linkage', resolution_outcome: 'residence-shortened' });
    expect(new Date(String(review?.['resolved_at'])).toISOString()).toBe('2026-06-22T02:00:00.000Z');
    expect((await linkage.actionsOf(subject)).map((a) => [a['action'], a['actor']])).toEqual([
      ['opened', 'linkage'],
      ['resolved', 'linkage'],
    ]);
    const events = await linkage.outboxOf(subject);
    expect(events.map((e) => e['type'])).toEqual(['linkage.review-required', 'linkage.case-resolved']);
    expect(events[1]).toMatchObject({
      data: {
        outcome: 'case-resolved',
        case: { state: 'resolved', resolution: { outcome: 'residence-shortened', resolvedBy: 'linkage' } },
      },
    });
  });

  it('changes nothing for duplicates, in the same batch or delivered again later', async () => {
    const subject = aSubject();
    const story = permitRevokedStory(subject);
    await linkage.deliver('2026-06-16', [story.issued, story.issued, story.residence, story.revoked]);
    const before = {
      cases: await linkage.casesOf(subject),
      decisions: await linkage.decisionsOf(subject),
      events: await linkage.outboxOf(subject),
    };

    const outcome = await linkage.deliver('2026-06-17', [story.revoked, story.issued, story.residence]);

    expect(outcome).toMatchObject({ applied: 0, duplicates: 3, deadLettered: [] });
    expect({
      cases: await linkage.casesOf(subject),
      decisions: await linkage.decisionsOf(subject),
      events: await linkage.outboxOf(subject),
    }).toEqual(before);
    const [chain] = await database.dataSource.query<{ event_count: number }[]>('SELECT event_count FROM person_chains WHERE subject = $1', [
      subject,
    ]);
    expect(chain?.event_count).toBe(3);
  });

  it('starts a chain for a person it has not seen, and comes to the same decisions and cases whatever order the events arrive in', async () => {
    const subject = aSubject();
    const story = permitRevokedStory(subject);
    const outcome = await linkage.deliver('2026-06-16', [story.revoked]);
    expect(outcome).toMatchObject({ applied: 1, subjects: 1 });
    // The revocation alone: no residence permit known to the hub, so public security is asked anyway.
    expect((await linkage.casesOf(subject)).map((c) => c['kind'])).toEqual(['residence-review']);
    await linkage.deliverEach('2026-06-16', [story.residence, story.issued]);

    const inOrder = new LinkagePipeline(other.dataSource);
    await inOrder.deliverEach('2026-06-16', [story.issued, story.residence, story.revoked]);
    const withoutTimes = (rows: Record<string, unknown>[]) => rows.map(({ resolved_at: _r, ...row }) => row);
    expect(withoutTimes(await linkage.casesOf(subject))).toEqual(withoutTimes(await inOrder.casesOf(subject)));
    expect(await linkage.decisionsOf(subject)).toEqual(await inOrder.decisionsOf(subject));
  });

  it('dead-letters what it cannot use with a code and a reason naming the field, and applies the events behind it', async () => {
    const subject = aSubject();
    const story = permitRevokedStory(subject);
    const broken = {
      ...story.issued,
      id: '0b5a2c33-7d0e-4f55-9a51-3c1e0f2b9d47',
      data: { ...(story.issued['data'] as object), validTo: '2028-02-30' },
    };
    const outcome = await linkage.deliver('2026-06-16', ['{"not json', broken, story.issued, story.residence]);

    expect(outcome.deadLettered.map((d) => d.errorCode)).toEqual(['MALFORMED_JSON', 'INVALID_RECORD']);
    expect(outcome.deadLettered[1]?.errorMessage).toContain('data.validTo (');
    expect(outcome.applied).toBe(2);
    const stored = await database.dataSource.query<{ error_code: string }[]>(
      `SELECT error_code FROM dead_letters WHERE payload LIKE $1 OR payload = '{"not json'`,
      [`%${broken.id}%`],
    );
    expect(stored.map((row) => row.error_code).sort()).toEqual(['INVALID_RECORD', 'MALFORMED_JSON']);
  });

  it('turns a review past its due date overdue at the overdue check, audited and announced by linkage.deadline-overdue, and only once', async () => {
    const subject = aSubject();
    const story = permitRevokedStory(subject);
    await linkage.deliver('2026-06-16', [story.issued, story.residence, story.revoked]);
    expect(await linkage.checkOverdue('2026-06-30')).toBeGreaterThanOrEqual(0);
    expect((await linkage.casesOf(subject))[0]).toMatchObject({ state: 'open' });

    await linkage.checkOverdue('2026-07-01');
    await linkage.checkOverdue('2026-07-02');

    expect((await linkage.casesOf(subject))[0]).toMatchObject({ state: 'overdue', overdue_since: '2026-07-01', due_date: '2026-06-30' });
    expect((await linkage.actionsOf(subject)).map((a) => a['action'])).toEqual(['opened', 'overdue']);
    const events = await linkage.outboxOf(subject);
    expect(events.map((e) => e['type'])).toEqual(['linkage.review-required', 'linkage.deadline-overdue']);
    expect(events[1]).toMatchObject({ data: { outcome: 'deadline-overdue', case: { state: 'overdue', dueDate: '2026-06-30' } } });
  });
});
