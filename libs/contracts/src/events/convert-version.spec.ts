import { describe, expect, it } from '@jest/globals';
import type { EventEnvelope } from '../envelope/event-envelope.js';
import type { HubError } from '../errors/hub-error.js';
import { validateEvent } from '../validation/validate-event.js';
import { findContract } from './catalogue.js';
import { toContractVersion } from './convert-version.js';
import { exampleEvent } from './example-event.js';
import type { EventContract } from './event-contract.js';

function exampleOf(version: number): EventEnvelope<object> {
  const contract = findContract('work-permit.issued', version) as EventContract;
  return validateEvent(exampleEvent(contract)).envelope;
}

describe('contract versions of work-permit.issued', () => {
  it('upcasts a v1 event into a valid v2 event, taking the workplace region from the envelope', () => {
    const v1 = exampleOf(1);
    const v2 = toContractVersion({ ...v1, region: '310104' }, 2);
    expect(v2.contractversion).toBe(2);
    expect(v2.dataschema).toBe('urn:hub:contract:work-permit.issued:v2');
    expect(v2.data).toMatchObject({
      occupation: { title: 'Senior process engineer' },
      workRegion: '310104',
      validity: { from: '2026-03-01', to: '2028-02-29' },
    });
    expect(() => validateEvent(JSON.parse(JSON.stringify(v2)))).not.toThrow();
  });

  it('downcasts a v2 event into a valid v1 event for subscribers pinned to v1', () => {
    const v1 = toContractVersion(exampleOf(2), 1);
    expect(v1.contractversion).toBe(1);
    expect(v1.data).toMatchObject({ position: 'Senior process engineer', validFrom: '2026-03-01', validTo: '2028-02-29' });
    expect(v1.data).not.toHaveProperty('workRegion');
    expect(() => validateEvent(JSON.parse(JSON.stringify(v1)))).not.toThrow();
  });

  it('gives back the v1 payload unchanged after a round trip through v2', () => {
    const original = JSON.parse(JSON.stringify(exampleOf(1))) as EventEnvelope<object>;
    const back = toContractVersion(toContractVersion(original, 2), 1);
    expect(JSON.parse(JSON.stringify(back.data))).toEqual(original.data);
    expect(toContractVersion(original, 1)).toBe(original);
  });

  it('refuses a version the type does not have, naming it', () => {
    expect(() => toContractVersion(exampleOf(1), 7)).toThrow('work-permit.issued has no contract version 7');
    try {
      toContractVersion(exampleOf(1), 7);
    } catch (error) {
      expect((error as HubError).code).toBe('CONTRACT_VERSION_UNAVAILABLE');
    }
  });
});
