import { describe, expect, it } from '@jest/globals';
import { ALICE, BOB, employer, event, holder, otherEmployer, shuffled, uuidOf } from '../testing/chain-events.fixture.js';
import { applyEvent, buildChain, startChain } from './apply-event.js';

const issued = event(
  'work-permit.issued',
  { permitNo: 'WP1', permitClass: 'B', holder, employer, position: 'Engineer', validFrom: '2026-03-01', validTo: '2028-02-29' },
  { id: 'wp-issued', time: '2026-03-01T09:00:00+08:00' },
);
const changed = event(
  'work-permit.changed',
  { permitNo: 'WP1', holder, effectiveOn: '2027-05-01', changeKinds: ['employer'], employer: otherEmployer },
  { id: 'wp-changed', time: '2027-05-01T09:00:00+08:00' },
);
const revoked = event(
  'work-permit.revoked',
  { permitNo: 'WP1', holder, revokedOn: '2027-06-15', reason: 'breached-commitment' },
  { id: 'wp-revoked', time: '2027-06-15T09:00:00+08:00' },
);

describe('applyEvent', () => {
  it('starts a chain for a person it has not seen', () => {
    const chain = applyEvent(undefined, issued);
    expect(chain.subject).toBe(ALICE);
    expect(chain.state.workPermits['WP1']).toMatchObject({ status: 'valid', validTo: '2028-02-29', eventIds: [uuidOf('wp-issued')] });
  });

  it('returns the same chain for an event id it already holds', () => {
    const chain = applyEvent(applyEvent(undefined, issued), revoked);
    expect(applyEvent(chain, revoked)).toBe(chain);
    expect(applyEvent(chain, { ...revoked, time: '2030-01-01T00:00:00Z' })).toBe(chain);
  });

  it('derives the same state from a late event as from the events in order', () => {
    const inOrder = buildChain(ALICE, [issued, changed, revoked]);
    const late = buildChain(ALICE, [revoked, issued, changed]);
    expect(late.state).toEqual(inOrder.state);
    expect(inOrder.state.workPermits['WP1']).toMatchObject({
      status: 'revoked',
      endedOn: '2027-06-15',
      employerCode: otherEmployer.creditCode,
      employerChange: { effectiveOn: '2027-05-01', eventId: uuidOf('wp-changed') },
    });
  });

  it('reads the validity of a version-2 issue event', () => {
    const v2 = event(
      'work-permit.issued',
      {
        permitNo: 'WP2',
        permitClass: 'A',
        holder,
        employer,
        occupation: { title: 'Chief scientist' },
        workRegion: '310115',
        validity: { from: '2026-01-01', to: '2030-12-31' },
      },
      { id: 'wp2-issued', version: 2 },
    );
    expect(applyEvent(undefined, v2).state.workPermits['WP2']).toMatchObject({
      permitClass: 'A',
      validFrom: '2026-01-01',
      validTo: '2030-12-31',
    });
  });

  it('counts a document supplied in an event dated before the acceptance', () => {
    const accepted = event(
      'work-permit.application-accepted',
      {
        applicationNo: 'A1',
        holder,
        acceptedOn: '2026-01-07',
        mode: 'missing-documents',
        missingDocuments: [{ kind: 'criminal-record', dueDate: '2026-02-06' }],
      },
      { id: 'accepted', time: '2026-01-07T10:00:00+08:00' },
    );
    const supplied = event(
      'work-permit.documents-supplied',
      { applicationNo: 'A1', holder, documents: [{ kind: 'criminal-record', suppliedOn: '2026-01-20' }] },
      { id: 'supplied', time: '2026-01-06T10:00:00+08:00' },
    );
    const chain = buildChain(ALICE, [accepted, supplied]);
    expect(chain.state.applications['A1']?.missingDocuments).toEqual([
      { kind: 'criminal-record', dueDate: '2026-02-06', suppliedOn: '2026-01-20', suppliedEventId: uuidOf('supplied') },
    ]);
  });

  it('keeps only the tax report in force when a correction replaces one', () => {
    const first = event(
      'tax.annual-income-reported',
      {
        reportNo: 'T1',
        holder,
        taxYear: 2025,
        employer,
        annualSalary: '800000.00',
        individualIncomeTaxPaid: '150000.00',
        reportedOn: '2026-05-20',
      },
      { id: 'tax-first' },
    );
    const correction = event(
      'tax.annual-income-reported',
      {
        reportNo: 'T2',
        correctsReportNo: 'T1',
        holder,
        taxYear: 2025,
        employer,
        annualSalary: '864000.50',
        individualIncomeTaxPaid: '187340.00',
        reportedOn: '2026-06-20',
      },
      { id: 'tax-fix', time: '2026-01-01T00:00:00Z' },
    );
    const chain = buildChain(ALICE, [correction, first]);
    expect(Object.keys(chain.state.taxReports)).toEqual(['T2']);
    expect(chain.state.taxReports['T2']).toMatchObject({ salaryFen: 86_400_050, taxFen: 18_734_000 });
  });

  it('gives the same events and state for every arrival order, duplicates included', () => {
    const all = [issued, changed, revoked, revoked, issued];
    const reference = buildChain(ALICE, all);
    for (let seed = 1; seed <= 25; seed += 1) {
      const chain = buildChain(ALICE, shuffled(all, seed));
      expect(chain.events.map((e) => e.id)).toEqual(reference.events.map((e) => e.id));
      expect(chain.state).toEqual(reference.state);
    }
    expect(reference.events).toHaveLength(3);
  });

  it('reads the path of a version-2 submission and none from version 1', () => {
    const data = {
      applicationNo: 'A7',
      holder,
      employer,
      position: 'Engineer',
      requestedClass: 'B' as const,
      submittedOn: '2026-01-05',
      inChina: true,
    };
    const v2 = event('work-permit.application-submitted', { ...data, path: 'founder' }, { id: 'sub-v2', version: 2 });
    const v1 = event('work-permit.application-submitted', { ...data, applicationNo: 'A8' }, { id: 'sub-v1' });
    const chain = buildChain(ALICE, [v2, v1]);
    expect(chain.state.applications['A7']).toMatchObject({ path: 'founder', submittedEventId: uuidOf('sub-v2') });
    expect(chain.state.applications['A8']).not.toHaveProperty('path');
  });

  it("keeps the bureau's latest verification of a commitment; fulfilled counts as supplied that day", () => {
    const accepted = event(
      'work-permit.application-accepted',
      {
        applicationNo: 'A2',
        holder,
        acceptedOn: '2026-01-07',
        mode: 'commitment',
        commitments: [
          { kind: 'criminal-record', commitmentNo: 'CM1', signedOn: '2026-01-06', verifyBy: '2026-03-31' },
          { kind: 'degree-certificate', commitmentNo: 'CM2', signedOn: '2026-01-06', verifyBy: '2026-03-31' },
        ],
      },
      { id: 'accepted', time: '2026-01-07T10:00:00+08:00' },
    );
    const verified = (commitmentNo: string, result: 'fulfilled' | 'untrue', verifiedOn: string, id: string) =>
      event(
        'work-permit.commitment-verified',
        { applicationNo: 'A2', holder, commitmentNo, result, verifiedOn },
        { id, time: `${verifiedOn}T10:00:00+08:00` },
      );
    const chain = buildChain(ALICE, [
      verified('CM2', 'untrue', '2026-03-02', 'cm2-untrue'),
      verified('CM1', 'fulfilled', '2026-02-10', 'cm1-ok'),
      accepted,
    ]);
    const [first, second] = chain.state.applications['A2']?.commitments ?? [];
    expect(first).toEqual({
      commitmentNo: 'CM1',
      kind: 'criminal-record',
      signedOn: '2026-01-06',
      verifyBy: '2026-03-31',
      suppliedOn: '2026-02-10',
      suppliedEventId: uuidOf('cm1-ok'),
      verification: { result: 'fulfilled', verifiedOn: '2026-02-10', eventId: uuidOf('cm1-ok') },
    });
    expect(second).toMatchObject({ verification: { result: 'untrue', verifiedOn: '2026-03-02', eventId: uuidOf('cm2-untrue') } });
    expect(second).not.toHaveProperty('suppliedOn');
    expect(chain.state.applications['A2']?.eventIds).toContain(uuidOf('cm2-untrue'));
  });

  it('keeps days in China per year, the latest report of a year in force whatever the arrival order', () => {
    const stay = (year: number, daysInChina: number, reportedOn: string, id: string) =>
      event(
        'residence-permit.annual-stay-reported',
        { holder, year, daysInChina, reportedOn },
        { id, time: `${reportedOn}T09:00:00+08:00`, region: '310000' },
      );
    const reports = [
      stay(2024, 200, '2025-01-15', 'stay-24'),
      stay(2025, 190, '2026-01-15', 'stay-25'),
      stay(2025, 170, '2026-02-20', 'stay-25-fix'),
    ];
    for (let seed = 1; seed <= 6; seed += 1) {
      const chain = buildChain(ALICE, shuffled(reports, seed));
      expect(chain.state.annualStays).toEqual({
        '2024': { year: 2024, daysInChina: 200, reportedOn: '2025-01-15', eventId: uuidOf('stay-24'), region: '310000' },
        '2025': { year: 2025, daysInChina: 170, reportedOn: '2026-02-20', eventId: uuidOf('stay-25-fix'), region: '310000' },
      });
    }
  });

  it('reads the severity of a version-2 violation', () => {
    const violation = event(
      'credit.violation-recorded',
      {
        recordNo: 'CR9',
        holder,
        kind: 'overstay',
        severity: 'grave',
        occurredOn: '2026-01-02',
        recordedOn: '2026-01-20',
        authority: 'psb-310000',
        description: 'Overstayed.',
      },
      { id: 'cr9', version: 2 },
    );
    expect(applyEvent(undefined, violation).state.creditRecords['CR9']).toMatchObject({ severity: 'grave', kind: 'overstay' });
  });

  it("never folds the service's own linkage.* conclusions into a chain", () => {
    const chain = applyEvent(undefined, issued);
    const conclusion = event(
      'linkage.review-required',
      {
        decisionKey: `LNK-01-WORK-PERMIT-ENDED:${ALICE}:WP1`,
        ruleId: 'LNK-01-WORK-PERMIT-ENDED',
        ruleVersion: 1,
        outcome: 'review-required',
        explanation: { zh: '复核。', en: 'Review.' },
        inputEventIds: [uuidOf('wp-issued')],
        thresholds: [{ name: 'dueInWorkingDays', value: '10' }],
      },
      { id: 'conclusion' },
    );
    expect(applyEvent(chain, conclusion)).toBe(chain);
  });

  it('refuses an event about another person, naming both subjects', () => {
    expect(() => applyEvent(startChain(BOB), issued)).toThrow(expect.objectContaining({ code: 'CHAIN_SUBJECT_MISMATCH' }));
  });
});
