import { describe, expect, it } from '@jest/globals';
import { parsePublishOutcome, type PublishOutcome } from './publish-outcome.js';

const refused: PublishOutcome = {
  eventId: null,
  status: 'refused',
  outboundOffset: { partition: 2, offset: '17' },
  error: { code: 'NOT_AN_EVENT', status: 400, message: 'not JSON', messageZh: '不是 JSON' },
  at: '2026-12-04T20:00:00.000Z',
};

describe('parsePublishOutcome', () => {
  it('reads back an outcome from its JSON', () => {
    expect(parsePublishOutcome(Buffer.from(JSON.stringify(refused)))).toEqual(refused);
  });

  it('reads back a resolution with its conflict', () => {
    const resolved: PublishOutcome = {
      ...refused,
      eventId: '0b7e3f5c-1d2a-4c8e-9f00-5a6b7c8d9e01',
      conflict: {
        id: 'c1',
        state: 'rejected',
        heldBy: 'bureau-310000',
        heldVersion: 3,
        incomingVersion: 1,
        winningVersion: 3,
        note: 'kept',
      },
    };
    expect(parsePublishOutcome(JSON.stringify(resolved))).toEqual(resolved);
  });

  it.each([
    [null, 'no value'],
    ['{', 'not JSON'],
    ['[1]', 'eventId'],
    ['3', 'not a JSON object'],
    [JSON.stringify({ ...refused, status: 'maybe' }), 'status must be one of'],
    [JSON.stringify({ ...refused, eventId: 5 }), 'eventId'],
    [JSON.stringify({ ...refused, outboundOffset: { partition: 1, offset: 5 } }), 'outboundOffset'],
    [JSON.stringify({ ...refused, at: undefined }), 'at must be'],
    [JSON.stringify({ ...refused, error: 'x' }), 'error must be'],
    [JSON.stringify({ ...refused, conflict: 'x' }), 'conflict must be'],
  ])('says why %s is not an outcome', (value, reason) => {
    const parsed = parsePublishOutcome(value);
    expect('invalid' in parsed && parsed.invalid).toContain(reason);
  });
});
