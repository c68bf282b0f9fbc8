import { describe, expect, it } from '@jest/globals';
import { firstOffsetDeeperThan } from './json-body.js';

const depthCheck = (text: string, maxDepth: number): number | undefined => firstOffsetDeeperThan(Buffer.from(text), maxDepth);

describe('firstOffsetDeeperThan', () => {
  it('finds the byte that opens one level too many, for objects and arrays alike', () => {
    expect(depthCheck('{"a":{"b":[1]}}', 3)).toBeUndefined();
    expect(depthCheck('{"a":{"b":[1]}}', 2)).toBe(10);
    expect(depthCheck('[[[]]]', 2)).toBe(2);
    expect(depthCheck(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 32)).toBe(32);
  });

  it('counts depth, not the number of brackets: siblings do not add up', () => {
    expect(depthCheck(`[${'[1],'.repeat(1000)}[1]]`, 2)).toBeUndefined();
  });

  it('ignores brackets inside strings, including after escaped quotes and backslashes', () => {
    expect(depthCheck('{"a":"[[[[{{{{"}', 1)).toBeUndefined();
    expect(depthCheck('{"a":"\\"[[[[","b":"\\\\"}', 1)).toBeUndefined();
    expect(depthCheck('{"a":"\\\\","b":{}}', 1)).toBe(14);
  });

  it('counts multi-byte text by bytes', () => {
    expect(depthCheck('{"名":[[1]]}', 2)).toBe(8);
  });
});
