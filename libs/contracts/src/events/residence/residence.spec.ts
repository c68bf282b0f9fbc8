import type { EventContract } from '../event-contract.js';
import { describe, expect, it } from '@jest/globals';
import { RESIDENCE_EVENTS } from './index.js';
import { RESIDENCE_PERMIT_CANCELLED_V1 } from './residence-permit-cancelled.v1.js';
import { RESIDENCE_PERMIT_FAMILY_MEMBER_LINKED_V1 } from './residence-permit-family-member-linked.v1.js';
import { RESIDENCE_PERMIT_ISSUED_V1 } from './residence-permit-issued.v1.js';
import { RESIDENCE_PERMIT_RENEWED_V1 } from './residence-permit-renewed.v1.js';
import { RESIDENCE_PERMIT_SHORTENED_V1 } from './residence-permit-shortened.v1.js';
import { envelopeFrom, exampleChangedBy as exampleWith, rulesBroken } from '../../testing/contract-spec-harness.js';

type Change = (data: Record<string, unknown>) => void;

/** A full envelope around `data`, as the Shanghai public security exit-entry administration would send it. */
function anEvent(type: string, data: object): Record<string, unknown> {
  return envelopeFrom({ agency: 'psb-310000', time: '2026-03-10T14:02:00+08:00' }, type, data);
}

/** The broken rules as `path:rule`, sorted. */
function brokenRules(type: string, data: object): string[] {
  return rulesBroken(anEvent(type, data)).sort();
}

const principal = (data: Record<string, unknown>): Record<string, unknown> => data['principal'] as Record<string, unknown>;

/** A private-affairs permit for the example person's child, linked to the example person's work-type permit. */
const familyMemberPermit: Change = (d) => {
  const linked = RESIDENCE_PERMIT_FAMILY_MEMBER_LINKED_V1.example();
  d['permitNo'] = linked.permitNo;
  d['holder'] = linked.holder;
  d['purpose'] = 'private-affairs';
  d['principal'] = linked.principal;
  delete d['workPermitNo'];
  delete d['employer'];
};

