import { describe, expect, it } from '@jest/globals';
import { uuidV5 } from './uuid-v5.js';

describe('uuidV5', () => {
  it('makes UUID v5 as RFC 9562 does (Python: uuid5(NAMESPACE_DNS, "python.org"))', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('gives another id for another name or namespace', () => {
    const namespace = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    expect(uuidV5('python.org', namespace)).not.toBe(uuidV5('python.net', namespace));
    expect(uuidV5('python.org', namespace)).not.toBe(uuidV5('python.org', '6ba7b811-9dad-11d1-80b4-00c04fd430c8'));
  });
});
