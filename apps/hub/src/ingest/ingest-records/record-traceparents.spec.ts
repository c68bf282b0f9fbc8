import { describe, expect, it } from '@jest/globals';
import type { OutboundMessage } from './ingest-records.js';
import { recordTraceparents } from './record-traceparents.js';

const record = (traceparent?: string): OutboundMessage => ({
  offset: '0',
  value: null,
  headers: traceparent === undefined ? {} : { traceparent },
});
const A = '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1111111111111111-01';
const B = '00-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-2222222222222222-01';
const HOP = '00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-3333333333333333-01';

describe('recordTraceparents', () => {
  it('continues the ingest hop for records of its trace and each other record’s own trace', () => {
    expect(recordTraceparents([record(A), record(B), record(`00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-4444444444444444-01`)], HOP)).toEqual([
      HOP,
      B,
      HOP,
    ]);
  });

  it('gives no parent to a record without a valid traceparent', () => {
    expect(recordTraceparents([record(), record('not-a-trace'), record(B.toUpperCase()), record(B)], HOP)).toEqual([
      undefined,
      undefined,
      undefined,
      B,
    ]);
  });
});
