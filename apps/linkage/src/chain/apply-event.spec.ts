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

  it('refuses an event about another person, naming both subjects', () => {
    expect(() => applyEvent(startChain(BOB), issued)).toThrow(expect.objectContaining({ code: 'CHAIN_SUBJECT_MISMATCH' }));
  });
});
