import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { buildChain } from '../../chain/apply-event.js';
import { LinkageInboxRepository } from '../../store/linkage-inbox.repository.js';
import type { ChainEvent } from '../../chain/person-chain.types.js';
import { employer, event, holder } from '../../testing/chain-events.fixture.js';

/**
 * A small linkage store with known report numbers (see monthly-report.int-spec.ts): four people in
 * Shanghai and Beijing over January–March 2026, and six cases, read as of 2026-03-25.
 */
export const P1 = subject('p1');
export const P2 = subject('p2');
export const P3 = subject('p3');
export const P4 = subject('p4');

function subject(tag: string): string {
  return `sub_${createHash('sha256').update(tag).digest('hex').slice(0, 32)}`;
}

const at = (subjectId: string, id: string, time: string, region = '310115') => ({ id, subject: subjectId, time, region });

function submitted(s: string, applicationNo: string, submittedOn: string): ChainEvent {
  return event(
    'work-permit.application-submitted',
    { applicationNo, holder, employer, position: 'Engineer', requestedClass: 'B', submittedOn, inChina: true },
    at(s, `${applicationNo}-sub`, `${submittedOn}T09:00:00+08:00`),
  );
}

function issued(s: string, tag: string, permitNo: string, permitClass: 'A' | 'B' | 'C', time: string, region = '310115'): ChainEvent {
  return event(
    'work-permit.issued',
    { permitNo, permitClass, holder, employer, position: 'Engineer', validFrom: '2026-02-01', validTo: '2028-01-31' },
    at(s, tag, time, region),
  );
}

function residence(s: string, tag: string, workPermitNo: string, issuedOn: string): ChainEvent {
  return event(
    'residence-permit.issued',
    {
      permitNo: `R${tag.toUpperCase()}`,
      holder,
      purpose: 'work',
      issuedOn,
      validFrom: issuedOn,
      validTo: '2028-01-31',
      workPermitNo,
      employer,
    },
    at(s, tag, `${issuedOn}T10:00:00+08:00`, '310104'),
  );
}

const p1Tax = event(
  'tax.annual-income-reported',
  {
    reportNo: 'T1',
    holder,
    taxpayerId: 'E12345678FRA19880412',
    taxYear: 2025,
    employer,
    monthsPaid: 12,
    annualSalary: '900000.00',
    individualIncomeTaxPaid: '200000.00',
    reportedOn: '2026-03-15',
  },
  at(P1, 'p1-tax', '2026-03-15T10:00:00+08:00'),
);

/** The chains, by subject. */
export const CHAINS: Readonly<Record<string, readonly ChainEvent[]>> = {
  // Application 5 Jan → class B permit at 01:00 on 1 Feb in Shanghai (27 days) → residence 20 Feb (19 days); eligible 15 Mar (42 days).
  [P1]: [
    submitted(P1, 'A1', '2026-01-05'),
    issued(P1, 'p1-iss', '310000202600000001', 'B', '2026-01-31T17:00:00Z'),
    residence(P1, 'p1-res', '310000202600000001', '2026-02-20'),
    p1Tax,
  ],
  // Application 20 Jan → class A permit 10 Feb (21 days) → residence 5 Mar (23 days); four commitments due in March.
  [P2]: [
    submitted(P2, 'A2', '2026-01-20'),
    event(
      'work-permit.application-accepted',
      {
        applicationNo: 'A2',
        holder,
        acceptedOn: '2026-01-21',
        mode: 'commitment',
        commitments: [
          { kind: 'degree-certificate', commitmentNo: 'CM1', signedOn: '2026-01-20', verifyBy: '2026-03-10' },
          { kind: 'criminal-record', commitmentNo: 'CM2', signedOn: '2026-01-20', verifyBy: '2026-03-20' },
          { kind: 'health-certificate', commitmentNo: 'CM3', signedOn: '2026-01-20', verifyBy: '2026-03-31' },
          { kind: 'work-experience', commitmentNo: 'CM5', signedOn: '2026-01-20', verifyBy: '2026-03-15' },
        ],
      },
      at(P2, 'A2-acc', '2026-01-21T09:00:00+08:00'),
    ),
    event(
      'work-permit.documents-supplied',
      {
        applicationNo: 'A2',
        holder,
        documents: [
          { kind: 'degree-certificate', suppliedOn: '2026-03-09' },
          { kind: 'criminal-record', suppliedOn: '2026-03-25' },
        ],
      },
      at(P2, 'A2-docs', '2026-03-25T09:00:00+08:00'),
    ),
    event(
      'credit.commitment-breached',
      {
        recordNo: 'CB-1',
        holder,
        commitmentNo: 'CM5',
        applicationNo: 'A2',
        employer,
        documentKind: 'work-experience',
        committedOn: '2026-01-20',
        dueOn: '2026-03-15',
        breach: 'document-not-supplied',
        breachedOn: '2026-03-18',
        description: 'Not supplied.',
      },
      at(P2, 'p2-breach', '2026-03-18T09:00:00+08:00'),
    ),
    issued(P2, 'p2-iss', '310000202600000002', 'A', '2026-02-10T10:00:00+08:00'),
    residence(P2, 'p2-res', '310000202600000002', '2026-03-05'),
  ],
  // Application 19 Jan → class C permit at 23:59 on 28 Feb (40 days); two missing documents due in February.
  [P3]: [
    submitted(P3, 'A3', '2026-01-19'),
    event(
      'work-permit.application-accepted',
      {
        applicationNo: 'A3',
        holder,
        acceptedOn: '2026-01-20',
        mode: 'missing-documents',
        missingDocuments: [
          { kind: 'criminal-record', dueDate: '2026-02-20' },
          { kind: 'health-certificate', dueDate: '2026-02-25' },
        ],
      },
      at(P3, 'A3-acc', '2026-01-20T09:00:00+08:00'),
    ),
    event(
      'work-permit.documents-supplied',
      { applicationNo: 'A3', holder, documents: [{ kind: 'criminal-record', suppliedOn: '2026-02-19' }] },
      at(P3, 'A3-docs', '2026-02-19T09:00:00+08:00'),
    ),
    issued(P3, 'p3-iss', '310000202600000003', 'C', '2026-02-28T23:59:59+08:00'),
  ],
  // Beijing: a class B permit on 2 March with no application known to the hub.
  [P4]: [issued(P4, 'p4-iss', '110000202600000004', 'B', '2026-03-02T10:00:00+08:00', '110105')],
};

