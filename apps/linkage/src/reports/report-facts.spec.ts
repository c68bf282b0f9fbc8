import { describe, expect, it } from '@jest/globals';
import { buildChain } from '../chain/apply-event.js';
import { ALICE, employer, event, holder, uuidOf } from '../testing/chain-events.fixture.js';
import { reportFacts } from './report-facts.js';

const submitted = (applicationNo: string, submittedOn: string, id: string) =>
  event(
    'work-permit.application-submitted',
    { applicationNo, holder, employer, position: 'Engineer', requestedClass: 'B', submittedOn, inChina: true },
    { id, time: `${submittedOn}T09:00:00+08:00` },
  );
const issued = (permitNo: string, permitClass: 'A' | 'B' | 'C', time: string, id: string, region = '310115') =>
  event(
    'work-permit.issued',
    { permitNo, permitClass, holder, employer, position: 'Engineer', validFrom: '2026-02-01', validTo: '2028-01-31' },
    { id, time, region },
  );
const residence = (permitNo: string, workPermitNo: string, issuedOn: string, id: string) =>
  event(
    'residence-permit.issued',
    { permitNo, holder, purpose: 'work', issuedOn, validFrom: issuedOn, validTo: '2028-01-31', workPermitNo, employer },
    { id, time: `${issuedOn}T10:00:00+08:00`, region: '310104' },
  );

