import { describe, expect, it } from '@jest/globals';
import { envelopeFrom, rulesBroken, withChanges } from '../../testing/contract-spec-harness.js';
import { validateEvent } from '../../validation/validate-event.js';
import { findContract } from '../catalogue.js';
import { toContractVersion } from '../convert-version.js';
import { VIOLATION_SEVERITIES } from './code-lists.js';
import { CREDIT_COMMITMENT_BREACHED_V1 } from './credit-commitment-breached.v1.js';
import { CREDIT_VIOLATION_RECORDED_V2 } from './credit-violation-recorded.v2.js';

function anEvent(changes: Record<string, unknown> = {}, version = 2): Record<string, unknown> {
  const contract = findContract('credit.violation-recorded', version) ?? CREDIT_VIOLATION_RECORDED_V2;
  const data = withChanges(contract.example(), changes);
  return { ...envelopeFrom({ agency: 'credit', time: '2026-03-02T09:30:00+08:00' }, contract.type, data), contractversion: version };
}

describe('credit.violation-recorded v2', () => {
  it('is in the catalogue next to v1 and takes the severity from the violation-severity list', () => {
    expect(findContract('credit.violation-recorded', 2)).toBe(CREDIT_VIOLATION_RECORDED_V2);
    expect(VIOLATION_SEVERITIES.entries.map((entry) => entry.code)).toEqual(['minor', 'serious', 'grave']);
    for (const { code } of VIOLATION_SEVERITIES.entries) expect(rulesBroken(anEvent({ severity: code }))).toEqual([]);
    expect(rulesBroken(anEvent({ severity: 'catastrophic' }))).toEqual(['data.severity:isInCodeList']);
  });

  it('converts to v1 without the severity, and a v1 record up to v2 with none', () => {
    const v1 = toContractVersion(validateEvent(anEvent()).envelope, 1);
    expect(v1.data).not.toHaveProperty('severity');
    expect(() => validateEvent(JSON.parse(JSON.stringify(v1)))).not.toThrow();
    const up = toContractVersion(validateEvent(anEvent({}, 1)).envelope, 2);
    expect(up.data).not.toHaveProperty('severity');
    expect(() => validateEvent(JSON.parse(JSON.stringify(up)))).not.toThrow();
  });
});

describe('credit.commitment-breached v1 publishers', () => {
  it('is published by credit supervision and by the linkage service', () => {
    expect(CREDIT_COMMITMENT_BREACHED_V1.publishers).toEqual(['credit', 'linkage']);
    const fromLinkage = envelopeFrom({ agency: 'linkage', time: '2026-03-02T09:30:00+08:00' }, 'credit.commitment-breached', {
      ...CREDIT_COMMITMENT_BREACHED_V1.example(),
      breach: 'false-statement',
    });
    expect(rulesBroken(fromLinkage)).toEqual([]);
  });
});
