import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { validateEvent } from '@hub/contracts';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@hub/testing';
import { LinkageRules } from '../decide/linkage-rules.js';
import { LINKAGE_MIGRATIONS } from '../migrations/index.js';
import { aSubject, contractEvent, holderOf } from '../testing/contract-events.fixture.js';
import { LinkagePipeline, withoutSignature } from '../testing/linkage-pipeline.harness.js';
import { TEST_WAGES } from '../testing/rule-context.fixture.js';

const holder = holderOf('Élodie Marchand', 'E12345678');
const APPLICATION = 'WP-310000-2026-000123';
const COMMITMENT = 'CM-310000-2026-000045';
const PERMIT = '310000202600001234';
const RESIDENCE = 'R310000260001234';

type Row = Record<string, unknown>;
const types = (events: Row[]): unknown[] => events.map((event) => event['type']);
const pick = (rows: Row[], ...fields: string[]): Row[] => rows.map((row) => Object.fromEntries(fields.map((f) => [f, row[f]])));

/**
 * Rules 2 to 8 through the running pipeline (delivered events, the transaction, the overdue check)
 * on the real PostgreSQL, each test citing the clause of the notice it carries out.
 */
describe('linkage rules through the pipeline', () => {
  let database: MigratedTestDatabase;
  let linkage: LinkagePipeline;

  beforeAll(async () => {
    database = await createMigratedTestDatabase('linkage_rules', LINKAGE_MIGRATIONS);
    linkage = new LinkagePipeline(database.dataSource);
  });
  afterAll(async () => {
    await database?.drop();
  });

  function accepted(subject: string, data: Row) {
    return contractEvent(
      'work-permit.application-accepted',
      { applicationNo: APPLICATION, holder, acceptedOn: '2026-01-07', missingDocuments: undefined, ...data },
      { subject, time: '2026-01-07T10:00:00+08:00' },
    );
  }

  function supplied(subject: string, kind: string, on: string) {
    return contractEvent(
      'work-permit.documents-supplied',
      { applicationNo: APPLICATION, holder, documents: [{ kind, suppliedOn: on }] },
      { subject, time: `${on}T11:00:00+08:00` },
    );
  }

  it('rule 2 (notice 二(一), 告知承诺): an unverified commitment past its date is a deadline-overdue case for the bureau; the promised document supplied late closes it', async () => {
    const subject = aSubject();
    const commitment = { kind: 'criminal-record', commitmentNo: COMMITMENT, signedOn: '2026-01-06', verifyBy: '2026-03-06' };
    await linkage.deliver('2026-02-01', [accepted(subject, { mode: 'commitment', commitments: [commitment] })]);
    expect(await linkage.decisionsOf(subject)).toEqual([]);

    await linkage.checkOverdue('2026-03-06');
    expect(await linkage.casesOf(subject)).toEqual([]);
    await linkage.checkOverdue('2026-03-09');
    expect(pick(await linkage.casesOf(subject), 'kind', 'owner_agency', 'state', 'opened_on', 'due_date')).toEqual([
      { kind: 'commitment-overdue', owner_agency: 'bureau-310000', state: 'open', opened_on: '2026-03-06', due_date: '2026-03-13' },
    ]);
    expect(await linkage.outboxOf(subject)).toMatchObject([
      {
        type: 'linkage.deadline-overdue',
        data: { outcome: 'deadline-overdue', ruleId: 'LNK-02-NOTIFY-COMMIT', case: { kind: 'commitment-overdue' } },
      },
    ]);

    await linkage.deliver('2026-03-10', [supplied(subject, 'criminal-record', '2026-03-10')]);
    expect(pick(await linkage.casesOf(subject), 'state', 'resolved_by', 'resolution_outcome')).toEqual([
      { state: 'resolved', resolved_by: 'linkage', resolution_outcome: 'documents-verified' },
    ]);
    expect((await linkage.decisionsOf(subject))[0]).toMatchObject({ outcome: 'item-fulfilled-late' });
    expect(types(await linkage.outboxOf(subject))).toEqual(['linkage.deadline-overdue', 'linkage.case-resolved']);
  });

  it('rule 2 (notice 二(一), 事中事后监管): a breached commitment opens a review of revoking the work permit for the bureau', async () => {
    const subject = aSubject();
    const commitment = { kind: 'criminal-record', commitmentNo: COMMITMENT, signedOn: '2026-01-06', verifyBy: '2026-03-06' };
    const breached = contractEvent(
      'credit.commitment-breached',
      {
        recordNo: 'CB-310000-2026-000012',
        holder,
        commitmentNo: COMMITMENT,
        applicationNo: APPLICATION,
        committedOn: '2026-01-06',
        dueOn: '2026-03-06',
        breachedOn: '2026-03-20',
      },
      { subject, time: '2026-03-20T10:00:00+08:00' },
    );
    await linkage.deliver('2026-03-20', [accepted(subject, { mode: 'commitment', commitments: [commitment] }), breached]);

    const cases = pick(await linkage.casesOf(subject), 'kind', 'owner_agency', 'opened_on', 'rule_id');
    expect(cases).toContainEqual({
      kind: 'revocation-review',
      owner_agency: 'bureau-310000',
      opened_on: '2026-03-20',
      rule_id: 'LNK-02B-COMMITMENT-BREACHED',
    });
    expect(await linkage.outboxOf(subject)).toContainEqual(
      expect.objectContaining({
        type: 'linkage.review-required',
        data: expect.objectContaining({ ruleId: 'LNK-02B-COMMITMENT-BREACHED' }) as unknown,
      }),
    );
  });

  it('rule 2 (notice 二(一), 告知承诺): a commitment the bureau found untrue is a breach: a revocation review for the bureau, and credit.commitment-breached published for the credit agency', async () => {
    const subject = aSubject();
    const commitment = { kind: 'criminal-record', commitmentNo: COMMITMENT, signedOn: '2026-01-06', verifyBy: '2026-03-06' };
    const verified = contractEvent(
      'work-permit.commitment-verified',
      {
        applicationNo: APPLICATION,
        holder,
        commitmentNo: COMMITMENT,
        documentKind: 'criminal-record',
        result: 'untrue',
        verifiedOn: '2026-02-18',
      },
      { subject, time: '2026-02-18T10:00:00+08:00' },
    );
    await linkage.deliver('2026-02-18', [accepted(subject, { mode: 'commitment', commitments: [commitment] }), verified]);

    expect(pick(await linkage.casesOf(subject), 'kind', 'owner_agency', 'opened_on')).toEqual([
      { kind: 'revocation-review', owner_agency: 'bureau-310000', opened_on: '2026-02-18' },
    ]);
    const events = await linkage.outboxOf(subject);
    expect(types(events).sort()).toEqual(['credit.commitment-breached', 'linkage.review-required']);
    const credit = events.find((event) => event['type'] === 'credit.commitment-breached') as Row;
    expect(credit).toMatchObject({
      agency: 'linkage',
      contractversion: 1,
      data: {
        commitmentNo: COMMITMENT,
        applicationNo: APPLICATION,
        holder,
        documentKind: 'criminal-record',
        breach: 'false-statement',
        breachedOn: '2026-02-18',
      },
    });
    // The hub would accept it: the event meets its contract.
    expect(() => validateEvent(withoutSignature(credit))).not.toThrow();
    expect(events.find((event) => event['type'] === 'linkage.review-required')).toMatchObject({
      data: { outcome: 'commitment-breached', notify: ['credit'] },
    });
  });

  it("rule 4 (notice 二(四)): a graduate-path application is verified by a master's degree from a Chinese university within the window; without one the bureau checks with education", async () => {
    const [graduate, other] = [aSubject(), aSubject()];
    const submitted = (subject: string) =>
      contractEvent(
        'work-permit.application-submitted',
        { applicationNo: APPLICATION, holder, submittedOn: '2026-01-05', path: 'graduate' },
        { subject, time: '2026-01-05T10:00:00+08:00', version: 2 },
      );
    const degree = contractEvent(
      'education.degree-conferred',
      { holder, level: 'master', conferredOn: '2025-06-30' },
      { subject: graduate, time: '2025-06-30T10:00:00+08:00' },
    );
    await linkage.deliver('2026-01-06', [submitted(graduate), degree, submitted(other)]);

    expect(pick(await linkage.decisionsOf(graduate), 'rule_id', 'outcome')).toEqual([{ rule_id: 'LNK-04-GRADUATE', outcome: 'verified' }]);
    expect(await linkage.casesOf(graduate)).toEqual([]);
    expect(pick(await linkage.casesOf(other), 'kind', 'owner_agency', 'opened_on')).toEqual([
      { kind: 'graduate-degree-check', owner_agency: 'bureau-310000', opened_on: '2026-01-05' },
    ]);
    expect(types(await linkage.outboxOf(other))).toEqual(['linkage.review-required']);
  });

  it('rule 3 (notice 二(一), 容缺受理): each missing document is an item; one supplied in time closes itself, one overdue opens a case for the bureau', async () => {
    const subject = aSubject();
    const missing = [
      { kind: 'criminal-record', dueDate: '2026-02-06' },
      { kind: 'health-certificate', dueDate: '2026-02-06' },
    ];
    await linkage.deliver('2026-01-28', [
      accepted(subject, { mode: 'missing-documents', missingDocuments: missing }),
      supplied(subject, 'criminal-record', '2026-01-28'),
    ]);
    await linkage.checkOverdue('2026-02-09');

    const decisions = pick(await linkage.decisionsOf(subject), 'key', 'outcome');
    expect(decisions.map((d) => d['outcome']).sort()).toEqual(['deadline-overdue', 'item-fulfilled']);
    expect(pick(await linkage.casesOf(subject), 'kind', 'owner_agency', 'opened_on', 'state')).toEqual([
      { kind: 'missing-document-overdue', owner_agency: 'bureau-310000', opened_on: '2026-02-06', state: 'open' },
    ]);
    expect(types(await linkage.outboxOf(subject)).sort()).toEqual(['linkage.case-resolved', 'linkage.deadline-overdue']);
  });

  function taxYear(subject: string, year: number, salary: string, tax: string) {
    return contractEvent(
      'tax.annual-income-reported',
      {
        reportNo: `31011520${year + 1}0520001${year % 100}`,
        holder,
        taxYear: year,
        annualSalary: salary,
        individualIncomeTaxPaid: tax,
        reportedOn: `${year + 1}-05-20`,
      },
      { subject, time: `${year + 1}-05-20T10:00:00+08:00`, region: '310115' },
    );
  }

  function stayed(subject: string, year: number, days: number) {
    return contractEvent(
      'residence-permit.annual-stay-reported',
      { holder, year, daysInChina: days, reportedOn: `${year + 1}-01-15` },
      { subject, time: `${year + 1}-01-15T10:00:00+08:00`, region: '310115' },
    );
  }

  function permitThrough(subject: string) {
    return contractEvent(
      'work-permit.issued',
      { permitNo: PERMIT, holder, validFrom: '2020-06-01', validTo: '2026-05-31' },
      { subject, time: '2020-05-20T10:00:00+08:00' },
    );
  }

  it('rule 5 (notice 二(三)): four years of salary at 6 × the average wage and 20 % tax with a valid permit make the person eligible; public security and the bureau are told', async () => {
    const withWages = new LinkagePipeline(database.dataSource, new LinkageRules(TEST_WAGES));
    const subject = aSubject();
    await withWages.deliver('2026-01-10', [
      contractEvent(
        'work-permit.issued',
        { permitNo: PERMIT, holder, validFrom: '2020-01-01', validTo: '2026-05-31' },
        { subject, time: '2019-12-20T10:00:00+08:00' },
      ),
      ...[2021, 2022, 2023, 2024].flatMap((year) => [taxYear(subject, year, '900000.00', '190000.00'), stayed(subject, year, 300)]),
    ]);
    const [decision] = await withWages.decisionsOf(subject);
    expect(decision).toMatchObject({ outcome: 'eligibility-determined', notify: ['psb-310000', 'bureau-310000'] });
    const [event] = await withWages.outboxOf(subject);
    expect(event).toMatchObject({ type: 'linkage.eligibility-determined', data: { notify: ['psb-310000', 'bureau-310000'] } });
    const findings = (event?.['data'] as { findings: { passed: string }[] }).findings;
    expect(findings.length).toBeGreaterThanOrEqual(16);
    expect(new Set(findings.map((f) => f.passed))).toEqual(new Set(['yes']));
  });

  it('rule 5 (notice 二(三)): a year without a reference wage is a visible "cannot decide" case, never a guess', async () => {
    const subject = aSubject();
    await linkage.deliver('2026-01-10', [
      permitThrough(subject),
      ...[2021, 2022, 2023, 2024].flatMap((year) => [taxYear(subject, year, '900000.00', '190000.00'), stayed(subject, year, 300)]),
    ]);
    expect((await linkage.decisionsOf(subject))[0]).toMatchObject({ outcome: 'cannot-decide' });
    expect(pick(await linkage.casesOf(subject), 'kind', 'owner_agency')).toEqual([
      { kind: 'reference-data-missing', owner_agency: 'psb-310000' },
    ]);
    expect(types(await linkage.outboxOf(subject))).toEqual(['linkage.review-required']);
  });

  it('rule 6 (notice 二(一), 二(二)): a talent card marks the person for simplified procedures at foreign affairs and public security; its suspension withdraws that at once', async () => {
    const subject = aSubject();
    const card = {
      cardNo: 'TC-310000-2026-000078',
      holder,
      tier: 'A',
      workPermitNo: PERMIT,
      issuedOn: '2026-02-16',
      validTo: '2031-02-15',
    };
    await linkage.deliver('2026-02-16', [contractEvent('talent-card.issued', card, { subject, time: '2026-02-16T10:00:00+08:00' })]);
    expect(await linkage.outboxOf(subject)).toMatchObject([
      { type: 'linkage.talent-status-changed', data: { outcome: 'simplified-procedures', notify: ['mfa', 'psb-310000'] } },
    ]);
    const [row] = await database.dataSource.query<{ card_numbers: string[] }[]>(
      'SELECT card_numbers FROM person_chains WHERE subject = $1',
      [subject],
    );
    expect(row?.card_numbers).toEqual(['TC-310000-2026-000078']);

    const suspended = contractEvent(
      'talent-card.suspended',
      { cardNo: card.cardNo, holder, suspendedOn: '2026-03-02', until: '2026-06-01' },
      { subject, time: '2026-03-02T10:00:00+08:00' },
    );
    await linkage.deliver('2026-03-02', [suspended]);
    expect(await linkage.decisionsOf(subject)).toEqual([]);
    expect((await linkage.outboxOf(subject))[1]).toMatchObject({ type: 'linkage.talent-status-changed', data: { outcome: 'flag-lifted' } });
  });

  it('rule 7 (notice 三, 事中事后监管): a serious violation flags the chain and opens permit reviews for the bureau and public security; a cleared record lifts the flag and closes them', async () => {
    const subject = aSubject();
    const recordNo = 'CR-310000-2026-000045';
    await linkage.deliver('2026-02-26', [
      contractEvent(
        'credit.violation-recorded',
        { recordNo, holder, kind: 'illegal-employment' },
        { subject, time: '2026-02-26T10:00:00+08:00' },
      ),
    ]);
    expect(pick(await linkage.casesOf(subject), 'kind', 'owner_agency', 'state')).toEqual([
      { kind: 'permit-review', owner_agency: 'bureau-310000', state: 'open' },
      { kind: 'permit-review', owner_agency: 'psb-310000', state: 'open' },
    ]);
    await linkage.deliver('2026-04-01', [
      contractEvent(
        'credit.record-cleared',
        { recordNo, recordType: 'violation', holder, clearedOn: '2026-04-01' },
        { subject, time: '2026-04-01T10:00:00+08:00' },
      ),
    ]);
    expect((await linkage.decisionsOf(subject))[0]).toMatchObject({ outcome: 'flag-lifted' });
    expect(pick(await linkage.casesOf(subject), 'state', 'resolution_outcome')).toEqual([
      { state: 'resolved', resolution_outcome: 'no-action-needed' },
      { state: 'resolved', resolution_outcome: 'no-action-needed' },
    ]);
    expect(types(await linkage.outboxOf(subject))).toEqual([
      'linkage.flag-changed',
      'linkage.flag-changed',
      'linkage.flag-changed',
      'linkage.flag-changed',
    ]);
  });

  function familyStory(principal: string, child: string) {
    return {
      permit: contractEvent(
        'work-permit.issued',
        { permitNo: PERMIT, holder, validFrom: '2026-03-01', validTo: '2028-02-29' },
        { subject: principal, time: '2026-02-20T10:00:00+08:00' },
      ),
      residence: contractEvent(
        'residence-permit.issued',
        { permitNo: RESIDENCE, holder, workPermitNo: PERMIT, issuedOn: '2026-03-10', validFrom: '2026-03-10', validTo: '2028-02-29' },
        { subject: principal, time: '2026-03-10T10:00:00+08:00' },
      ),
      linked: contractEvent(
        'residence-permit.family-member-linked',
        { principal: { person: holder, residencePermitNo: RESIDENCE, relationship: 'child' } },
        { subject: child, time: '2026-03-24T10:00:00+08:00' },
      ),
      revoked: contractEvent(
        'work-permit.revoked',
        { permitNo: PERMIT, holder, revokedOn: '2026-06-15', reason: 'false-materials' },
        { subject: principal, time: '2026-06-15T16:00:00+08:00' },
      ),
    };
  }

  it("rule 8 (notice 二(三)): the principal's work permit revoked, the linked child's residence permit gets a review case for public security too", async () => {
    const [principal, child] = [aSubject(), aSubject()];
    const story = familyStory(principal, child);
    await linkage.deliver('2026-03-24', [story.permit, story.residence, story.linked]);
    await linkage.deliver('2026-06-16', [story.revoked]);

    expect(pick(await linkage.casesOf(child), 'kind', 'owner_agency', 'opened_on', 'rule_id')).toEqual([
      { kind: 'family-residence-review', owner_agency: 'psb-310000', opened_on: '2026-06-15', rule_id: 'LNK-08-FAMILY' },
    ]);
    expect(types(await linkage.outboxOf(child))).toEqual(['linkage.review-required']);
    const family = await database.dataSource.query<{ subject: string; family_subjects: string[] }[]>(
      'SELECT subject, family_subjects FROM person_chains WHERE subject = ANY($1) ORDER BY subject',
      [[principal, child]],
    );
    expect(family.map((row) => row.family_subjects)).toEqual(family.map((row) => [row.subject === principal ? child : principal]));
  });

  it('rule 8 (notice 二(三)): a family link arriving after the principal’s permit ended re-evaluates the principal and opens the member’s review', async () => {
    const [principal, child] = [aSubject(), aSubject()];
    const story = familyStory(principal, child);
    await linkage.deliver('2026-06-16', [story.permit, story.residence, story.revoked]);
    expect(await linkage.casesOf(child)).toEqual([]);
    await linkage.deliver('2026-06-17', [story.linked]);

    expect(pick(await linkage.casesOf(child), 'kind', 'subject')).toEqual([{ kind: 'family-residence-review', subject: child }]);
  });
});
