import { describe, expect, it } from '@jest/globals';
import { maskIdentifiers, maskJsonText, maskValue } from './mask-identifiers.js';

describe('masking identifiers for viewers', () => {
  it('keeps three leading and two trailing characters of a long value and nothing of a short one', () => {
    expect(maskValue('E12345678')).toBe('E12****78');
    expect(maskValue('abc')).toBe('****');
  });

  it('masks every value under an identifying key, nested, and leaves the rest', () => {
    const masked = maskIdentifiers({
      type: 'work-permit.issued',
      subject: 'sub_4f1c2a9e7b',
      data: { holder: { passportNo: 'E12345678', fullName: 'JOHN SMITH', nationality: 'GBR' }, permitNo: 'WP3100001234', validDays: 365 },
      tags: [{ phone: '13800001111' }],
    });
    expect(masked).toEqual({
      type: 'work-permit.issued',
      subject: 'sub****7b',
      data: { holder: { passportNo: 'E12****78', fullName: 'JOH****TH', nationality: '****' }, permitNo: 'WP3****34', validDays: 365 },
      tags: [{ phone: '138****11' }],
    });
    expect(maskJsonText('not json at all')).toBe('not****ll');
  });

  it('masks linkage case and decision keys whole, and a subject id inside any other text', () => {
    const subject = `sub_${'d9'.repeat(16)}`;
    const masked = maskIdentifiers({
      caseKey: `LNK-01B:${subject}:R447000461/residence-inconsistency/psb-440000`,
      decisionKey: `LNK-01B:${subject}:R447000461`,
      ruleId: 'LNK-01B',
      note: `opened for ${subject} by the linkage service`,
    });
    expect(masked).toEqual({
      caseKey: 'LNK****00',
      decisionKey: 'LNK****61',
      ruleId: 'LNK-01B',
      note: 'opened for sub****d9 by the linkage service',
    });
  });
});
