import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AGENCY_KINDS, EVENT_CATALOGUE, type AgencyKind } from '@hub/contracts';
import type { AgencyIdentity } from '../agencies/index.js';
import { readPolicy } from './read-policy.js';

/**
 * What config/policy/policy.v1.json (format v1, policy version 2) must say, written out by hand (not derived from the file): for
 * every event type of the catalogue and every agency kind, P = may publish, S = may subscribe,
 * PS = both, - = neither. A new event type fails this test until someone decides its row.
 */
const MATRIX = `
  event type                                 | bureau | psb | mfa | moe | tax | credit | linkage
  work-permit.application-submitted          | P      | -   | -   | -   | -   | S      | S
  work-permit.application-accepted           | P      | -   | -   | -   | -   | S      | S
  work-permit.documents-supplied             | P      | -   | -   | -   | -   | S      | S
  work-permit.commitment-verified            | P      | -   | -   | -   | -   | S      | S
  work-permit.notice-issued                  | P      | S   | S   | -   | -   | S      | S
  work-permit.issued                         | P      | S   | -   | -   | -   | S      | S
  work-permit.extended                       | P      | S   | -   | -   | -   | S      | S
  work-permit.changed                        | P      | S   | -   | -   | -   | S      | S
  work-permit.cancelled                      | P      | S   | -   | -   | -   | S      | S
  work-permit.revoked                        | P      | S   | -   | -   | -   | S      | S
  work-permit.expired                        | P      | S   | -   | -   | -   | S      | S
  visa.issued                                | S      | PS  | P   | -   | -   | S      | S
  visa.refused                               | S      | PS  | P   | -   | -   | S      | S
  visa.cancelled                             | S      | PS  | P   | -   | -   | S      | S
  residence-permit.issued                    | S      | P   | -   | -   | -   | S      | S
  residence-permit.renewed                   | S      | P   | -   | -   | -   | S      | S
  residence-permit.shortened                 | S      | P   | -   | -   | -   | S      | S
  residence-permit.cancelled                 | S      | P   | -   | -   | -   | S      | S
  residence-permit.family-member-linked      | S      | P   | -   | -   | -   | S      | S
  residence-permit.annual-stay-reported      | S      | P   | -   | -   | -   | S      | S
  permanent-residence.application-submitted  | S      | P   | -   | -   | S   | S      | S
  permanent-residence.approved               | -      | P   | -   | -   | -   | S      | S
  permanent-residence.rejected               | -      | P   | -   | -   | -   | S      | S
  permanent-residence.revoked                | -      | P   | -   | -   | -   | S      | S
  education.degree-conferred                 | S      | S   | -   | P   | -   | S      | S
  tax.annual-income-reported                 | -      | S   | -   | -   | P   | S      | S
  credit.violation-recorded                  | S      | S   | -   | -   | -   | PS     | S
  credit.commitment-breached                 | S      | S   | -   | -   | -   | PS     | PS
  credit.record-cleared                      | S      | S   | -   | -   | -   | PS     | S
  talent-card.issued                         | P      | S   | S   | -   | -   | S      | S
  talent-card.suspended                      | P      | S   | S   | -   | -   | S      | S
  linkage.review-required                    | S      | S   | -   | -   | -   | S      | P
  linkage.inconsistency-detected             | S      | S   | -   | -   | -   | S      | P
  linkage.deadline-overdue                   | S      | S   | -   | -   | -   | S      | P
  linkage.eligibility-determined             | S      | S   | -   | -   | -   | S      | P
  linkage.case-resolved                      | S      | S   | -   | -   | -   | S      | P
  linkage.flag-changed                       | S      | S   | -   | -   | -   | S      | P
  linkage.talent-status-changed              | S      | S   | S   | -   | -   | S      | P
`;

/** The purpose every grant of a kind carries, and the projection each subscribing kind receives. */
const PURPOSE: Readonly<Record<AgencyKind, string>> = {
  bureau: 'work-permit-administration',
  psb: 'exit-entry-administration',
  mfa: 'visa-administration',
  moe: 'education-administration',
  tax: 'tax-administration',
  credit: 'credit-supervision',
  linkage: 'linkage-supervision',
};
const PROJECTION: Readonly<Partial<Record<AgencyKind, string>>> = {
  bureau: 'bureau-case-file',
  psb: 'psb-identity-and-permit-status',
  mfa: 'mfa-visa-basis',
  tax: 'tax-subject-and-salary',
  credit: 'credit-no-raw-identifiers',
  linkage: 'linkage-facts-without-identities',
};

const [header = '', ...rows] = MATRIX.trim()
  .split('\n')
  .map((line) => line.split('|').map((cell) => cell.trim()));
const kinds = header.slice(1) as AgencyKind[];
const expected = new Map(rows.map(([type = '', ...cells]) => [type, new Map(cells.map((cell, i) => [kinds[i] as AgencyKind, cell]))]));

const policy = readPolicy(JSON.parse(readFileSync(resolve('config/policy/policy.v1.json'), 'utf8')));
const catalogueTypes = [...new Set(EVENT_CATALOGUE.map((contract) => contract.type))];

