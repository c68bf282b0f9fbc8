import { describe, expect, it } from '@jest/globals';
import { countsAgainstRecord, judgeFailedRecord, RecordAttempts, retryDelayMs } from './record-failures.js';

const withCode = (code: string): Error => Object.assign(new Error('refused'), { code });

describe('dispatch record failures', () => {
  it("counts what the database refuses for the record's sake", () => {
    expect(countsAgainstRecord(withCode('23505'), true)).toBe(true); // unique violation
    expect(countsAgainstRecord(withCode('22021'), true)).toBe(true); // NUL in text
    expect(countsAgainstRecord({ driverError: { code: '22P02' } }, true)).toBe(true);
    expect(countsAgainstRecord(new TypeError('x is undefined'), true)).toBe(true);
  });

  it('does not count failures that pass with time or hit every record alike', () => {
    expect(countsAgainstRecord(withCode('23505'), false)).toBe(false); // the database did not answer afterwards
    expect(countsAgainstRecord(withCode('08006'), true)).toBe(false);
    expect(countsAgainstRecord(withCode('40P01'), true)).toBe(false);
    expect(countsAgainstRecord(withCode('57P01'), true)).toBe(false);
    expect(countsAgainstRecord(withCode('ECONNRESET'), true)).toBe(false);
    expect(countsAgainstRecord(Object.assign(new Error('broker gone'), { name: 'KafkaJSConnectionError' }), true)).toBe(false);
  });

  it('waits longer after each try, at most 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 30].map(retryDelayMs)).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('counts tries per partition and offset until settled', () => {
    const attempts = new RecordAttempts();
    expect(attempts.failed(0, '14')).toBe(1);
    expect(attempts.failed(0, '14')).toBe(2);
    expect(attempts.failed(1, '14')).toBe(1);
    attempts.settled(0, '14');
    expect(attempts.count(0, '14')).toBe(0);
    expect(attempts.count(1, '14')).toBe(1);
  });

  it('parks a record at its last allowed try of its own fault, and pauses longer with each try before that', () => {
    expect(judgeFailedRecord(true, 2, 3, 4)).toEqual({ park: false, delayMs: 500, passingFailures: 4 });
    expect(judgeFailedRecord(true, 3, 3, 0)).toEqual({ park: true, delayMs: 1_000, passingFailures: 0 });
  });

  it("never parks for a failure not the record's own, and pauses longer with each such failure in a row", () => {
    expect(judgeFailedRecord(false, 5, 3, 0)).toEqual({ park: false, delayMs: 250, passingFailures: 1 });
    expect(judgeFailedRecord(false, 5, 3, 3)).toEqual({ park: false, delayMs: 2_000, passingFailures: 4 });
  });
});
