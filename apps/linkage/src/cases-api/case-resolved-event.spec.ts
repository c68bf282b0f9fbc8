import { describe, expect, it } from '@jest/globals';
import { generateSigningKeyPair, verifyEventSignature } from '@hub/identity';
import { caseResolvedEvent, contractFindings, linkageEventSigner, thresholdPairs, type LinkageEventData } from './case-resolved-event.js';

const keys = generateSigningKeyPair('ed25519');
const signer = linkageEventSigner('linkage-k1', keys.privateKey);
const data: LinkageEventData = {
  decisionKey: 'LNK-01:sub_x:WP1',
  ruleId: 'LNK-01-WORK-PERMIT-ENDED',
  ruleVersion: 1,
  outcome: 'case-resolved',
  explanation: { en: 'Resolved', zh: '已办结' },
  inputEventIds: ['b', 'a'],
  thresholds: [],
};

describe('linkage.case-resolved', () => {
  it('is a CloudEvent of the linkage agency that the hub can verify with its registered key', async () => {
    const event = caseResolvedEvent(signer, {
      subject: `sub_${'a'.repeat(32)}`,
      region: '310000',
      resolvedAt: new Date('2026-03-02T01:30:00Z'),
      data,
    });
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'linkage.case-resolved',
      source: 'urn:hub:agency:linkage',
      agency: 'linkage',
      subject: `sub_${'a'.repeat(32)}`,
      time: '2026-03-02T01:30:00.000Z',
      region: '310000',
      contractversion: 1,
      data,
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.signature).toMatch(/^ed25519:linkage-k1:/);
    const lookup = () => ({ alg: 'ed25519' as const, publicKey: keys.publicKeyPem, agencyId: 'linkage', status: 'active' as const });
    await expect(verifyEventSignature(event, lookup)).resolves.toMatchObject({ agencyId: 'linkage', keyId: 'linkage-k1' });
    await expect(verifyEventSignature({ ...event, region: '110000' }, lookup)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('carries thresholds as name/value pairs sorted by name, whichever form the decision kept them in', () => {
    expect(thresholdPairs({ years: 4, asOf: '2026-03-02', k: 6 })).toEqual([
      { name: 'asOf', value: '2026-03-02' },
      { name: 'k', value: '6' },
      { name: 'years', value: '4' },
    ]);
    expect(
      thresholdPairs([
        { name: 'b', value: 2 },
        { name: 'a', value: '1' },
      ]),
    ).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
    expect(thresholdPairs(null)).toEqual([]);
  });

  it('writes findings passed as yes, no or cannot-decide', () => {
    const explanation = { en: 'e', zh: 'z' };
    expect(
      contractFindings([
        { about: '2024', test: 'salary', passed: true, explanation },
        { about: '2025', test: 'salary', passed: false, shortfall: '1000.00', explanation },
        { about: '2026', test: 'salary', passed: 'cannot-decide', explanation },
      ])?.map((f) => f.passed),
    ).toEqual(['yes', 'no', 'cannot-decide']);
    expect(contractFindings(null)).toBeUndefined();
  });
});
