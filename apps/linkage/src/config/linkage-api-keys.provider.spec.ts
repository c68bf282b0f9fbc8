import { describe, expect, it } from '@jest/globals';
import { LinkageApiKeys } from './linkage-api-keys.provider.js';

const KEY = 'exit-entry-desk-key-0123456789abcdef';

describe('LinkageApiKeys', () => {
  const keys = new LinkageApiKeys([
    { agency: 'psb-310000', name: 'desk', key: KEY },
    { agency: '*', name: 'evaluator', key: `${KEY}-eval` },
  ]);

  it('names the caller of a Bearer key: its agency, its name, and whether it is a supervisor', () => {
    expect(keys.callerOf(`Bearer ${KEY}`)).toEqual({ agency: 'psb-310000', name: 'desk', supervisor: false });
    expect(keys.callerOf(`Bearer ${KEY}-eval`)).toEqual({ agency: '*', name: 'evaluator', supervisor: true });
  });

  it('knows no caller for a missing, malformed or unknown key', () => {
    for (const header of [undefined, '', KEY, `Basic ${KEY}`, `Bearer ${KEY}x`, `Bearer ${KEY.slice(1)}`, 'Bearer a b']) {
      expect(keys.callerOf(header)).toBeUndefined();
    }
  });
});
