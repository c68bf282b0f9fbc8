import { addDays } from './seeded-random.js';
import type { DemoPerson } from './demo-person.types.js';
import { DEMO_FIELDS, DEMO_POSITIONS, DEMO_UNIVERSITIES } from './demo-places.js';

/** What the application led to, for the permit that follows it. */
export interface DemoApplication {
  readonly applicationNo: string;
  readonly requestedClass: 'A' | 'B' | 'C';
  readonly acceptedOn: string;
  /** The day the permit can be issued at the earliest (after the visa, for someone abroad). */
  readonly readyOn: string;
  readonly position: (typeof DEMO_POSITIONS)[number];
  /** Commitments found breached, by number (a revocation may cite one). */
  readonly breached: readonly string[];
}

const MISSING_KINDS = ['criminal-record', 'health-certificate', 'work-experience', 'photo'] as const;
const COMMITTED_KINDS = ['degree-certificate', 'work-experience', 'criminal-record'] as const;

/**
 * The application: submitted, accepted complete, with missing documents (容缺, each supplied in
 * time, late or never) or on commitment (告知承诺, each fulfilled in time, late, never, or found
 * breached by the credit agency); from abroad, a work-permit notice and a Z or R visa follow.
 */
export function demoApplication(p: DemoPerson, submittedOn: string): DemoApplication {
  const { r, t, holder, employer, bureau, district } = p;
  const applicationNo = `WP-${p.province.code}-${p.ref}`;
  const path = r.weighted<'standard' | 'graduate' | 'founder'>([
    ['standard', 87],
    ['graduate', 8],
    ['founder', 5],
  ]);
  const requestedClass =
    path === 'standard'
      ? r.weighted<'A' | 'B' | 'C'>([
          ['A', 15],
          ['B', 60],
          ['C', 25],
        ])
      : 'B';
  const position = r.pick(DEMO_POSITIONS);
  const inChina = path !== 'standard' || r.chance(0.3);
  if (path !== 'standard') degree(p, submittedOn, path);
  t.emit(
    'submitted',
    'work-permit.application-submitted',
    bureau,
    district,
    submittedOn,
    { applicationNo, holder, employer, position: position.title, requestedClass, submittedOn, inChina, path },
    2,
  );
  const acceptedOn = addDays(submittedOn, r.int(1, 5));
  const mode =
    path === 'founder'
      ? 'missing-documents'
      : r.weighted<'complete' | 'missing-documents' | 'commitment'>([
          ['complete', 60],
          ['missing-documents', 20],
          ['commitment', 20],
        ]);
  const breached: string[] = [];
  if (mode === 'missing-documents') missingDocuments(p, applicationNo, acceptedOn, path === 'founder' ? ['business-licence'] : []);
  else if (mode === 'commitment') breached.push(...commitments(p, applicationNo, acceptedOn));
  else t.emit('accepted', 'work-permit.application-accepted', bureau, district, acceptedOn, { applicationNo, holder, acceptedOn, mode });
  let readyOn = addDays(acceptedOn, r.int(5, 30));
  if (!inChina) readyOn = noticeAndVisa(p, applicationNo, requestedClass, position.title, acceptedOn);
  return { applicationNo, requestedClass, acceptedOn, readyOn, position, breached };
}

function missingDocuments(p: DemoPerson, applicationNo: string, acceptedOn: string, required: readonly string[]): void {
  const { r, t, holder, bureau, district } = p;
  const drawn = r.chance(0.5) ? [r.pick(MISSING_KINDS)] : [r.pick(MISSING_KINDS), r.pick(MISSING_KINDS)];
  const kinds = [...new Set([...required, ...drawn])];
  const items = kinds.map((kind) => ({ kind, dueDate: addDays(acceptedOn, r.int(20, 40)) }));
  t.emit('accepted', 'work-permit.application-accepted', bureau, district, acceptedOn, {
    applicationNo,
    holder,
    acceptedOn,
    mode: 'missing-documents',
    missingDocuments: items,
  });
  items.forEach((item, k) => {
    const outcome = r.weighted([
      ['in-time', 65],
      ['late', 15],
      ['never', 20],
    ] as const);
    if (outcome === 'never') return;
    const suppliedOn = outcome === 'in-time' ? addDays(item.dueDate, -r.int(0, 15)) : addDays(item.dueDate, r.int(1, 20));
    t.emit(`supplied-${k}`, 'work-permit.documents-supplied', bureau, district, suppliedOn < acceptedOn ? acceptedOn : suppliedOn, {
      applicationNo,
      holder,
      documents: [{ kind: item.kind, suppliedOn: suppliedOn < acceptedOn ? acceptedOn : suppliedOn }],
    });
  });
}

