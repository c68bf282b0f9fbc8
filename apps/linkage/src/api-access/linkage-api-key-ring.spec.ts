import { describe, expect, it } from '@jest/globals';
import { LinkageApiError } from './linkage-api.errors.js';
import { LinkageApiKeyRing } from './linkage-api-key-ring.js';

const DESK_KEY = 'desk-key-'.padEnd(40, 'x');
const EVALUATOR_KEY = 'evaluator-key-'.padEnd(40, 'y');
const ring = new LinkageApiKeyRing({ apiKeys: `psb-310000:desk:${DESK_KEY},*:evaluator:${EVALUATOR_KEY}` });

function refusal(authorization: string | undefined): unknown {
  try {
    ring.authenticate(authorization);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('LinkageApiKeyRing', () => {
  it('names the caller whose key the Bearer token is', () => {
    expect(ring.authenticate(`Bearer ${DESK_KEY}`)).toEqual({ agency: 'psb-310000', name: 'desk' });
    expect(ring.authenticate(`bearer ${EVALUATOR_KEY} `)).toEqual({ agency: '*', name: 'evaluator' });
  });

  it.each([undefined, '', DESK_KEY, `Basic ${DESK_KEY}`, `Bearer ${DESK_KEY}z`, `Bearer ${DESK_KEY.slice(0, -1)}`])(
    'answers 401 UNAUTHENTICATED for %j',
    (authorization) => {
      expect(refusal(authorization)).toBeInstanceOf(LinkageApiError);
      expect(refusal(authorization)).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    },
  );

  it('refuses to start on keys that break the format, naming the setting', () => {
    expect(() => new LinkageApiKeyRing({ apiKeys: 'psb-310000:desk:short' })).toThrow(/LINKAGE_API_KEYS: entry 1 \(desk\): the key/);
    expect(() => new LinkageApiKeyRing({ apiKeys: [] })).toThrow(/LINKAGE_API_KEYS: no keys/);
  });
});
