import { describe, expect, it } from '@jest/globals';
import type { RecordConflict } from '../../events/index.js';
import { conflictView } from './conflict-views.js';

const conflict: RecordConflict = {
  id: '0b7e3f5c-1d2a-4c8e-9f00-5a6b7c8d9e01',
  state: 'open',
  kind: 'work-permit',
  recordKey: `rec_${'a'.repeat(32)}`,
  eventType: 'work-permit.issued',
  held: { agency: 'bureau-310000', recordId: 'fwp.permit:1', version: 2, eventId: null, at: '2026-12-01T00:00:00.000Z' },
  incoming: { agency: 'bureau-110000', recordId: 'fwp.permit:1', version: 1, eventId: null, at: '2026-12-01T01:00:00.000Z' },
  diff: [
    { path: 'employer.nameZh', held: '上海示例科技有限公司', incoming: '北京示例科技有限公司' },
    { path: 'holder.passportNo', held: 'E12345678', incoming: 'E87654321' },
    { path: 'workRegion', held: '310115', incoming: '110105' },
  ],
  resolution: null,
};

describe('conflictView', () => {
  it('masks the changed values of identifying fields for a viewer, and leaves the others', () => {
    expect(conflictView(conflict, 'viewer').diff).toEqual([
      { path: 'employer.nameZh', held: '上海示****公司', incoming: '北京示****公司' },
      { path: 'holder.passportNo', held: 'E12****78', incoming: 'E87****21' },
      { path: 'workRegion', held: '310115', incoming: '110105' },
    ]);
  });

  it('shows an operator the conflict as the queue holds it', () => {
    expect(conflictView(conflict, 'operator')).toBe(conflict);
  });
});