/** Stores the chains, P1's eligibility decision and the cases. */
export async function craftStore(db: DataSource): Promise<void> {
  for (const [s, events] of Object.entries(CHAINS)) {
    const chain = buildChain(s, events);
    // As the service stores a chain: its state in person_chains, its events in linkage_inbox.
    await db.query(`INSERT INTO person_chains (subject, chain, province, event_count, updated_at) VALUES ($1, $2, $3, $4, now())`, [
      s,
      JSON.stringify({ subject: s, state: chain.state }),
      `${events[0]?.region.slice(0, 2) ?? '31'}0000`,
      chain.events.length,
    ]);
    await new LinkageInboxRepository().admit(
      db.manager,
      chain.events.map((event) => ({ event, delivery: null, asOf: event.time.slice(0, 10) })),
    );
  }
  const p1Inputs = (CHAINS[P1] ?? [])
    .filter((e) => e.type === 'work-permit.issued' || e.type === 'tax.annual-income-reported')
    .map((e) => e.id);
  await db.query(
    `INSERT INTO decisions (key, subject, rule_id, rule_version, outcome, explanation, input_event_ids, thresholds, digest, decided_on, updated_at)
     VALUES ($1, $2, 'LNK-05-PR-SALARY-TAX', 1, 'eligibility-determined', '{}', $3, '{}', 'd', '2026-03-15', now())`,
    [`LNK-05-PR-SALARY-TAX:${P1}`, P1, p1Inputs.sort()],
  );
  for (const c of CASES) await insertCase(db, c);
}

interface CraftedCase {
  readonly tag: string;
  readonly kind: string;
  readonly owner: string;
  readonly due?: string;
  readonly resolvedAt?: string;
}

/** Shanghai cases for March 2026, seen from 2026-03-25. */
const CASES: readonly CraftedCase[] = [
  // Resolved at 23:00 Shanghai on its due day: by the due date.
  { tag: 'c1', kind: 'residence-review', owner: 'psb-310000', due: '2026-03-10', resolvedAt: '2026-03-10T15:00:00Z' },
  // Resolved at 00:30 Shanghai the day after its due day: late.
  { tag: 'c2', kind: 'residence-review', owner: 'psb-310000', due: '2026-03-12', resolvedAt: '2026-03-12T16:30:00Z' },
  { tag: 'c3', kind: 'commitment-overdue', owner: 'bureau-310000', due: '2026-03-20' },
  { tag: 'c4', kind: 'commitment-overdue', owner: 'bureau-310000', due: '2026-03-30' },
  { tag: 'c5', kind: 'reference-data-missing', owner: 'psb-310000' },
  // Resolved after the report's day: still open and overdue as of 2026-03-25.
  { tag: 'c6', kind: 'residence-review', owner: 'psb-310000', due: '2026-03-05', resolvedAt: '2026-03-27T02:00:00Z' },
];

async function insertCase(db: DataSource, c: CraftedCase): Promise<void> {
  const id = createHash('sha256').update(c.tag).digest('hex');
  await db.query(
    `INSERT INTO cases (id, case_key, decision_key, subject, rule_id, rule_version, kind, label, owner_agency, province, state,
                        opened_on, due_date, due_cannot_decide, caused_by, resolved_at, resolved_by, resolution_outcome)
     VALUES ($1, $2, $2, $3, 'LNK-TEST', 1, $4, '{"zh":"测试","en":"test"}', $5, '310000', $6,
             '2026-03-03', $7, $8, '{}', $9, $10, $11)`,
    [
      `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
      `case-${c.tag}`,
      P1,
      c.kind,
      c.owner,
      c.resolvedAt ? 'resolved' : 'open',
      c.due ?? null,
      c.due ? null : 'CALENDAR_YEAR_NOT_COVERED',
      c.resolvedAt ?? null,
      c.resolvedAt ? c.owner : null,
      c.resolvedAt ? 'kept-with-reason' : null,
    ],
  );
}