describe('residence contracts', () => {
  it.each(RESIDENCE_EVENTS.map((contract): [string, EventContract] => [contract.type, contract]))(
    '%s: the published example passes and identifies the holder',
    (type, contract) => {
      const example = contract.example();
      expect(brokenRules(type, example)).toEqual([]);
      expect(contract.identify?.(example)).toBe((example as { holder: unknown }).holder);
      expect(contract.topic).toBe('hub.residence-permit.events');
      expect(contract.publishers).toEqual(['psb']);
    },
  );

  describe('residence-permit.issued', () => {
    it("accepts a family member's permit linked to the principal", () => {
      expect(brokenRules('residence-permit.issued', exampleWith(RESIDENCE_PERMIT_ISSUED_V1, familyMemberPermit))).toEqual([]);
    });

    it.each<[string, Change, string[]]>([
      ['validity ending on the day it starts', (d) => (d['validTo'] = d['validFrom']), ['data.validTo:isAfterProperty']],
      ['validity starting before the permit was issued', (d) => (d['validFrom'] = '2026-03-09'), ['data.validFrom:isNotBeforeProperty']],
      ['a purpose outside the residence-purpose list', (d) => (d['purpose'] = 'tourism'), ['data.purpose:isInCodeList']],
      ['a work permit number that is not 18 digits', (d) => (d['workPermitNo'] = '31000020260000123'), ['data.workPermitNo:matches']],
      [
        'an employer whose credit code is malformed',
        (d) => ((d['employer'] as Record<string, unknown>)['creditCode'] = '91310000MA1FL4XXX'),
        ['data.employer.creditCode:matches'],
      ],
      [
        'a null principal (optional means absent, never null)',
        (d) => (d['principal'] = null),
        ['data.principal:isDefined', 'data.principal:isObject', 'data.principal:nestedValidation'],
      ],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('residence-permit.issued', exampleWith(RESIDENCE_PERMIT_ISSUED_V1, change))).toEqual(expected);
    });

    it.each<[string, Change, string[]]>([
      [
        'a relationship outside the family-relationship list',
        (d) => (principal(d)['relationship'] = 'cousin'),
        ['data.principal.relationship:isInCodeList'],
      ],
      [
        'a principal without a residence permit number',
        (d) => delete principal(d)['residencePermitNo'],
        ['data.principal.residencePermitNo:matches'],
      ],
      [
        'a principal whose passport number is malformed',
        (d) => ((principal(d)['person'] as Record<string, unknown>)['passportNo'] = 'e-1234'),
        ['data.principal.person.passportNo:matches'],
      ],
      [
        'a principal with a field the contract does not have',
        (d) => (principal(d)['since'] = '2026-01-01'),
        ['data.principal.since:unknownField'],
      ],
    ])("refuses a family member's permit with %s", (_case, change, expected) => {
      const data = exampleWith(RESIDENCE_PERMIT_ISSUED_V1, (d) => {
        familyMemberPermit(d);
        change(d);
      });
      expect(brokenRules('residence-permit.issued', data)).toEqual(expected);
    });
  });

  describe('residence-permit.renewed', () => {
    it.each<[string, Change, string[]]>([
      ['a new end on the old end', (d) => (d['validTo'] = d['previousValidTo']), ['data.validTo:isAfterProperty']],
      ['a new end before the old end (that is a shortening)', (d) => (d['validTo'] = '2027-12-31'), ['data.validTo:isAfterProperty']],
      ['an impossible previous end', (d) => (d['previousValidTo'] = '2027-02-29'), ['data.previousValidTo:isCalendarDate']],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('residence-permit.renewed', exampleWith(RESIDENCE_PERMIT_RENEWED_V1, change))).toEqual(expected);
    });
  });

  describe('residence-permit.shortened', () => {
    it.each<[string, Change, string[]]>([
      ['a new end on the old end', (d) => (d['validTo'] = d['previousValidTo']), ['data.validTo:isBeforeProperty']],
      ['a new end after the old end (that is a renewal)', (d) => (d['validTo'] = '2028-06-30'), ['data.validTo:isBeforeProperty']],
      [
        'a new end before the decision (that is a cancellation)',
        (d) => (d['validTo'] = '2027-02-28'),
        ['data.validTo:isNotBeforeProperty'],
      ],
      ['a reason outside the shortening-reason list', (d) => (d['reason'] = 'deceased'), ['data.reason:isInCodeList']],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('residence-permit.shortened', exampleWith(RESIDENCE_PERMIT_SHORTENED_V1, change))).toEqual(expected);
    });

    it('accepts a new end on the day of the decision', () => {
      expect(
        brokenRules(
          'residence-permit.shortened',
          exampleWith(RESIDENCE_PERMIT_SHORTENED_V1, (d) => (d['validTo'] = d['shortenedOn'])),
        ),
      ).toEqual([]);
    });
  });

  describe('residence-permit.cancelled', () => {
    it.each<[string, Change, string[]]>([
      ['a missing reason', (d) => delete d['reason'], ['data.reason:isInCodeList']],
      ['a reason from the shortening list', (d) => (d['reason'] = 'work-permit-shortened'), ['data.reason:isInCodeList']],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('residence-permit.cancelled', exampleWith(RESIDENCE_PERMIT_CANCELLED_V1, change))).toEqual(expected);
    });
  });

  describe('residence-permit.family-member-linked', () => {
    it.each<[string, Change, string[]]>([
      ['no principal', (d) => delete d['principal'], ['data.principal:isDefined', 'data.principal:isObject']],
      ['a list of principals', (d) => (d['principal'] = [principal(d)]), ['data.principal:isObject']],
      [
        'a relationship outside the family-relationship list',
        (d) => (principal(d)['relationship'] = 'friend'),
        ['data.principal.relationship:isInCodeList'],
      ],
      [
        "a principal's permit number in lower case",
        (d) => (principal(d)['residencePermitNo'] = 'r310000260001234'),
        ['data.principal.residencePermitNo:matches'],
      ],
      [
        'a principal without identity',
        (d) => delete principal(d)['person'],
        ['data.principal.person:isDefined', 'data.principal.person:isObject'],
      ],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('residence-permit.family-member-linked', exampleWith(RESIDENCE_PERMIT_FAMILY_MEMBER_LINKED_V1, change))).toEqual(
        expected,
      );
    });
  });
});
