import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aPermitNo, waitUntil } from '@hub/testing';
import { OverdueCheckService } from '../../apps/linkage/src/cases/overdue-check.service.js';
import { aPerson, anEvent, LinkageScene, type Json } from '../support/linkage-scene.js';

/** The day the linkage service looks from: Tuesday 16 June 2026 (Friday 19 June is the Dragon Boat Festival). */
const AS_OF = '2026-06-16';
const SIGNED_BY_LINKAGE = expect.stringMatching(/^ed25519:linkage-test-k1:/) as unknown;

const pick = (rows: Json[], ...fields: string[]): Json[] => rows.map((row) => Object.fromEntries(fields.map((f) => [f, row[f]])));
const sorted = (...events: Json[]): string[] => events.map((event) => String(event['id'])).sort();
const at = (day: string): string => `${day}T10:00:00+08:00`;
let serial = 0;
/** A reference number of the given prefix, new in this run. */
const aNo = (prefix: string): string => `${prefix}-310000-2026-${String(Date.now() % 1_000_000).padStart(6, '0')}${serial++}`;
const aResidenceNo = (): string => `R310000${String(Date.now()).slice(-8)}${serial++}`;

/**
 * Rules 2 to 8 of the linkage service end to end: the agencies (bureau, public security, education,
 * tax, credit supervision) publish their signed events through the hub's HTTP API; the hub delivers
 * them over Kafka to the linkage service, which keeps one chain per person in its own PostgreSQL
 * database; its cases, decisions and signed `linkage.*` conclusions are read back from its database,
 * from the hub's store and from the owning agencies' inbound topics. Every test names the clause of
 * 《关于全面实施外国人来华工作许可制度的通知》 it carries out.
 */
