import { describe, expect, it } from '@jest/globals';
import { NamedKeyRing, parseNamedKeys } from './named-keys.js';

const desk = 'd'.repeat(40);
const border = 'b'.repeat(40);

describe('parseNamedKeys', () => {
  it('reads comma-separated name:key pairs and refuses malformed, short or repeated ones', () => {
    expect(parseNamedKeys(`desk:${desk}, border:${border}`)).toEqual([
      { name: 'desk', key: desk },
      { name: 'border', key: border },
    ]);
    for (const wrong of [
      '',
      'desk',
      `desk:short`,
      `Desk:${desk}`,
      `desk:${desk},desk:${border}`,
      `a:${desk},b:${desk}`,
      `desk:${desk} x`,
    ]) {
      expect({ wrong, parsed: parseNamedKeys(wrong) }).toEqual({ wrong, parsed: undefined });
    }
  });
});

describe('NamedKeyRing', () => {
  const ring = new NamedKeyRing([
    { name: 'desk', key: desk },
    { name: 'border', key: border },
  ]);

  it('names the system whose bearer key is presented, and nothing for none, a wrong key or another scheme', () => {
    expect(ring.nameOf(`Bearer ${border}`)).toBe('border');
    expect(ring.nameOf(`bearer ${desk}`)).toBe('desk');
    for (const wrong of [undefined, '', desk, `Basic ${desk}`, `Bearer ${desk}x`, `Bearer ${desk.slice(1)}`]) {
      expect({ wrong, name: ring.nameOf(wrong) }).toEqual({ wrong, name: undefined });
    }
  });
});