/** Commitments with their fate; returns the numbers of those found breached. */
function commitments(p: DemoPerson, applicationNo: string, acceptedOn: string): string[] {
  const { r, t, holder, employer, bureau, district } = p;
  const kinds = r.chance(0.6) ? [r.pick(COMMITTED_KINDS)] : [...new Set([r.pick(COMMITTED_KINDS), r.pick(COMMITTED_KINDS)])];
  const items = kinds.map((kind, k) => ({
    kind,
    commitmentNo: `CM-${p.province.code}-${p.ref}-${k + 1}`,
    signedOn: addDays(acceptedOn, -1),
    verifyBy: addDays(acceptedOn, r.int(30, 90)),
  }));
  t.emit('accepted', 'work-permit.application-accepted', bureau, district, acceptedOn, {
    applicationNo,
    holder,
    acceptedOn,
    mode: 'commitment',
    commitments: items,
  });
  const breached: string[] = [];
  items.forEach((item, k) => {
    const outcome = r.weighted([
      ['in-time', 60],
      ['late', 10],
      ['never', 15],
      ['breached', 15],
    ] as const);
    if (outcome === 'in-time' || outcome === 'late') {
      const suppliedOn = outcome === 'in-time' ? addDays(item.verifyBy, -r.int(0, 20)) : addDays(item.verifyBy, r.int(1, 25));
      if (r.chance(0.5)) {
        t.emit(`fulfilled-${k}`, 'work-permit.documents-supplied', bureau, district, suppliedOn, {
          applicationNo,
          holder,
          documents: [{ kind: item.kind, suppliedOn }],
        });
      } else {
        t.emit(`fulfilled-${k}`, 'work-permit.commitment-verified', bureau, district, suppliedOn, {
          applicationNo,
          holder,
          commitmentNo: item.commitmentNo,
          documentKind: item.kind,
          result: 'fulfilled',
          verifiedOn: suppliedOn,
        });
      }
    } else if (outcome === 'breached' && r.chance(0.6)) {
      const verifiedOn = addDays(item.verifyBy, -r.int(0, 10));
      const published = t.emit(`untrue-${k}`, 'work-permit.commitment-verified', bureau, district, verifiedOn, {
        applicationNo,
        holder,
        commitmentNo: item.commitmentNo,
        documentKind: item.kind,
        result: 'untrue',
        verifiedOn,
        note: `The ${item.kind} committed to does not exist.`,
      });
      if (published) breached.push(item.commitmentNo);
    } else if (outcome === 'breached') {
      const breachedOn = addDays(item.verifyBy, r.int(3, 20));
      const published = t.emit(`breached-${k}`, 'credit.commitment-breached', 'credit', district, breachedOn, {
        recordNo: `CB-${p.province.code}-${p.ref}-${k + 1}`,
        holder,
        commitmentNo: item.commitmentNo,
        applicationNo,
        employer,
        documentKind: item.kind,
        committedOn: item.signedOn,
        dueOn: item.verifyBy,
        breach: 'document-not-supplied',
        breachedOn,
        description: `Commitment ${item.commitmentNo} (${item.kind}) was not honoured.`,
      });
      if (published) breached.push(item.commitmentNo);
    }
  });
  return breached;
}

/** A work-permit notice, then a visa from the embassy (R for class A talent, Z otherwise); the permit follows entry. */
function noticeAndVisa(p: DemoPerson, applicationNo: string, permitClass: 'A' | 'B' | 'C', position: string, acceptedOn: string): string {
  const { r, t, holder, employer, bureau, district, nationality } = p;
  const noticeNo = `N${p.province.code}${p.ref.replaceAll('-', '')}`;
  const noticeOn = addDays(acceptedOn, r.int(5, 12));
  const visaCategory = permitClass === 'A' ? 'R' : 'Z';
  t.emit('notice', 'work-permit.notice-issued', bureau, district, noticeOn, {
    noticeNo,
    applicationNo,
    holder,
    employer,
    position,
    permitClass,
    visaCategory,
    issuedOn: noticeOn,
    validUntil: addDays(noticeOn, 180),
  });
  const visaOn = addDays(noticeOn, r.int(5, 15));
  t.emit('visa', 'visa.issued', 'mfa', district, visaOn, {
    visaNo: `V${p.ref.replaceAll('-', '')}`,
    holder,
    category: visaCategory,
    entries: 'single',
    issuedOn: visaOn,
    validFrom: visaOn,
    validTo: addDays(visaOn, 90),
    durationOfStayDays: 0,
    issuingPost: { kind: 'embassy', name: `Embassy of the PRC in ${nationality.country}`, country: nationality.code },
    basedOnNotice: noticeNo,
  });
  return addDays(visaOn, r.int(5, 25));
}

/**
 * The degree of a graduate or founder from a Chinese university: mostly a master's or doctorate
 * within the year before applying; some a bachelor's or older (the bureau is then asked to check).
 */
function degree(p: DemoPerson, submittedOn: string, path: 'graduate' | 'founder'): void {
  const { r, t, holder } = p;
  const fits = r.chance(path === 'founder' ? 0.9 : 0.75);
  const level =
    fits || r.chance(0.5)
      ? r.weighted([
          ['master', 80],
          ['doctorate', 20],
        ] as const)
      : 'bachelor';
  const conferredOn = addDays(submittedOn, fits ? -r.int(10, 300) : -r.int(400, 700));
  const university = r.pick(DEMO_UNIVERSITIES);
  t.emit('degree', 'education.degree-conferred', 'moe', `${university.code.slice(2, 4)}0000`, conferredOn, {
    certificateNo: `DG-${p.ref}`,
    holder,
    level,
    degreeType: 'academic',
    university,
    field: r.pick(DEMO_FIELDS),
    enrolledOn: addDays(conferredOn, -r.int(700, 1100)),
    conferredOn,
  });
}
