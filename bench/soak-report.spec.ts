import { describe, expect, it } from '@jest/globals';
import { sustainedOf, type SoakTotals } from './soak-report.js';

const totals: SoakTotals = {
  seconds: 180,
  offeredPerSecond: 1_000,
  sent: 180_000,
  accepted: 180_000,
  rejected: 0,
  firstRejection: undefined,
  recorded: 179_900,
  generatorBehindMs: 3,
};

describe('sustainedOf', () => {
  it('holds when the hub accepted and the adapter recorded the offered rate', () => {
    expect(sustainedOf(totals)).toEqual({
      sustained: true,
      acceptedPerSecond: 1_000,
      recordedPerSecond: 999.4,
      text: 'offered rate sustained: accepted 1000 events/s, recorded by the adapter 999.4 events/s, offered 1000',
    });
  });

  it('fails, saying achieved against offered, when the adapter fell behind', () => {
    const result = sustainedOf({ ...totals, recorded: 144_000 });
    expect(result.sustained).toBe(false);
    expect(result.text).toBe('offered rate NOT sustained: accepted 1000 events/s, recorded by the adapter 800 events/s, offered 1000');
  });

  it('fails when the hub refused requests, quoting the first answer', () => {
    const result = sustainedOf({ ...totals, accepted: 179_990, rejected: 10, firstRejection: '503 overloaded' });
    expect(result.sustained).toBe(false);
    expect(result.text).toContain('10 events refused, the first answer: 503 overloaded');
  });
});
