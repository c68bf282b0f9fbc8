import { describe, expect, it } from '@jest/globals';
import type { EventEnvelope } from '../../envelope/event-envelope.js';
import { envelopeFrom, rulesBroken, withChanges } from '../../testing/contract-spec-harness.js';
import { validateEvent } from '../../validation/validate-event.js';
import { findContract } from '../catalogue.js';
import { toContractVersion } from '../convert-version.js';
import type { EventContract } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { WORK_PERMIT_APPLICATION_SUBMITTED_V1 } from './work-permit-application-submitted.v1.js';
import { WORK_PERMIT_APPLICATION_SUBMITTED_V2 } from './work-permit-application-submitted.v2.js';
import { WORK_PERMIT_COMMITMENT_VERIFIED_V1 } from './work-permit-commitment-verified.v1.js';

const SENDER = { agency: 'bureau-310000', time: '2026-03-02T09:30:00+08:00' };

function anEvent(contract: EventContract, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...envelopeFrom(SENDER, contract.type, withChanges(contract.example(), changes)), contractversion: contract.version };
}

describe('work-permit.application-submitted v2', () => {
  it('is in the catalogue next to v1, and its example passes and identifies the holder', () => {
    expect(findContract('work-permit.application-submitted', 2)).toBe(WORK_PERMIT_APPLICATION_SUBMITTED_V2);
    expect(rulesBroken(anEvent(WORK_PERMIT_APPLICATION_SUBMITTED_V2))).toEqual([]);
    expect(WORK_PERMIT_APPLICATION_SUBMITTED_V2.identify?.(WORK_PERMIT_APPLICATION_SUBMITTED_V2.example())).toEqual(examplePerson());
  });

  it('takes the path from standard, graduate and founder, and leaves it optional', () => {
    for (const path of ['standard', 'graduate', 'founder', undefined]) {
      expect(rulesBroken(anEvent(WORK_PERMIT_APPLICATION_SUBMITTED_V2, { path }))).toEqual([]);
    }
    expect(rulesBroken(anEvent(WORK_PERMIT_APPLICATION_SUBMITTED_V2, { path: 'talent' }))).toEqual(['data.path:isIn']);
  });

  it('converts to v1 without the path and back, each side valid', () => {
    const v2 = validateEvent(anEvent(WORK_PERMIT_APPLICATION_SUBMITTED_V2)).envelope;
    const v1 = toContractVersion(v2, 1);
    expect(v1.data).not.toHaveProperty('path');
    expect(() => validateEvent(JSON.parse(JSON.stringify(v1)))).not.toThrow();
    const original: EventEnvelope<object> = validateEvent(anEvent(WORK_PERMIT_APPLICATION_SUBMITTED_V1)).envelope;
    const upcast = toContractVersion(original, 2);
    expect(upcast.data).toEqual(original.data);
    expect(() => validateEvent(JSON.parse(JSON.stringify(upcast)))).not.toThrow();
  });
});

describe('work-permit.commitment-verified v1', () => {
  const event = (changes: Record<string, unknown>) => anEvent(WORK_PERMIT_COMMITMENT_VERIFIED_V1, changes);

  it('is published by the bureau, and its example passes and identifies the holder', () => {
    expect(findContract('work-permit.commitment-verified', 1)).toBe(WORK_PERMIT_COMMITMENT_VERIFIED_V1);
    expect(WORK_PERMIT_COMMITMENT_VERIFIED_V1.publishers).toEqual(['bureau']);
    expect(rulesBroken(event({}))).toEqual([]);
    expect(WORK_PERMIT_COMMITMENT_VERIFIED_V1.identify?.(WORK_PERMIT_COMMITMENT_VERIFIED_V1.example())).toEqual(examplePerson());
  });

  it('accepts fulfilled and untrue, with or without document kind and note, and nothing else', () => {
    expect(rulesBroken(event({ result: 'fulfilled', note: undefined, documentKind: undefined }))).toEqual([]);
    expect(rulesBroken(event({ result: 'pending' }))).toEqual(['data.result:isIn']);
    expect(rulesBroken(event({ verifiedOn: '2026-02-30', commitmentNo: 'cm 1' }))).toEqual([
      'data.commitmentNo:matches',
      'data.verifiedOn:isCalendarDate',
    ]);
  });
});
