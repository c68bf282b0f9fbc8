import { describe, expect, it } from '@jest/globals';
import type { KafkaBatchMessage } from '@hub/messaging';
import {
  DeadLetterRequestInvalidError,
  readDeadLetterId,
  readDiscardRequest,
  readListLimit,
  readRedriveRequest,
} from './dead-letter-requests.js';
import { firstReading, type ReadingConsumer } from './dead-letters.js';

/** A consumer that reads only records whose value starts with `prefix`, and notes what it consumed. */
function readerOf(prefix: string, consumed: string[]): ReadingConsumer {
  return {
    parse: (message) => ({ kind: message.value?.toString().startsWith(prefix) ? 'event' : 'ignored' }),
    consumeMessages: (_topic, _partition, messages) => {
      consumed.push(...messages.map((m) => `${prefix}:${m.value?.toString() ?? ''}`));
      return Promise.resolve({ deadLettered: [] });
    },
  };
}

const message = (value: string): KafkaBatchMessage => ({ key: null, value: Buffer.from(value), headers: {}, offset: '0', timestamp: '0' });

describe('dead letters', () => {
  it('redrives each record through the first consumer that reads it, else the last', async () => {
    const consumed: string[] = [];
    const redriving = firstReading(readerOf('permit', consumed), readerOf('review', consumed));
    for (const value of ['permit-1', 'review-1', 'other']) await redriving.consumeMessages('t', 0, [message(value)]);
    expect(consumed).toEqual(['permit:permit-1', 'review:review-1', 'review:other']);
  });

  it('reads operator requests, naming the field path and rule of what is wrong', () => {
    expect(readListLimit(undefined)).toBe(100);
    expect(readListLimit('5')).toBe(5);
    expect(readRedriveRequest({})).toEqual([]);
    expect(readRedriveRequest({ ids: [3, 7] })).toEqual([3, 7]);
    expect(readDeadLetterId('12')).toBe(12);
    expect(readDiscardRequest({ reason: ' duplicate of 12 ' })).toEqual({ reason: 'duplicate of 12' });
    const issuesOf = (read: () => unknown): unknown => {
      try {
        read();
      } catch (error) {
        if (error instanceof DeadLetterRequestInvalidError) return error.issues.map(({ path, rule }) => `${path}:${rule}`);
      }
      return 'accepted';
    };
    expect(issuesOf(() => readListLimit('0'))).toEqual(['limit:wholeNumber']);
    expect(issuesOf(() => readListLimit('1001'))).toEqual(['limit:wholeNumber']);
    expect(issuesOf(() => readRedriveRequest({ ids: 'all' }))).toEqual(['ids:array']);
    expect(issuesOf(() => readRedriveRequest({ ids: [1, 0, 2.5] }))).toEqual(['ids[1]:wholeNumber', 'ids[2]:wholeNumber']);
    expect(issuesOf(() => readDeadLetterId('kafka-1'))).toEqual(['id:wholeNumber']);
    expect(issuesOf(() => readDiscardRequest({}))).toEqual(['reason:text']);
    expect(issuesOf(() => readDiscardRequest({ reason: 'x'.repeat(501) }))).toEqual(['reason:text']);
    expect(issuesOf(() => readDiscardRequest({ reason: 'line\nbreak' }))).toEqual(['reason:text']);
  });
});