/** A Shanghai agency of each provincial kind, the national agency of the others. */
function agencyOf(kind: AgencyKind): AgencyIdentity {
  const provincial = kind === 'bureau' || kind === 'psb';
  return { id: provincial ? `${kind}-310000` : kind, kind, region: provincial ? '310000' : null, status: 'active' };
}

describe('policy: the whole matrix of agency kind × event type × publish/subscribe', () => {
  it('has one row per event type of the catalogue and one column per agency kind', () => {
    expect([...expected.keys()].sort()).toEqual([...catalogueTypes].sort());
    expect([...kinds].sort()).toEqual([...AGENCY_KINDS].sort());
    expect(policy.version).toBe(2);
  });

  const cases = catalogueTypes.flatMap((type) => AGENCY_KINDS.map((kind) => [type, kind] as const));
  it.each(cases)('%s for %s', (type, kind) => {
    const cell = expected.get(type)?.get(kind) ?? '?';
    expect(['P', 'S', 'PS', '-']).toContain(cell);
    const agency = agencyOf(kind);

    const publish = policy.mayPublish(agency, type, '310115');
    const subscribe = policy.maySubscribe(agency, type);
    expect({ publish: publish.allowed, subscribe: subscribe.allowed }).toEqual({
      publish: cell.includes('P'),
      subscribe: cell.includes('S'),
    });

    if (publish.allowed) expect(publish.purpose).toBe(PURPOSE[kind]);
    else expect(publish.reason).toContain('deny by default');
    if (subscribe.allowed) expect(subscribe).toEqual({ allowed: true, purpose: PURPOSE[kind], projection: PROJECTION[kind] });
    else expect(subscribe.reason).toContain('deny by default');
  });
});

describe('policy: regions', () => {
  const shanghaiBureau = agencyOf('bureau');
  const guangdongPsb: AgencyIdentity = { id: 'psb-440000', kind: 'psb', region: '440000', status: 'active' };

  it('lets a bureau publish for its own province, down to the district, and nowhere else', () => {
    expect(policy.mayPublish(shanghaiBureau, 'work-permit.issued', '310115')).toEqual({
      allowed: true,
      purpose: 'work-permit-administration',
    });
    expect(policy.mayPublish(shanghaiBureau, 'work-permit.issued', '310000').allowed).toBe(true);
    const beijing = policy.mayPublish(shanghaiBureau, 'work-permit.issued', '110000');
    expect(beijing).toEqual({ allowed: false, reason: expect.stringContaining('only for its own province 310000') });
    expect(policy.mayPublish(shanghaiBureau, 'work-permit.issued', '990000').allowed).toBe(false);
    expect(policy.mayPublish(shanghaiBureau, 'work-permit.issued', 'nowhere').allowed).toBe(false);
  });

  it('holds public security to its province too', () => {
    expect(policy.mayPublish(guangdongPsb, 'residence-permit.issued', '440305').allowed).toBe(true);
    expect(policy.mayPublish(guangdongPsb, 'visa.issued', '440300').allowed).toBe(true);
    expect(policy.mayPublish(guangdongPsb, 'residence-permit.issued', '310115').allowed).toBe(false);
  });

  it('lets national agencies publish for any region', () => {
    for (const region of ['110000', '310115', '440305', '650000']) {
      expect(policy.mayPublish(agencyOf('mfa'), 'visa.issued', region)).toEqual({ allowed: true, purpose: 'visa-administration' });
      expect(policy.mayPublish(agencyOf('tax'), 'tax.annual-income-reported', region).allowed).toBe(true);
    }
  });

  it('lets the national linkage service publish its conclusions and breached commitments for any region, nothing else', () => {
    const linkage = agencyOf('linkage');
    for (const region of ['110000', '310115', '440305']) {
      expect(policy.mayPublish(linkage, 'linkage.review-required', region)).toEqual({ allowed: true, purpose: 'linkage-supervision' });
      expect(policy.mayPublish(linkage, 'credit.commitment-breached', region).allowed).toBe(true);
    }
    expect(policy.mayPublish(linkage, 'credit.violation-recorded', '310115').allowed).toBe(false);
    expect(policy.mayPublish(linkage, 'work-permit.revoked', '310115').allowed).toBe(false);
  });

  it('denies a suspended agency everything, and an unknown event type to everyone', () => {
    const suspended: AgencyIdentity = { ...shanghaiBureau, status: 'suspended' };
    expect(policy.mayPublish(suspended, 'work-permit.issued', '310115')).toEqual({
      allowed: false,
      reason: expect.stringContaining('suspended'),
    });
    expect(policy.maySubscribe(suspended, 'visa.issued').allowed).toBe(false);
    for (const kind of AGENCY_KINDS) {
      expect(policy.mayPublish(agencyOf(kind), 'work-permit.stolen', '310115').allowed).toBe(false);
      expect(policy.maySubscribe(agencyOf(kind), 'work-permit.*').allowed).toBe(false);
    }
  });
});
