import { describe, expect, it } from '@jest/globals';
import type { PublishOutcome } from '@hub/agency-kit';
import type { ConflictOutcomeFacts } from '../../events/index.js';
import { explainHeld } from './held-outcomes.js';

const CONFLICT = '0b7e3f5c-1d2a-4c8e-9f00-5a6b7c8d9e01';

function anOutcome(offset: string, status: PublishOutcome['status']): PublishOutcome {
  return { eventId: null, status, outboundOffset: { partition: 0, offset }, at: '2026-12-01T00:00:00.000Z' };
}

const facts: ConflictOutcomeFacts = {
  conflictId: CONFLICT,
  state: 'accepted',
  kind: 'work-permit',
  heldAgency: 'bureau-310000',
  heldVersion: 3,
  incomingRecordId: 'fwp.permit:7',
  incomingVersion: 1,
  note: null,
};

describe('explainHeld', () => {
  it('tells a held record which agency holds it at which version, in English and Chinese, and leaves the others', () => {
    const [accepted, held] = explainHeld(
      [anOutcome('4', 'accepted'), anOutcome('5', 'held')],
      new Map([['5', CONFLICT]]),
      new Map([[CONFLICT, facts]]),
    );

    expect(accepted).toEqual(anOutcome('4', 'accepted'));
    expect(held?.conflict).toEqual({ id: CONFLICT, state: 'open', heldBy: 'bureau-310000', heldVersion: 3, incomingVersion: 1 });
    expect(held?.error).toMatchObject({ code: 'RECORD_CONFLICT_HELD', status: 202, currentVersion: 3 });
    expect(held?.error?.message).toContain('held by bureau-310000 at version 3');
    expect(held?.error?.messageZh).toContain('由 bureau-310000 持有，版本 3');
  });

  it('sends a held outcome bare when its conflict was not read', () => {
    expect(explainHeld([anOutcome('5', 'held')], new Map([['5', CONFLICT]]), new Map())).toEqual([anOutcome('5', 'held')]);
  });
});
