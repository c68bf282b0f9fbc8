import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE } from '@hub/contracts';
import { LINKAGE_SUBSCRIPTION } from './linkage-subscription.js';

describe('LINKAGE_SUBSCRIPTION', () => {
  it('asks for every canonical event type the chain folds, once, and none of the linkage.* family', () => {
    const folded = [...new Set(EVENT_CATALOGUE.map((contract) => contract.type))].filter((type) => !type.startsWith('linkage.')).sort();
    const asked = LINKAGE_SUBSCRIPTION.eventTypes.map((entry) => entry.type);
    expect([...asked].sort()).toEqual(folded);
    expect(new Set(asked).size).toBe(asked.length);
  });
});
