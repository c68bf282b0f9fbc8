import { describe, expect, it } from '@jest/globals';
import type { CodeList } from '../../code-lists/code-list.js';
import { eventSchema } from '../../schema/json-schema.js';
import { envelopeFrom, exampleChangedBy, rulesBroken } from '../../testing/contract-spec-harness.js';
import { findContract } from '../catalogue.js';
import type { EventContract } from '../event-contract.js';
import { EXAMPLE_SUBJECT, exampleEvent } from '../example-event.js';
import { LINKAGE_CASE_KINDS, LINKAGE_CASE_RESOLUTIONS, LINKAGE_OUTCOMES } from './code-lists.js';
import { LINKAGE_CASE_RESOLVED_V1, LINKAGE_EVENTS, LINKAGE_REVIEW_REQUIRED_V1 } from './linkage-events.v1.js';

/** A full envelope from the linkage service about the example subject (or about no one with `subject` null). */
function anEvent(contract: EventContract, data: object, subject: string | null = EXAMPLE_SUBJECT): Record<string, unknown> {
  const event = envelopeFrom({ agency: 'linkage', time: '2026-03-02T09:30:00+08:00' }, contract.type, data);
  return subject === null ? event : { ...event, subject };
}

const caseOf = (data: Record<string, unknown>): Record<string, unknown> => data['case'] as Record<string, unknown>;

describe('linkage.* contracts v1', () => {
  it.each(LINKAGE_EVENTS.map((contract): [string, EventContract] => [contract.type, contract]))(
    '%s: on hub.linkage.events, published by linkage only, names no person, and its example passes',
    (type, contract) => {
      expect(findContract(type, 1)).toBe(contract);
      expect(contract.topic).toBe('hub.linkage.events');
      expect(contract.publishers).toEqual(['linkage']);
      expect(contract.identify).toBeUndefined();
      expect(rulesBroken(anEvent(contract, contract.example()))).toEqual([]);
      expect(exampleEvent(contract)).toMatchObject({ agency: 'linkage', subject: EXAMPLE_SUBJECT });
    },
  );

  it('has the seven event types of the design, sharing one payload', () => {
    expect(LINKAGE_EVENTS.map((contract) => contract.type)).toEqual([
      'linkage.review-required',
      'linkage.inconsistency-detected',
      'linkage.deadline-overdue',
      'linkage.eligibility-determined',
      'linkage.case-resolved',
      'linkage.flag-changed',
      'linkage.talent-status-changed',
    ]);
    expect(new Set(LINKAGE_EVENTS.map((contract) => contract.payload)).size).toBe(1);
  });

  it('requires the subject in the envelope, in the hub and in the published schema', () => {
    const contract = LINKAGE_REVIEW_REQUIRED_V1;
    expect(rulesBroken(anEvent(contract, contract.example(), null))).toEqual(['subject:isDefined']);
    expect(eventSchema(contract)['required']).toContain('subject');
    expect(eventSchema(findContract('work-permit.issued', 2) as EventContract)['required']).not.toContain('subject');
  });

  it('takes outcome, case kind and resolution from their code lists, and the case state from its own set', () => {
    const contract = LINKAGE_CASE_RESOLVED_V1;
    const broken = exampleChangedBy(contract, (d) => {
      d['outcome'] = 'maybe';
      caseOf(d)['kind'] = 'parking-ticket';
      caseOf(d)['state'] = 'lost';
      (caseOf(d)['resolution'] as Record<string, unknown>)['outcome'] = 'forgotten';
    });
    expect(rulesBroken(anEvent(contract, broken)).sort()).toEqual([
      'data.case.kind:isInCodeList',
      'data.case.resolution.outcome:isInCodeList',
      'data.case.state:isIn',
      'data.outcome:isInCodeList',
    ]);
  });

  it('refuses input event ids that are not UUIDs or repeat, thresholds without a name, and a malformed owner', () => {
    const contract = LINKAGE_REVIEW_REQUIRED_V1;
    const broken = exampleChangedBy(contract, (d) => {
      d['inputEventIds'] = ['not-a-uuid', '0b5a3f0e-7c1d-4e2a-9f3b-5d6c7e8f9a01', '0b5a3f0e-7c1d-4e2a-9f3b-5d6c7e8f9a01'];
      d['thresholds'] = [{ value: '10' }];
      caseOf(d)['ownerAgency'] = 'Public Security';
    });
    expect(rulesBroken(anEvent(contract, broken)).sort()).toEqual([
      'data.case.ownerAgency:matches',
      'data.inputEventIds:arrayUnique',
      'data.inputEventIds:isUuid',
      'data.thresholds[0].name:matches',
    ]);
  });

  it('accepts a decision without a case, findings or agencies to notify, and a case whose due date cannot be counted', () => {
    const contract = LINKAGE_REVIEW_REQUIRED_V1;
    const bare = exampleChangedBy(contract, (d) => {
      delete d['case'];
    });
    expect(rulesBroken(anEvent(contract, bare))).toEqual([]);
    const uncounted = exampleChangedBy(contract, (d) => {
      delete caseOf(d)['dueDate'];
      caseOf(d)['dueCannotDecide'] = 'The working calendar does not cover 2027 yet.';
    });
    expect(rulesBroken(anEvent(contract, uncounted))).toEqual([]);
  });

  it.each([LINKAGE_OUTCOMES, LINKAGE_CASE_KINDS, LINKAGE_CASE_RESOLUTIONS].map((list): [string, CodeList] => [list.name, list]))(
    'the %s list has unique codes, each with Chinese and English labels',
    (_name, list) => {
      const codes = list.entries.map((entry) => entry.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const entry of list.entries) {
        expect(entry.zh).toMatch(/\p{Script=Han}/u);
        expect(entry.en).toMatch(/[A-Za-z]/);
      }
    },
  );
});