describe('reportFacts', () => {
  it('counts a permit issued at 01:00 Shanghai on 1 February in February, with the days since its application', () => {
    const chain = buildChain(ALICE, [
      submitted('A1', '2026-01-05', 'sub-1'),
      // 17:00 UTC on 31 January is 01:00 on 1 February in Shanghai.
      issued('310000202600000001', 'B', '2026-01-31T17:00:00Z', 'iss-1'),
      residence('R31000026000001', '310000202600000001', '2026-02-20', 'res-1'),
    ]);
    expect(reportFacts(chain)).toEqual([
      { factKey: `permit-issued:${uuidOf('iss-1')}`, kind: 'permit-issued', province: '310000', month: '2026-02', detail: 'B', days: 27 },
      { factKey: `residence-issued:${uuidOf('res-1')}`, kind: 'residence-issued', province: '310000', month: '2026-02', days: 19 },
    ]);
  });

  it('pairs each permit with the latest application before it that no earlier permit answered', () => {
    const chain = buildChain(ALICE, [
      submitted('A1', '2024-03-01', 'sub-1'),
      issued('310000202400000001', 'C', '2024-03-21T10:00:00+08:00', 'iss-1'),
      submitted('A2', '2025-06-01', 'sub-2'),
      submitted('A3', '2025-06-10', 'sub-3'),
      issued('110000202500000002', 'A', '2025-06-30T10:00:00+08:00', 'iss-2', '110105'),
    ]);
    const facts = reportFacts(chain).filter((fact) => fact.kind === 'permit-issued');
    expect(facts.map((f) => [f.month, f.province, f.detail, f.days])).toEqual([
      ['2024-03', '310000', 'C', 20],
      ['2025-06', '110000', 'A', 20],
    ]);
  });

  it('counts a permit without a known application, but gives it no cycle time', () => {
    const [fact] = reportFacts(buildChain(ALICE, [issued('310000202600000001', 'A', '2026-03-02T09:00:00+08:00', 'iss-1')]));
    expect(fact).toEqual({
      factKey: `permit-issued:${uuidOf('iss-1')}`,
      kind: 'permit-issued',
      province: '310000',
      month: '2026-03',
      detail: 'A',
    });
  });

  it('counts only the first residence permit issued on a work permit, and none for a work permit issued before the hub knew', () => {
    const chain = buildChain(ALICE, [
      issued('310000202600000001', 'B', '2026-02-01T10:00:00+08:00', 'iss-1'),
      residence('R31000026000001', '310000202600000001', '2026-02-10', 'res-1'),
      residence('R31000026000002', '310000202600000001', '2026-05-10', 'res-2'),
      residence('R31000026000003', '310000209900000009', '2026-05-10', 'res-3'),
    ]);
    expect(reportFacts(chain).filter((f) => f.kind === 'residence-issued')).toEqual([
      { factKey: `residence-issued:${uuidOf('res-1')}`, kind: 'residence-issued', province: '310000', month: '2026-02', days: 9 },
    ]);
  });

  it('dates eligibility for permanent residence by its latest input event, from the first permit issued', () => {
    const tax = event(
      'tax.annual-income-reported',
      {
        reportNo: 'T2025',
        holder,
        taxpayerId: 'E12345678FRA19880412',
        taxYear: 2025,
        employer,
        monthsPaid: 12,
        annualSalary: '900000.00',
        individualIncomeTaxPaid: '200000.00',
        reportedOn: '2026-04-30',
      },
      { id: 'tax-2025', time: '2026-04-30T16:30:00Z', region: '330106' },
    );
    const chain = buildChain(ALICE, [issued('310000202200000001', 'B', '2022-01-10T10:00:00+08:00', 'iss-1'), tax]);
    const decision = {
      ruleId: 'LNK-05-PR-SALARY-TAX',
      outcome: 'eligibility-determined',
      inputEventIds: [uuidOf('iss-1'), uuidOf('tax-2025')],
    };
    expect(reportFacts(chain, [decision]).find((f) => f.kind === 'pr-eligible')).toEqual({
      factKey: 'pr-eligible',
      kind: 'pr-eligible',
      province: '330000',
      month: '2026-05',
      days: 1572, // 2022-01-10 → 2026-01-10 (1,461 days, 2024 a leap year) → 2026-05-01 (111 days)
    });
    expect(reportFacts(chain, [{ ...decision, outcome: 'not-eligible' }]).some((f) => f.kind === 'pr-eligible')).toBe(false);
  });

  it('lists each commitment and missing document of an accepted application with its due and supply days', () => {
    const accepted = event(
      'work-permit.application-accepted',
      {
        applicationNo: 'A1',
        holder,
        acceptedOn: '2026-01-06',
        mode: 'commitment',
        commitments: [
          { kind: 'degree-certificate', commitmentNo: 'CM1', signedOn: '2026-01-05', verifyBy: '2026-03-31' },
          { kind: 'criminal-record', commitmentNo: 'CM2', signedOn: '2026-01-05', verifyBy: '2026-04-01' },
        ],
      },
      { id: 'acc-1', time: '2026-01-06T10:00:00+08:00' },
    );
    const supplied = event(
      'work-permit.documents-supplied',
      { applicationNo: 'A1', holder, documents: [{ kind: 'degree-certificate', suppliedOn: '2026-04-02' }] },
      { id: 'sup-1', time: '2026-04-02T10:00:00+08:00' },
    );
    const notAccepted = submitted('A9', '2026-01-07', 'sub-9');
    expect(reportFacts(buildChain(ALICE, [accepted, supplied, notAccepted])).filter((f) => f.kind === 'commitment')).toEqual([
      {
        factKey: 'commitment:A1:CM1',
        kind: 'commitment',
        province: '310000',
        month: '2026-03',
        detail: 'degree-certificate',
        dueOn: '2026-03-31',
        doneOn: '2026-04-02',
        breached: false,
      },
      {
        factKey: 'commitment:A1:CM2',
        kind: 'commitment',
        province: '310000',
        month: '2026-04',
        detail: 'criminal-record',
        dueOn: '2026-04-01',
        breached: false,
      },
    ]);
  });

  it('counts a commitment the bureau verified as fulfilled on that day, and one found untrue as breached', () => {
    const accepted = event(
      'work-permit.application-accepted',
      {
        applicationNo: 'A1',
        holder,
        acceptedOn: '2026-01-06',
        mode: 'commitment',
        commitments: [
          { kind: 'degree-certificate', commitmentNo: 'CM1', signedOn: '2026-01-05', verifyBy: '2026-03-31' },
          { kind: 'criminal-record', commitmentNo: 'CM2', signedOn: '2026-01-05', verifyBy: '2026-03-31' },
        ],
      },
      { id: 'acc-1', time: '2026-01-06T10:00:00+08:00' },
    );
    const verified = (commitmentNo: string, result: 'fulfilled' | 'untrue', id: string) =>
      event(
        'work-permit.commitment-verified',
        { applicationNo: 'A1', holder, commitmentNo, result, verifiedOn: '2026-03-20' },
        { id, time: '2026-03-20T10:00:00+08:00' },
      );
    const facts = reportFacts(buildChain(ALICE, [accepted, verified('CM1', 'fulfilled', 'ver-1'), verified('CM2', 'untrue', 'ver-2')]));
    expect(facts.map((f) => [f.factKey, f.doneOn, f.breached])).toEqual([
      ['commitment:A1:CM1', '2026-03-20', false],
      ['commitment:A1:CM2', undefined, true],
    ]);
  });

  it('gives the same facts whatever order the events arrived in', () => {
    const events = [
      submitted('A1', '2026-01-05', 'sub-1'),
      issued('310000202600000001', 'B', '2026-01-31T17:00:00Z', 'iss-1'),
      residence('R31000026000001', '310000202600000001', '2026-02-20', 'res-1'),
    ];
    expect(reportFacts(buildChain(ALICE, [...events].reverse()))).toEqual(reportFacts(buildChain(ALICE, events)));
  });
});