describe('linkage rules on the hub and broker (notice 二, 三)', () => {
  let scene: LinkageScene;

  beforeAll(async () => {
    scene = await LinkageScene.start(AS_OF);
  }, 180_000);
  afterAll(async () => {
    await scene?.destroy();
  }, 60_000);

  /** A conclusion stored by the hub, signed by the linkage agency, is delivered to `agency` for its subscription. */
  async function expectDelivered(agency: string, stored: { id: string; envelope: Json }): Promise<Json> {
    expect(stored.envelope).toMatchObject({ agency: 'linkage', signature: SIGNED_BY_LINKAGE });
    const delivery = await scene.deliveredTo(agency, stored.id);
    expect(delivery.subscriptionId).toBe(scene.subscriptions.get(agency));
    expect(delivery.event).toMatchObject({ id: stored.id, type: stored.envelope['type'], agency: 'linkage' });
    return delivery.event;
  }

  function workPermit(holder: Json, permitNo: string, permitClass = 'B', issued = '2026-02-20'): Json {
    return anEvent('work-permit.issued', 1, { permitNo, holder, permitClass, validFrom: '2026-03-01', validTo: '2028-02-29' }, at(issued));
  }

  function residencePermit(holder: Json, permitNo: string, workPermitNo: string): Json {
    return anEvent(
      'residence-permit.issued',
      1,
      { permitNo, holder, workPermitNo, issuedOn: '2026-03-10', validFrom: '2026-03-10', validTo: '2028-02-29' },
      at('2026-03-10'),
    );
  }

  function revoked(holder: Json, permitNo: string, on = '2026-06-15'): Json {
    return anEvent('work-permit.revoked', 1, { permitNo, holder, revokedOn: on, reason: 'false-materials' }, `${on}T16:00:00+08:00`);
  }

  function accepted(holder: Json, applicationNo: string, acceptedOn: string, items: Json): Json {
    return anEvent(
      'work-permit.application-accepted',
      1,
      { applicationNo, holder, acceptedOn, missingDocuments: undefined, ...items },
      at(acceptedOn),
    );
  }

  function supplied(holder: Json, applicationNo: string, kind: string, on: string): Json {
    return anEvent(
      'work-permit.documents-supplied',
      1,
      { applicationNo, holder, documents: [{ kind, suppliedOn: on }] },
      `${on}T11:00:00+08:00`,
    );
  }

  it('rule 2 (notice 二(一), 告知承诺): a commitment not verified by its date is a deadline-overdue case for the bureau, delivered to it; the promised document supplied late closes it', async () => {
    const holder = aPerson('Amadou Diallo');
    const applicationNo = aNo('WP');
    const commitment = { kind: 'criminal-record', commitmentNo: aNo('CM'), signedOn: '2026-05-05', verifyBy: '2026-06-10' };
    const acceptance = accepted(holder, applicationNo, '2026-05-06', { mode: 'commitment', commitments: [commitment] });
    await scene.publish(acceptance);
    const subject = await scene.subjectOf(acceptance);

    const [overdue] = await scene.casesWhen(subject, 'the commitment-overdue case', (cases) => cases.length === 1);
    // Due date 10 June passed unverified: the bureau has 5 working days from it (11, 12, 15, 16, 17 June).
    expect(overdue).toMatchObject({
      kind: 'commitment-overdue',
      owner_agency: 'bureau-310000',
      state: 'open',
      rule_id: 'LNK-02-NOTIFY-COMMIT',
      opened_on: '2026-06-10',
      due_date: '2026-06-17',
      caused_by: [acceptance['id']],
    });
    expect(await scene.decisionsOf(subject)).toMatchObject([
      {
        rule_id: 'LNK-02-NOTIFY-COMMIT',
        rule_version: 2,
        outcome: 'deadline-overdue',
        input_event_ids: [acceptance['id']],
        thresholds: { dueDate: '2026-06-10', dueInWorkingDays: 5 },
        explanation: {
          en: expect.stringContaining(`commitment ${commitment.commitmentNo} (criminal-record) was due on 2026-06-10`) as unknown,
        },
      },
    ]);
    const stored = await scene.storedConclusion(subject, 'linkage.deadline-overdue');
    expect(stored.envelope['data']).toMatchObject({
      ruleId: 'LNK-02-NOTIFY-COMMIT',
      ruleVersion: 2,
      outcome: 'deadline-overdue',
      inputEventIds: [acceptance['id']],
      thresholds: [
        { name: 'dueDate', value: '2026-06-10' },
        { name: 'dueInWorkingDays', value: '5' },
      ],
      case: { caseId: overdue?.['id'], kind: 'commitment-overdue', ownerAgency: 'bureau-310000', state: 'open', dueDate: '2026-06-17' },
    });
    await expectDelivered('bureau-310000', stored);

    const late = supplied(holder, applicationNo, 'criminal-record', '2026-06-16');
    await scene.publish(late);
    const [closed] = await scene.casesWhen(subject, 'the case closed by the document', (cases) => cases[0]?.['state'] === 'resolved');
    expect(closed).toMatchObject({ resolved_by: 'linkage', resolution_outcome: 'documents-verified' });
    expect(await scene.decisionsOf(subject)).toMatchObject([{ outcome: 'item-fulfilled-late', input_event_ids: sorted(acceptance, late) }]);
    const resolved = await scene.storedConclusion(subject, 'linkage.case-resolved');
    expect(resolved.envelope['data']).toMatchObject({
      outcome: 'item-fulfilled-late',
      case: { caseId: overdue?.['id'], state: 'resolved', resolution: { outcome: 'documents-verified', resolvedBy: 'linkage' } },
    });
    await expectDelivered('bureau-310000', resolved);
  });

  it('rule 2 (notice 二(一), 告知承诺; 三 事中事后监管): a commitment the bureau found untrue opens a revocation review for the bureau, and credit.commitment-breached reaches the credit agency', async () => {
    const holder = aPerson('Nadia Haddad');
    const [applicationNo, permitNo] = [aNo('WP'), aPermitNo()];
    const commitment = { kind: 'criminal-record', commitmentNo: aNo('CM'), signedOn: '2026-05-05', verifyBy: '2026-07-31' };
    const permit = workPermit(holder, permitNo, 'B', '2026-05-20');
    const acceptance = accepted(holder, applicationNo, '2026-05-06', { mode: 'commitment', commitments: [commitment] });
    const verified = anEvent(
      'work-permit.commitment-verified',
      1,
      {
        applicationNo,
        holder,
        commitmentNo: commitment.commitmentNo,
        documentKind: 'criminal-record',
        result: 'untrue',
        verifiedOn: '2026-06-12',
      },
      at('2026-06-12'),
    );
    await scene.publish(acceptance, permit, verified);
    const subject = await scene.subjectOf(acceptance);

    const [decision] = await scene.decisionsWhen(
      subject,
      'the breach decided on all three facts',
      (rows) => (rows[0]?.['input_event_ids'] as string[] | undefined)?.length === 3,
    );
    expect(decision).toMatchObject({
      rule_id: 'LNK-02B-COMMITMENT-BREACHED',
      outcome: 'commitment-breached',
      notify: ['credit'],
      input_event_ids: sorted(acceptance, permit, verified),
      thresholds: { verifyBy: '2026-07-31', dueInWorkingDays: 10 },
      explanation: { en: expect.stringContaining(`review revoking work permit(s) ${permitNo}`) as unknown },
    });
    const cases = await scene.casesOf(subject);
    expect(cases).toHaveLength(1);
    const [review] = cases;
    // Found untrue on Friday 12 June: 10 working days, the Dragon Boat Festival (19 June) not among them.
    expect(review).toMatchObject({
      kind: 'revocation-review',
      owner_agency: 'bureau-310000',
      state: 'open',
      rule_id: 'LNK-02B-COMMITMENT-BREACHED',
      opened_on: '2026-06-12',
      due_date: '2026-06-29',
    });

    const conclusion = await scene.storedConclusion(subject, 'linkage.review-required');
    expect(conclusion.envelope['data']).toMatchObject({
      outcome: 'commitment-breached',
      notify: ['credit'],
      case: { caseId: review?.['id'] },
    });
    await expectDelivered('bureau-310000', conclusion);
    await expectDelivered('credit', conclusion);

    const breach = await scene.storedConclusion(subject, 'credit.commitment-breached');
    const atCredit = await expectDelivered('credit', breach);
    expect(atCredit).toMatchObject({
      subject,
      data: {
        commitmentNo: commitment.commitmentNo,
        applicationNo,
        documentKind: 'criminal-record',
        breach: 'false-statement',
        breachedOn: '2026-06-12',
      },
    });
    // Credit supervision reads people by subject id only (its projection withholds raw identifiers).
    expect((atCredit['data'] as Json)['holder']).not.toHaveProperty('passportNo');
  });

  it('rule 3 (notice 二(一), 容缺受理): each missing document is an item; one supplied in time closes itself, one past its date is an overdue case for the bureau', async () => {
    const holder = aPerson('Lucía Fernández');
    const applicationNo = aNo('WP');
    const acceptance = accepted(holder, applicationNo, '2026-05-29', {
      mode: 'missing-documents',
      missingDocuments: [
        { kind: 'criminal-record', dueDate: '2026-06-26' },
        { kind: 'health-certificate', dueDate: '2026-06-08' },
        { kind: 'degree-certificate', dueDate: '2026-07-03' },
      ],
    });
    const inTime = supplied(holder, applicationNo, 'criminal-record', '2026-06-12');
    await scene.publish(acceptance, inTime);
    const subject = await scene.subjectOf(acceptance);

    const decisions = await scene.decisionsWhen(subject, 'both items decided', (rows) => rows.length === 2);
    expect(
      pick(decisions, 'key', 'outcome', 'input_event_ids').sort((a, b) => String(a['outcome']).localeCompare(String(b['outcome']))),
    ).toEqual([
      {
        key: `LNK-03-MISSING-DOCUMENTS:${subject}:${applicationNo}:health-certificate`,
        outcome: 'deadline-overdue',
        input_event_ids: [acceptance['id']],
      },
      {
        key: `LNK-03-MISSING-DOCUMENTS:${subject}:${applicationNo}:criminal-record`,
        outcome: 'item-fulfilled',
        input_event_ids: sorted(acceptance, inTime),
      },
    ]);
    // Due 8 June: opened that day, 5 working days to 15 June, so overdue since the 16th.
    const cases = await scene.casesOf(subject);
    expect(pick(cases, 'kind', 'owner_agency', 'state', 'opened_on', 'due_date', 'overdue_since')).toEqual([
      {
        kind: 'missing-document-overdue',
        owner_agency: 'bureau-310000',
        state: 'overdue',
        opened_on: '2026-06-08',
        due_date: '2026-06-15',
        overdue_since: '2026-06-16',
      },
    ]);
    const overdue = await scene.storedConclusion(subject, 'linkage.deadline-overdue');
    expect(overdue.envelope['data']).toMatchObject({
      ruleId: 'LNK-03-MISSING-DOCUMENTS',
      case: { caseId: cases[0]?.['id'], state: 'overdue' },
    });
    await expectDelivered('bureau-310000', overdue);
    const fulfilled = await scene.storedConclusion(subject, 'linkage.case-resolved');
    expect(fulfilled.envelope['data']).toMatchObject({ outcome: 'item-fulfilled', inputEventIds: sorted(acceptance, inTime) });
    expect(fulfilled.envelope['data']).not.toHaveProperty('case');
    expect((await scene.storedConclusions(subject)).map((row) => row.type).sort()).toEqual([
      'linkage.case-resolved',
      'linkage.deadline-overdue',
    ]);
  });

  function submitted(holder: Json, applicationNo: string, path: string, on: string): Json {
    return anEvent('work-permit.application-submitted', 2, { applicationNo, holder, path, submittedOn: on, inChina: true }, at(on));
  }

  function degree(holder: Json, level: string, conferredOn: string): Json {
    return anEvent(
      'education.degree-conferred',
      1,
      { holder, level, conferredOn, certificateNo: `1024732025${String(serial++).padStart(6, '0')}`, enrolledOn: '2021-09-01' },
      at(conferredOn),
    );
  }

  it("rule 4 (notice 二(四)): a graduate's application (v2 path) is verified by a master's degree from a Chinese university within the year; a bachelor's is not enough, and the bureau checks with education; a founder's diploma and registration papers verify it", async () => {
    const [graduate, bachelor, founder] = [aPerson('Kwame Mensah'), aPerson('Olga Petrova'), aPerson('Tomás Silva')];
    const graduateApplication = submitted(graduate, aNo('WP'), 'graduate', '2026-06-15');
    const master = degree(graduate, 'master', '2025-07-01');
    const bachelorApplication = submitted(bachelor, aNo('WP'), 'graduate', '2026-06-15');
    const founderNo = aNo('WP');
    const founderApplication = submitted(founder, founderNo, 'founder', '2026-06-01');
    const diploma = degree(founder, 'bachelor', '2024-07-01');
    const founderAccepted = accepted(founder, founderNo, '2026-06-02', {
      mode: 'missing-documents',
      missingDocuments: [{ kind: 'business-licence', dueDate: '2026-06-30' }],
    });
    const licence = supplied(founder, founderNo, 'business-licence', '2026-06-10');
    await scene.publish(
      master,
      graduateApplication,
      degree(bachelor, 'bachelor', '2025-07-01'),
      bachelorApplication,
      diploma,
      founderApplication,
      founderAccepted,
      licence,
    );
    const [graduateSubject, bachelorSubject, founderSubject] = await Promise.all([
      scene.subjectOf(graduateApplication),
      scene.subjectOf(bachelorApplication),
      scene.subjectOf(founderApplication),
    ]);

    const [verified] = await scene.decisionsWhen(graduateSubject, 'the graduate verified', (rows) => rows.length === 1);
    expect(verified).toMatchObject({
      rule_id: 'LNK-04-GRADUATE',
      outcome: 'verified',
      input_event_ids: sorted(graduateApplication, master),
      thresholds: { windowMonths: 12, qualifyingLevels: 'master,doctorate', conferredFrom: '2025-06-15' },
    });
    expect(await scene.casesOf(graduateSubject)).toEqual([]);
    await expectDelivered('bureau-310000', await scene.storedConclusion(graduateSubject, 'linkage.case-resolved'));

    // Submitted Monday 15 June: 5 working days are 16, 17, 18, 22 and 23 June (19 June is a holiday).
    const [check] = await scene.casesWhen(bachelorSubject, "the bureau's degree check", (cases) => cases.length === 1);
    expect(check).toMatchObject({
      kind: 'graduate-degree-check',
      owner_agency: 'bureau-310000',
      state: 'open',
      rule_id: 'LNK-04-GRADUATE',
      opened_on: '2026-06-15',
      due_date: '2026-06-23',
      caused_by: [bachelorApplication['id']],
    });
    const review = await scene.storedConclusion(bachelorSubject, 'linkage.review-required');
    expect(review.envelope['data']).toMatchObject({
      outcome: 'review-required',
      case: { caseId: check?.['id'], kind: 'graduate-degree-check' },
    });
    await expectDelivered('bureau-310000', review);

    const founderDecisions = await scene.decisionsWhen(founderSubject, "the founder's papers", (rows) =>
      rows.some((row) => row['rule_id'] === 'LNK-04-FOUNDER'),
    );
    expect(founderDecisions.find((row) => row['rule_id'] === 'LNK-04-FOUNDER')).toMatchObject({
      outcome: 'verified',
      input_event_ids: sorted(founderApplication, founderAccepted, diploma, licence),
      explanation: { en: expect.stringContaining('company registration papers supplied on 2026-06-10') as unknown },
    });
    expect(await scene.casesOf(founderSubject)).toEqual([]);
  });

  function taxYear(holder: Json, year: number, salary: string, tax: string): Json {
    return anEvent(
      'tax.annual-income-reported',
      1,
      {
        reportNo: `31011520${year + 1}05${String(serial++).padStart(7, '0')}`,
        holder,
        taxYear: year,
        annualSalary: salary,
        individualIncomeTaxPaid: tax,
        reportedOn: `${year + 1}-05-20`,
      },
      at(`${year + 1}-05-20`),
    );
  }

  function stayed(holder: Json, year: number, days: number): Json {
    return anEvent(
      'residence-permit.annual-stay-reported',
      1,
      { holder, year, daysInChina: days, reportedOn: `${year + 1}-01-15` },
      at(`${year + 1}-01-15`),
    );
  }

  function fourYears(holder: Json, salaryOf: (year: number) => string, taxOf: (year: number) => string): Json[] {
    const permit = anEvent(
      'work-permit.issued',
      1,
      { permitNo: aPermitNo(), holder, validFrom: '2020-01-01', validTo: '2027-12-31' },
      at('2019-12-20'),
    );
    return [
      permit,
      ...[2021, 2022, 2023, 2024].flatMap((year) => [taxYear(holder, year, salaryOf(year), taxOf(year)), stayed(holder, year, 300)]),
    ];
  }

  it('rule 5 (notice 二(三)): four years of salary ≥ 6 × the previous year’s Shanghai average wage and tax ≥ 20 % with a valid permit make the person eligible for permanent residence, told to public security and the bureau; a year short says which test and by how much', async () => {
    const [eligible, short] = [aPerson('Hiroshi Tanaka'), aPerson('Emma Schulz')];
    const eligibleEvents = fourYears(
      eligible,
      () => '900000.00',
      () => '190000.00',
    );
    // 2023 salary against 6 × 120,000 (the 2022 wage): 20,000 short.
    const shortEvents = fourYears(
      short,
      (year) => (year === 2023 ? '700000.00' : '900000.00'),
      () => '190000.00',
    );
    await scene.publish(...eligibleEvents, ...shortEvents);
    const [eligibleSubject, shortSubject] = await Promise.all([
      scene.subjectOf(eligibleEvents[0] as Json),
      scene.subjectOf(shortEvents[0] as Json),
    ]);

    const [decision] = await scene.decisionsWhen(
      eligibleSubject,
      'eligibility over all four years',
      (rows) => (rows[0]?.['input_event_ids'] as string[] | undefined)?.length === eligibleEvents.length,
    );
    expect(decision).toMatchObject({
      rule_id: 'LNK-05-PR-SALARY-TAX',
      rule_version: 2,
      outcome: 'eligibility-determined',
      notify: ['psb-310000', 'bureau-310000'],
      input_event_ids: sorted(...eligibleEvents),
      thresholds: {
        consecutiveYears: 4,
        salaryMultiple: 6,
        minTaxPercent: 20,
        minDaysInChinaPerYear: 183,
        averageWages: expect.stringMatching(/\+linkage-e2e-wages@.*\+1$/) as unknown,
      },
    });
    const findings = decision?.['findings'] as { about: string; test: string; passed: unknown }[];
    expect(findings).toHaveLength(16);
    expect(findings.every((finding) => finding.passed === true)).toBe(true);
    expect(findings).toContainEqual(
      expect.objectContaining({ about: '2024', test: 'salary-multiple-of-average-wage', measured: '900000.00', required: '780000.00' }),
    );
    // Events of different agencies arrive in any order; a year seen before its stay report was
    // "cannot decide" for a while, and that case closed itself once the report came.
    expect((await scene.casesOf(eligibleSubject)).filter((c) => c['state'] !== 'resolved')).toEqual([]);
    const eligibility = await scene.storedConclusion(
      eligibleSubject,
      'linkage.eligibility-determined',
      (data) => data['outcome'] === 'eligibility-determined',
    );
    expect(eligibility.envelope['data']).toMatchObject({ notify: ['psb-310000', 'bureau-310000'] });
    await expectDelivered('psb-310000', eligibility);
    await expectDelivered('bureau-310000', eligibility);

    const notEligible = await scene.storedConclusion(
      shortSubject,
      'linkage.eligibility-determined',
      (data) => data['outcome'] === 'not-eligible' && (data['inputEventIds'] as unknown[]).length === shortEvents.length,
    );
    const data = notEligible.envelope['data'] as { findings: Json[]; explanation: { en: string } };
    expect(data.findings.filter((finding) => finding['passed'] === 'no')).toEqual([
      expect.objectContaining({
        about: '2023',
        test: 'salary-multiple-of-average-wage',
        measured: '700000.00',
        required: '720000.00',
        shortfall: '20000.00',
      }),
    ]);
    expect(data.explanation.en).toContain('short by 20000.00');
    await expectDelivered('psb-310000', notEligible);
  });

  function talentCard(holder: Json, cardNo: string, workPermitNo: string): Json {
    return anEvent(
      'talent-card.issued',
      1,
      { cardNo, holder, tier: 'A', workPermitNo, issuedOn: '2026-05-20', validTo: '2031-05-19' },
      at('2026-05-20'),
    );
  }

  it('rule 6 (notice 二(一), 二(二)): a talent card marks the holder for the simplified procedures, told to foreign affairs; the card look-up answers any agency, and a suspension or a revoked permit changes the answer at once', async () => {
    const [suspendedHolder, revokedHolder] = [aPerson('Ana Costa'), aPerson('Rahul Mehta')];
    const [suspendedCard, revokedCard] = [aNo('TC'), aNo('TC')];
    const [permitB, permitA] = [aPermitNo(), aPermitNo()];
    const card = talentCard(suspendedHolder, suspendedCard, permitB);
    const classA = workPermit(revokedHolder, permitA, 'A');
    await scene.publish(workPermit(suspendedHolder, permitB, 'B'), card, classA, talentCard(revokedHolder, revokedCard, permitA));
    const [subject, revokedSubject] = await Promise.all([scene.subjectOf(card), scene.subjectOf(classA)]);

    const marked = await scene.storedConclusion(subject, 'linkage.talent-status-changed');
    expect(marked.envelope['data']).toMatchObject({
      ruleId: 'LNK-06-HIGH-LEVEL-TALENT',
      outcome: 'simplified-procedures',
      notify: ['mfa', 'psb-310000'],
      thresholds: [{ name: 'asOf', value: AS_OF }],
      explanation: { en: expect.stringContaining(`talent card ${suspendedCard} (tier A)`) as unknown },
    });
    await expectDelivered('mfa', marked);
    await expectDelivered('psb-310000', marked);

    const lookup = `/v1/talent-cards/${suspendedCard}`;
    expect(await scene.api('mfa', 'GET', lookup)).toEqual({
      status: 200,
      body: {
        cardNo: suspendedCard,
        valid: true,
        tier: 'A',
        services: ['work-permit', 'residence', 'medical', 'children-education'],
        status: 'valid',
        reasons: [{ code: 'valid', en: 'Valid to 2031-05-19', zh: '有效期至 2031-05-19' }],
        asOf: AS_OF,
      },
    });
    expect((await scene.api('psb-310000', 'GET', lookup)).body).toMatchObject({ holderSubject: subject, valid: true });

    await scene.publish(
      anEvent(
        'talent-card.suspended',
        1,
        { cardNo: suspendedCard, holder: suspendedHolder, suspendedOn: '2026-06-15', until: '2026-09-30' },
        at('2026-06-15'),
      ),
      revoked(revokedHolder, permitA),
    );
    const published = Date.now();
    const answerOnceInvalid = (path: string): Promise<{ status: number; body: Json }> =>
      waitUntil(`the look-up of ${path} changed`, async () => {
        const answer = await scene.api('mfa', 'GET', path);
        return answer.body['valid'] === false && answer;
      });
    const suspended = await answerOnceInvalid(lookup);
    expect(Date.now() - published).toBeLessThan(15_000);
    expect(suspended.body).toMatchObject({ valid: false, status: 'suspended', services: [] });
    expect((suspended.body['reasons'] as Json[])[0]).toMatchObject({ code: 'suspended', en: 'Suspended from 2026-06-15 until 2026-09-30' });
    const withdrawn = await scene.storedConclusion(subject, 'linkage.talent-status-changed', (d) => d['outcome'] === 'flag-lifted');
    expect(await expectDelivered('mfa', withdrawn)).toMatchObject({ subject, data: { outcome: 'flag-lifted' } });
    expect(await scene.decisionsOf(subject)).toEqual([]);

    const endedAnswer = await answerOnceInvalid(`/v1/talent-cards/${revokedCard}`);
    expect(endedAnswer.body).toMatchObject({ valid: false, status: 'permit-ended', reasons: [{ code: 'work-permit-revoked' }] });
    await expectDelivered(
      'mfa',
      await scene.storedConclusion(revokedSubject, 'linkage.talent-status-changed', (d) => d['outcome'] === 'flag-lifted'),
    );
  });

  function violation(holder: Json, recordNo: string, kind: string, severity: string, recordedOn: string): Json {
    return anEvent('credit.violation-recorded', 2, { recordNo, holder, kind, severity, recordedOn }, at(recordedOn));
  }

  it('rule 7 (notice 三, 事中事后监管): violations flag the chain by their v2 severity; a serious one opens permit reviews for the bureau and public security, delivered to them; a cleared record lifts the flag and closes them', async () => {
    const holder = aPerson('Chidi Okafor');
    const [seriousNo, minorNo] = [aNo('CR'), aNo('CR')];
    // The rule book counts an employer violation as minor: the event's own severity decides.
    const serious = violation(holder, seriousNo, 'employer-violation', 'serious', '2026-06-10');
    const minor = violation(holder, minorNo, 'overstay', 'minor', '2026-06-11');
    await scene.publish(serious, minor);
    const subject = await scene.subjectOf(serious);

    const cases = await scene.casesWhen(subject, 'the permit reviews', (rows) => rows.length === 2);
    expect(pick(cases, 'kind', 'owner_agency', 'state', 'rule_id', 'opened_on', 'due_date', 'caused_by')).toEqual(
      ['bureau-310000', 'psb-310000'].map((owner) => ({
        kind: 'permit-review',
        owner_agency: owner,
        state: 'open',
        rule_id: 'LNK-07-CREDIT',
        opened_on: '2026-06-10',
        due_date: '2026-06-25',
        caused_by: [serious['id']],
      })),
    );
    const flags = await scene.decisionsWhen(subject, 'both flags', (rows) => rows.length === 2);
    expect(pick(flags, 'key', 'outcome', 'thresholds')).toEqual(
      [
        { recordNo: seriousNo, kind: 'employer-violation', severity: 'serious' },
        { recordNo: minorNo, kind: 'overstay', severity: 'minor' },
      ]
        .map(({ recordNo, kind, severity }) => ({
          key: `LNK-07-CREDIT:${subject}:${recordNo}`,
          outcome: 'flag-raised',
          thresholds: { kind, severity, severitySource: 'event' },
        }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    );
    for (const owner of ['bureau-310000', 'psb-310000']) {
      const raised = await scene.storedConclusion(
        subject,
        'linkage.flag-changed',
        (data) => data['outcome'] === 'flag-raised' && (data['case'] as Json | undefined)?.['ownerAgency'] === owner,
      );
      await expectDelivered(owner, raised);
    }

    await scene.publish(
      anEvent(
        'credit.record-cleared',
        1,
        { recordNo: seriousNo, recordType: 'violation', holder, clearedOn: '2026-06-15' },
        at('2026-06-15'),
      ),
    );
    const closed = await scene.casesWhen(subject, 'the reviews closed', (rows) => rows.every((row) => row['state'] === 'resolved'));
    expect(pick(closed, 'resolved_by', 'resolution_outcome')).toEqual([
      { resolved_by: 'linkage', resolution_outcome: 'no-action-needed' },
      { resolved_by: 'linkage', resolution_outcome: 'no-action-needed' },
    ]);
    expect(pick(await scene.decisionsOf(subject), 'key', 'outcome')).toContainEqual({
      key: `LNK-07-CREDIT:${subject}:${seriousNo}`,
      outcome: 'flag-lifted',
    });
    const lifted = await scene.storedConclusion(
      subject,
      'linkage.flag-changed',
      (data) => data['outcome'] === 'flag-lifted' && (data['case'] as Json | undefined)?.['ownerAgency'] === 'psb-310000',
    );
    expect(lifted.envelope['data']).toMatchObject({ case: { state: 'resolved', resolution: { outcome: 'no-action-needed' } } });
    await expectDelivered('psb-310000', lifted);
  });

  function familyLink(member: Json, memberPermitNo: string, principal: Json, principalResidenceNo: string, relationship: string): Json {
    return anEvent(
      'residence-permit.family-member-linked',
      1,
      {
        permitNo: memberPermitNo,
        holder: member,
        principal: { person: principal, residencePermitNo: principalResidenceNo, relationship },
        linkedOn: '2026-03-24',
      },
      at('2026-03-24'),
    );
  }

  it("rule 8 (notice 二(三)): a principal's work permit revoked or residence cancelled, the linked family members' residence permits get public security's review cases too", async () => {
    const [principal, child] = [aPerson('Élodie Marchand'), aPerson('Léo Marchand', '2016-09-03')];
    const [permitNo, residenceNo, childResidenceNo] = [aPermitNo(), aResidenceNo(), aResidenceNo()];
    const permit = workPermit(principal, permitNo);
    const residence = residencePermit(principal, residenceNo, permitNo);
    const link = familyLink(child, childResidenceNo, principal, residenceNo, 'child');
    const revocation = revoked(principal, permitNo);
    const [other, spouse] = [aPerson('Marco Rossi'), aPerson('Giulia Rossi', '1990-02-14', 'ITA')];
    const [otherPermitNo, otherResidenceNo] = [aPermitNo(), aResidenceNo()];
    const spouseLink = familyLink(spouse, aResidenceNo(), other, otherResidenceNo, 'spouse');
    const cancelled = anEvent(
      'residence-permit.cancelled',
      1,
      { permitNo: otherResidenceNo, holder: other, cancelledOn: '2026-06-12', reason: 'work-permit-ended', workPermitNo: otherPermitNo },
      at('2026-06-12'),
    );
    await scene.publish(
      permit,
      residence,
      link,
      workPermit(other, otherPermitNo),
      residencePermit(other, otherResidenceNo, otherPermitNo),
      spouseLink,
      revocation,
      cancelled,
    );
    const [childSubject, spouseSubject] = await Promise.all([scene.subjectOf(link), scene.subjectOf(spouseLink)]);

    const [review] = await scene.casesWhen(childSubject, "the child's residence review", (cases) => cases.length === 1);
    expect(review).toMatchObject({
      kind: 'family-residence-review',
      owner_agency: 'psb-310000',
      state: 'open',
      rule_id: 'LNK-08-FAMILY',
      opened_on: '2026-06-15',
      due_date: '2026-06-30',
    });
    expect([...(review?.['caused_by'] as string[])].sort()).toEqual(sorted(permit, residence, link, revocation));
    const [decision] = await scene.decisionsOf(childSubject);
    expect(decision).toMatchObject({
      outcome: 'review-required',
      thresholds: { principalEndedOn: '2026-06-15', relationship: 'child', dueInWorkingDays: 10 },
      explanation: { en: expect.stringContaining(`review residence permit ${childResidenceNo} of the family member (child)`) as unknown },
    });
    const conclusion = await scene.storedConclusion(childSubject, 'linkage.review-required');
    expect(await expectDelivered('psb-310000', conclusion)).toMatchObject({
      subject: childSubject,
      data: { ruleId: 'LNK-08-FAMILY', case: { caseId: review?.['id'], kind: 'family-residence-review', dueDate: '2026-06-30' } },
    });

    const [spouseReview] = await scene.casesWhen(spouseSubject, "the spouse's residence review", (cases) => cases.length === 1);
    expect(spouseReview).toMatchObject({
      kind: 'family-residence-review',
      owner_agency: 'psb-310000',
      opened_on: '2026-06-12',
      due_date: '2026-06-29',
    });
    await expectDelivered('psb-310000', await scene.storedConclusion(spouseSubject, 'linkage.review-required'));
  });

  /** A person whose work permit was revoked on 15 June: public security's residence review, due 30 June. */
  async function residenceReview(name: string): Promise<{ subject: string; review: Json }> {
    const holder = aPerson(name);
    const permitNo = aPermitNo();
    const permit = workPermit(holder, permitNo);
    await scene.publish(permit, residencePermit(holder, aResidenceNo(), permitNo), revoked(holder, permitNo));
    const subject = await scene.subjectOf(permit);
    const [review] = await scene.casesWhen(subject, 'the residence review', (cases) =>
      cases.some((row) => row['kind'] === 'residence-review'),
    );
    expect(review).toMatchObject({ kind: 'residence-review', owner_agency: 'psb-310000', state: 'open', due_date: '2026-06-30' });
    return { subject, review: review as Json };
  }

  it('cases API (notice 二(三), 三(二)): public security claims its residence review and resolves it keeping the permit with a reason; linkage.case-resolved reaches its subscription', async () => {
    const { subject, review } = await residenceReview('Sven Lindqvist');
    const id = String(review['id']);
    expect(await scene.api('bureau-310000', 'POST', `/v1/cases/${id}/claim`)).toMatchObject({ status: 404 });
    expect(await scene.api('psb-310000', 'POST', `/v1/cases/${id}/claim`)).toMatchObject({ status: 200, body: { state: 'claimed' } });
    const note = 'New employment contract with the same employer under review; permit kept until the bureau decides.';
    const answer = await scene.api('psb-310000', 'POST', `/v1/cases/${id}/resolve`, { outcome: 'kept-with-reason', note });
    expect(answer).toMatchObject({ status: 200, body: { case: { state: 'resolved' }, event: { type: 'linkage.case-resolved' } } });

    expect(pick(await scene.casesOf(subject), 'state', 'claimed_by', 'resolved_by', 'resolution_outcome', 'resolution_note')).toEqual([
      {
        state: 'resolved',
        claimed_by: 'exit-entry-desk',
        resolved_by: 'exit-entry-desk',
        resolution_outcome: 'kept-with-reason',
        resolution_note: note,
      },
    ]);
    const actions = await scene.linkage.db.query<Json>('SELECT action, actor, purpose FROM case_actions WHERE case_id = $1 ORDER BY id', [
      id,
    ]);
    expect(actions.rows).toEqual([
      { action: 'opened', actor: 'linkage', purpose: 'linkage-supervision' },
      { action: 'claimed', actor: 'exit-entry-desk', purpose: 'linkage rules end-to-end check' },
      { action: 'resolved', actor: 'exit-entry-desk', purpose: 'linkage rules end-to-end check' },
    ]);
    const body = answer.body['event'] as Json;
    const stored = await scene.storedConclusion(subject, 'linkage.case-resolved', (data) => (data['case'] as Json)['caseId'] === id);
    expect(stored.id).toBe(body['id']);
    expect(stored.envelope['data']).toMatchObject({
      ruleId: 'LNK-01-WORK-PERMIT-ENDED',
      outcome: 'case-resolved',
      case: { caseId: id, state: 'resolved', resolution: { outcome: 'kept-with-reason', note, resolvedBy: 'exit-entry-desk' } },
    });
    await expectDelivered('psb-310000', stored);
  });

  it('overdue cases (notice 三(二), 事中事后监管): a residence review still open after its due date turns overdue at the overdue check and raises linkage.deadline-overdue for public security', async () => {
    const { subject, review } = await residenceReview('Ingrid Berg');
    const id = String(review['id']);
    const check = await scene.linkage.app.get(OverdueCheckService).run('2026-07-01');
    expect(check.people).toBeGreaterThanOrEqual(1);

    expect(pick(await scene.casesOf(subject), 'state', 'overdue_since')).toEqual([{ state: 'overdue', overdue_since: '2026-07-01' }]);
    const actions = await scene.linkage.db.query<Json>("SELECT actor, detail FROM case_actions WHERE case_id = $1 AND action = 'overdue'", [
      id,
    ]);
    expect(actions.rows).toEqual([{ actor: 'linkage', detail: { dueDate: '2026-06-30', asOf: '2026-07-01' } }]);
    const overdue = await scene.storedConclusion(subject, 'linkage.deadline-overdue');
    expect(overdue.envelope['data']).toMatchObject({
      ruleId: 'LNK-01-WORK-PERMIT-ENDED',
      outcome: 'deadline-overdue',
      explanation: { en: expect.stringContaining('was due on 2026-06-30 and is overdue') as unknown },
      case: { caseId: id, state: 'overdue', dueDate: '2026-06-30' },
    });
    await expectDelivered('psb-310000', overdue);
  });

  it('every conclusion the service signed was published to the hub and accepted (none refused)', async () => {
    const count = async (where: string): Promise<number> =>
      (await scene.linkage.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM linkage_outbox WHERE ${where}`)).rows[0]?.n ?? -1;
    await waitUntil('the outbox sent', async () => (await count('published_at IS NULL AND refused IS NULL')) === 0, 30_000);
    expect(await count('refused IS NOT NULL')).toBe(0);
    expect(await count('true')).toBeGreaterThan(20);
  });
});
