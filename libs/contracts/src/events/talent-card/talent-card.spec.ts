import { describe, expect, it } from '@jest/globals';
import { type CodeList } from '../../code-lists/code-list.js';
import { findContract } from '../catalogue.js';
import type { EventContract } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { TALENT_CARD_SERVICES, TALENT_CARD_SUSPENSION_REASONS, TALENT_CARD_TIERS } from './code-lists.js';
import { TALENT_CARD_ISSUED_V1 } from './talent-card-issued.v1.js';
import { TALENT_CARD_SUSPENDED_V1 } from './talent-card-suspended.v1.js';
import { envelopeFrom, rulesBroken, withChanges } from '../../testing/contract-spec-harness.js';

const CONTRACTS: EventContract[] = [TALENT_CARD_ISSUED_V1, TALENT_CARD_SUSPENDED_V1];

const SENDER = { agency: 'bureau-310000', time: '2026-03-02T09:30:00+08:00' };

/** A full envelope from the Shanghai bureau around the contract's example with `changes` applied (undefined leaves a field out). */
function anEvent(contract: EventContract, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return envelopeFrom(SENDER, contract.type, withChanges(contract.example(), changes));
}

describe('talent-card events v1', () => {
  it.each(CONTRACTS.map((contract): [string, EventContract] => [contract.type, contract]))(
    '%s is in the catalogue, and its example passes and identifies the holder',
    (type, contract) => {
      expect(findContract(type, 1)).toBe(contract);
      expect(rulesBroken(anEvent(contract))).toEqual([]);
      expect(contract.identify?.(contract.example())).toEqual(examplePerson());
    },
  );

  it.each([TALENT_CARD_TIERS, TALENT_CARD_SERVICES, TALENT_CARD_SUSPENSION_REASONS].map((list): [string, CodeList] => [list.name, list]))(
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

describe('talent-card.issued v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(TALENT_CARD_ISSUED_V1, changes);

  it('accepts the minimum: no work permit, employer or service list', () => {
    expect(rulesBroken(event({ workPermitNo: undefined, employer: undefined, services: undefined }))).toEqual([]);
  });

  it('takes the tier from the talent-card-tier list', () => {
    expect(rulesBroken(event({ tier: 'C' }))).toEqual(['data.tier:isInCodeList']);
  });

  it('ends validity after the day of issue', () => {
    expect(rulesBroken(event({ validTo: '2026-02-16' }))).toEqual(['data.validTo:isAfterProperty']);
  });

  it('takes an 18-digit work-permit number', () => {
    expect(rulesBroken(event({ workPermitNo: '31000020260000123' }))).toEqual(['data.workPermitNo:matches']);
  });

  it('takes 1–20 distinct services, each from the talent-card-service list', () => {
    expect(rulesBroken(event({ services: ['medical', 'spa'] }))).toEqual(['data.services:isInCodeList']);
    expect(rulesBroken(event({ services: [] }))).toEqual(['data.services:arrayMinSize']);
    expect(rulesBroken(event({ services: Array<string>(21).fill('medical') }))).toEqual([
      'data.services:arrayUnique',
      'data.services:arrayMaxSize',
    ]);
    expect(rulesBroken(event({ services: ['medical', 'medical'] }))).toEqual(['data.services:arrayUnique']);
    expect(rulesBroken(event({ services: 'medical' }))).toEqual(expect.arrayContaining(['data.services:isArray']));
  });
});

describe('talent-card.suspended v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(TALENT_CARD_SUSPENDED_V1, changes);

  it('accepts an open-ended suspension for a credit record', () => {
    expect(
      rulesBroken(event({ reason: 'credit-record', creditRecordNo: 'CR-310000-2026-000045', until: undefined, note: undefined })),
    ).toEqual([]);
  });

  it('takes the reason from the talent-card-suspension-reason list', () => {
    expect(rulesBroken(event({ reason: 'bad-behaviour' }))).toEqual(['data.reason:isInCodeList']);
  });

  it('ends a suspension after it starts', () => {
    expect(rulesBroken(event({ until: '2026-03-02' }))).toEqual(['data.until:isAfterProperty']);
    expect(rulesBroken(event({ until: '2026-03-01' }))).toEqual(['data.until:isAfterProperty']);
  });
});
