import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: null }], c: 'x' }, e: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":1}]},"b":1}',
    );
  });

  it('gives the same text whatever order the fields arrived in', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: { q: 'é𠮷' } })).toBe(canonicalJson({ z: { q: 'é𠮷' }, y: [1, 2], x: 1 }));
  });

  it('writes arrays with undefined entries as null, like JSON.stringify', () => {
    expect(canonicalJson([1, undefined, 'a'])).toBe(JSON.stringify([1, undefined, 'a']));
  });
});
