import { describe, expect, it } from '@jest/globals';
import { type CodeList } from '../../code-lists/code-list.js';
import { findContract } from '../catalogue.js';
import type { EventContract } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { CREDIT_CLEARANCE_REASONS } from './code-lists.js';
import { CREDIT_COMMITMENT_BREACHED_V1 } from './credit-commitment-breached.v1.js';
import { CREDIT_RECORD_CLEARED_V1 } from './credit-record-cleared.v1.js';
import { CREDIT_VIOLATION_RECORDED_V1 } from './credit-violation-recorded.v1.js';
import { envelopeFrom, rulesBroken, withChanges } from '../../testing/contract-spec-harness.js';

const CONTRACTS: EventContract[] = [CREDIT_VIOLATION_RECORDED_V1, CREDIT_COMMITMENT_BREACHED_V1, CREDIT_RECORD_CLEARED_V1];

const SENDER = { agency: 'credit', time: '2026-03-02T09:30:00+08:00' };

/** A full envelope from credit supervision around the contract's example with `changes` applied (undefined leaves a field out). */
function anEvent(contract: EventContract, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return envelopeFrom(SENDER, contract.type, withChanges(contract.example(), changes));
}

describe('credit events v1', () => {
  it.each(CONTRACTS.map((contract): [string, EventContract] => [contract.type, contract]))(
    '%s is in the catalogue, and its example passes and identifies the person',
    (type, contract) => {
      expect(findContract(type, 1)).toBe(contract);
      expect(rulesBroken(anEvent(contract))).toEqual([]);
      expect(contract.identify?.(contract.example())).toEqual(examplePerson());
    },
  );

  it.each([['credit-clearance-reason', CREDIT_CLEARANCE_REASONS] as [string, CodeList]])(
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

describe('credit.violation-recorded v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(CREDIT_VIOLATION_RECORDED_V1, changes);

  it('accepts the minimum: no decision, employer, penalty, fine or publication end', () => {
    const minimal = { decisionNo: undefined, employer: undefined, penalty: undefined, fine: undefined, publishedUntil: undefined };
    expect(rulesBroken(event(minimal))).toEqual([]);
  });

  it('takes violation kinds from the violation-kind list', () => {
    expect(rulesBroken(event({ kind: 'speeding' }))).toEqual(['data.kind:isInCodeList']);
  });

  it('records a violation on or after the day it occurred, and shares it until after that', () => {
    expect(rulesBroken(event({ occurredOn: '2026-02-26', recordedOn: '2026-02-26' }))).toEqual([]);
    expect(rulesBroken(event({ recordedOn: '2025-11-09' }))).toEqual(['data.recordedOn:isNotBeforeProperty']);
    expect(rulesBroken(event({ publishedUntil: '2026-02-26' }))).toEqual(['data.publishedUntil:isAfterProperty']);
  });

  it('names the authority by agency id', () => {
    expect(rulesBroken(event({ authority: 'credit' }))).toEqual([]);
    expect(rulesBroken(event({ authority: 'PSB-310000' }))).toEqual(['data.authority:matches']);
    expect(rulesBroken(event({ authority: 'psb-3100' }))).toEqual(['data.authority:matches']);
  });

  it('takes the fine as a yuan amount and limits the description to 1000 characters', () => {
    expect(rulesBroken(event({ fine: 5000 }))).toEqual(['data.fine:matches']);
    expect(rulesBroken(event({ description: 'x'.repeat(1001) }))).toEqual(['data.description:maxLength']);
    expect(rulesBroken(event({ description: '' }))).toEqual(['data.description:isNotEmpty']);
  });
});

describe('credit.commitment-breached v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(CREDIT_COMMITMENT_BREACHED_V1, changes);

  it('accepts the minimum: no application, employer or deadline', () => {
    expect(rulesBroken(event({ applicationNo: undefined, employer: undefined, dueOn: undefined }))).toEqual([]);
  });

  it('takes the replaced document from the document-kind list and the breach from its own set', () => {
    expect(rulesBroken(event({ documentKind: 'diploma' }))).toEqual(['data.documentKind:isInCodeList']);
    expect(rulesBroken(event({ breach: 'late' }))).toEqual(['data.breach:isIn']);
  });

  it('breaches a commitment on or after the day it was made, with any deadline after that day', () => {
    expect(rulesBroken(event({ breachedOn: '2025-11-20', breach: 'false-statement' }))).toEqual([]);
    expect(rulesBroken(event({ breachedOn: '2025-11-19' }))).toEqual(['data.breachedOn:isNotBeforeProperty']);
    expect(rulesBroken(event({ dueOn: '2025-11-20' }))).toEqual(['data.dueOn:isAfterProperty']);
  });

  it('takes commitment and application numbers as reference numbers', () => {
    expect(rulesBroken(event({ commitmentNo: 'cm 4321', applicationNo: '-1' }))).toEqual([
      'data.commitmentNo:matches',
      'data.applicationNo:matches',
    ]);
  });
});

describe('credit.record-cleared v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(CREDIT_RECORD_CLEARED_V1, changes);

  it('accepts each clearance reason, with or without decision and note', () => {
    for (const { code } of CREDIT_CLEARANCE_REASONS.entries) {
      expect(rulesBroken(event({ reason: code, decisionNo: undefined, note: undefined }))).toEqual([]);
    }
  });

  it('takes the reason from the credit-clearance-reason list and the record type from its own set', () => {
    expect(rulesBroken(event({ reason: 'forgiven' }))).toEqual(['data.reason:isInCodeList']);
    expect(rulesBroken(event({ recordType: 'blacklist' }))).toEqual(['data.recordType:isIn']);
  });

  it('requires a real clearance date', () => {
    expect(rulesBroken(event({ clearedOn: '2026-02-29' }))).toEqual(['data.clearedOn:isCalendarDate']);
  });
});
