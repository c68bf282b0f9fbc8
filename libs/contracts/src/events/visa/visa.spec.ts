import type { EventContract } from '../event-contract.js';
import { describe, expect, it } from '@jest/globals';
import { VISA_EVENTS } from './index.js';
import { VISA_CANCELLED_V1 } from './visa-cancelled.v1.js';
import { VISA_ISSUED_V1 } from './visa-issued.v1.js';
import { VISA_REFUSED_V1 } from './visa-refused.v1.js';
import { envelopeFrom, exampleChangedBy as exampleWith, rulesBroken } from '../../testing/contract-spec-harness.js';

/** A full envelope around `data`, as a port visa office of the Shanghai public security would send it. */
function anEvent(type: string, data: object): Record<string, unknown> {
  return envelopeFrom({ agency: 'psb-310000', time: '2026-01-20T10:15:00+08:00' }, type, data);
}

/** The broken rules as `path:rule`, sorted. */
function brokenRules(type: string, data: object): string[] {
  return rulesBroken(anEvent(type, data)).sort();
}

describe('visa contracts', () => {
  it.each(VISA_EVENTS.map((contract): [string, EventContract] => [contract.type, contract]))(
    '%s: the published example passes and identifies the holder',
    (type, contract) => {
      const example = contract.example();
      expect(brokenRules(type, example)).toEqual([]);
      expect(contract.identify?.(example)).toEqual(expect.objectContaining({ passportNo: 'E12345678', nationality: 'FRA' }));
      expect(contract.topic).toBe('hub.visa.events');
      expect(contract.publishers).toEqual(['mfa', 'psb']);
    },
  );

  describe('visa.issued', () => {
    it.each<[string, (data: Record<string, unknown>) => void, string[]]>([
      ['validity ending before it starts', (d) => (d['validTo'] = '2026-01-19'), ['data.validTo:isAfterProperty']],
      ['validity ending on the day it starts', (d) => (d['validTo'] = d['validFrom']), ['data.validTo:isAfterProperty']],
      ['validity starting before the visa was issued', (d) => (d['validFrom'] = '2026-01-19'), ['data.validFrom:isNotBeforeProperty']],
      ['a category outside the visa-category list', (d) => (d['category'] = 'Z1'), ['data.category:isInCodeList']],
      ['an entries value other than single, double or multiple', (d) => (d['entries'] = 'unlimited'), ['data.entries:isIn']],
      ['a stay longer than 180 days', (d) => (d['durationOfStayDays'] = 181), ['data.durationOfStayDays:max']],
      ['a negative stay', (d) => (d['durationOfStayDays'] = -1), ['data.durationOfStayDays:min']],
      ['a fractional stay', (d) => (d['durationOfStayDays'] = 30.5), ['data.durationOfStayDays:isInt']],
      ['a visa number in lower case', (d) => (d['visaNo'] = 'v02468135'), ['data.visaNo:matches']],
      ['a notice number with spaces', (d) => (d['basedOnNotice'] = 'N 310000 2026'), ['data.basedOnNotice:matches']],
      ['a null notice number (optional means absent, never null)', (d) => (d['basedOnNotice'] = null), ['data.basedOnNotice:matches']],
      [
        'an unknown kind of issuing post',
        (d) => ((d['issuingPost'] as Record<string, unknown>)['kind'] = 'airline'),
        ['data.issuingPost.kind:isIn'],
      ],
      [
        'an issuing post in a country that is not ISO 3166-1 alpha-3',
        (d) => ((d['issuingPost'] as Record<string, unknown>)['country'] = 'FR'),
        ['data.issuingPost.country:isInCodeList'],
      ],
      ['a missing issuing post', (d) => delete d['issuingPost'], ['data.issuingPost:isDefined', 'data.issuingPost:isObject']],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('visa.issued', exampleWith(VISA_ISSUED_V1, change))).toEqual(expected);
    });

    it('accepts a port visa with no notice, no application number and no post country', () => {
      const data = exampleWith(VISA_ISSUED_V1, (d) => {
        d['category'] = 'M';
        d['durationOfStayDays'] = 30;
        d['issuingPost'] = { kind: 'port', name: '上海浦东机场口岸签证处' };
        delete d['basedOnNotice'];
        delete d['applicationNo'];
      });
      expect(brokenRules('visa.issued', data)).toEqual([]);
    });
  });

  describe('visa.refused', () => {
    it('accepts a refusal without a stated reason, as art. 21 allows', () => {
      expect(
        brokenRules(
          'visa.refused',
          exampleWith(VISA_REFUSED_V1, (d) => delete d['reasonCode']),
        ),
      ).toEqual([]);
    });

    it.each<[string, (data: Record<string, unknown>) => void, string[]]>([
      ['a reason outside the visa-refusal-reason list', (d) => (d['reasonCode'] = 'overstay'), ['data.reasonCode:isInCodeList']],
      ['a refusal dated before the application', (d) => (d['refusedOn'] = '2026-01-11'), ['data.refusedOn:isNotBeforeProperty']],
      ['an application number with spaces', (d) => (d['applicationNo'] = 'PAR 2026'), ['data.applicationNo:matches']],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('visa.refused', exampleWith(VISA_REFUSED_V1, change))).toEqual(expected);
    });
  });

  describe('visa.cancelled', () => {
    it.each<[string, (data: Record<string, unknown>) => void, string[]]>([
      ['a missing reason', (d) => delete d['reason'], ['data.reason:isInCodeList']],
      ['a reason from another list', (d) => (d['reason'] = 'missing-documents'), ['data.reason:isInCodeList']],
      ['remarks with control characters', (d) => (d['remarks'] = 'line one\nline two'), ['data.remarks:hasNoControlCharacters']],
    ])('refuses %s', (_case, change, expected) => {
      expect(brokenRules('visa.cancelled', exampleWith(VISA_CANCELLED_V1, change))).toEqual(expected);
    });
  });
});
