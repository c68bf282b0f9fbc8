import { describe, expect, it } from '@jest/globals';
import { buildChain } from '../chain/apply-event.js';
import type { ChainEvent } from '../chain/person-chain.types.js';
import { ALICE, CHILD, employer, event, holder, otherEmployer, shuffled } from '../testing/chain-events.fixture.js';
import { ruleContext } from '../testing/rule-context.fixture.js';
import { evaluateChain } from './evaluate-chain.js';

const child = { passportNo: 'E87654321', nationality: 'FRA', birthDate: '2015-07-01', name: 'DUPONT, LEA' };
const tax = (year: number) =>
  event(
    'tax.annual-income-reported',
    {
      reportNo: `T${year}`,
      holder,
      taxYear: year,
      employer,
      annualSalary: '900000.00',
      individualIncomeTaxPaid: '190000.00',
      reportedOn: `${year + 1}-05-20`,
    },
    { id: `tax-${year}`, time: `${year + 1}-05-20T09:00:00+08:00` },
  );
const stay = (year: number) =>
  event(
    'residence-permit.annual-stay-reported',
    { holder, year, daysInChina: 320, reportedOn: `${year + 1}-01-15` },
    { id: `stay-${year}`, time: `${year + 1}-01-15T09:00:00+08:00` },
  );

/** A person touching every rule: items, a moved and later revoked permit, tax years, credit and a family member. */
const aliceEvents: ChainEvent[] = [
  event(
    'work-permit.application-accepted',
    {
      applicationNo: 'A1',
      holder,
      acceptedOn: '2020-05-06',
      mode: 'commitment',
      missingDocuments: [{ kind: 'photo', dueDate: '2020-05-20' }],
      commitments: [{ kind: 'criminal-record', commitmentNo: 'CM1', signedOn: '2020-05-05', verifyBy: '2020-06-30' }],
    },
    { id: 'accepted', time: '2020-05-06T09:00:00+08:00' },
  ),
  event(
    'work-permit.documents-supplied',
    { applicationNo: 'A1', holder, documents: [{ kind: 'photo', suppliedOn: '2020-05-25' }] },
    { id: 'supplied', time: '2020-05-25T09:00:00+08:00' },
  ),
  event(
    'work-permit.issued',
    { permitNo: 'WP1', permitClass: 'A', holder, employer, position: 'Director', validFrom: '2020-06-01', validTo: '2026-05-31' },
    { id: 'wp', time: '2020-06-01T09:00:00+08:00' },
  ),
  event(
    'residence-permit.issued',
    {
      permitNo: 'R1',
      holder,
      purpose: 'work',
      issuedOn: '2020-06-20',
      validFrom: '2020-06-20',
      validTo: '2026-05-31',
      workPermitNo: 'WP1',
    },
    { id: 'rp', time: '2020-06-20T09:00:00+08:00' },
  ),
  event(
    'work-permit.changed',
    { permitNo: 'WP1', holder, effectiveOn: '2024-09-30', changeKinds: ['employer'], employer: otherEmployer },
    { id: 'changed', time: '2024-09-30T09:00:00+08:00' },
  ),
  ...[2021, 2022, 2023, 2024].map(tax),
  ...[2021, 2022, 2023, 2024].map(stay),
  event(
    'credit.violation-recorded',
    {
      recordNo: 'CR1',
      holder,
      kind: 'false-materials',
      occurredOn: '2025-01-10',
      recordedOn: '2025-02-26',
      authority: 'psb-310000',
      description: 'Recorded.',
    },
    { id: 'violation', time: '2025-02-26T09:00:00+08:00' },
  ),
  event(
    'work-permit.revoked',
    { permitNo: 'WP1', holder, revokedOn: '2025-03-14', reason: 'false-materials' },
    { id: 'revoked', time: '2025-03-14T09:00:00+08:00' },
  ),
];
const childEvents: ChainEvent[] = [
  event(
    'residence-permit.family-member-linked',
    {
      permitNo: 'R2',
      holder: child,
      principal: { person: holder, residencePermitNo: 'R1', relationship: 'child' },
      linkedOn: '2020-07-01',
    },
    { id: 'link', subject: CHILD, time: '2020-07-01T09:00:00+08:00' },
  ),
];

const context = ruleContext('2025-04-01');
const decide = (alice: readonly ChainEvent[], family: readonly ChainEvent[]) =>
  evaluateChain(buildChain(ALICE, alice), context, [buildChain(CHILD, family)]);

describe('evaluateChain', () => {
  const reference = decide(aliceEvents, childEvents);

  it('reaches a decision under every rule for the scenario', () => {
    expect(reference.map((d) => `${d.ruleId} ${d.outcome}`)).toEqual([
      'LNK-01-WORK-PERMIT-ENDED review-required',
      'LNK-02-NOTIFY-COMMIT deadline-overdue',
      'LNK-03-MISSING-DOCUMENTS item-fulfilled-late',
      'LNK-05-PR-SALARY-TAX eligibility-determined',
      'LNK-07-CREDIT flag-raised',
      'LNK-08-FAMILY review-required',
    ]);
    // 2021–2024 each met every test under a permit valid from June 2020; the revocation in March 2025 came after.
    const pr = reference.find((d) => d.ruleId === 'LNK-05-PR-SALARY-TAX');
    expect(pr?.notify).toEqual(['psb-310000', 'bureau-310000']);
  });

  it('gives exactly the same decisions for any arrival order, with duplicates and redeliveries', () => {
    for (let seed = 1; seed <= 60; seed += 1) {
      const redelivered = [...aliceEvents, ...shuffled(aliceEvents, seed * 7).slice(0, seed % 5)];
      expect(decide(shuffled(redelivered, seed), shuffled([...childEvents, ...childEvents], seed))).toEqual(reference);
    }
  });

  it('re-evaluates when a late event arrives: the cancelled residence permit resolves the review', () => {
    const cancelled = event(
      'residence-permit.cancelled',
      { permitNo: 'R1', holder, cancelledOn: '2025-03-20', reason: 'work-permit-ended', workPermitNo: 'WP1' },
      { id: 'rp-cancel', time: '2025-03-20T09:00:00+08:00' },
    );
    const after = decide([cancelled, ...aliceEvents], childEvents);
    expect(after.find((d) => d.ruleId === 'LNK-01-WORK-PERMIT-ENDED')?.outcome).toBe('case-resolved');
    expect(after.find((d) => d.ruleId === 'LNK-08-FAMILY')?.cases[0]?.openedOn).toBe('2025-03-14');
  });
});
