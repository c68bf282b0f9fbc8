import { describe, expect, it } from '@jest/globals';
import { resultCount } from './api-access-log.interceptor.js';

describe('resultCount', () => {
  it('counts a page by its items, a list by its length and a single record as one', () => {
    expect(resultCount({ items: [1, 2, 3], nextCursor: null })).toBe(3);
    expect(resultCount({ rows: [1, 2] })).toBe(2);
    expect(resultCount([1])).toBe(1);
    expect(resultCount({ id: 'x' })).toBe(1);
    expect(resultCount(undefined)).toBe(0);
  });
});
