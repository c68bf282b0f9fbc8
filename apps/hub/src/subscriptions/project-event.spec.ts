import { describe, expect, it } from '@jest/globals';
import { projectEvent, type ProjectionRule } from './project-event.js';

const event = {
  id: 'e1',
  type: 'work-permit.issued',
  subject: 'sub_0123456789abcdef0123456789abcdef',
  region: '310000',
  signature: 'ed25519:k1:abc',
  data: {
    permitNo: '310000202611260001',
    permitClass: 'B',
    holder: { passportNo: 'E12345678', nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' },
    employer: { creditCode: '91310000MA1FL8XQ3C', name: '上海示例科技有限公司' },
    position: 'Engineer',
  },
};

const rule = (fields: string[], rawIdentifiers = true, extra: Partial<ProjectionRule> = {}): ProjectionRule => ({
  name: 'p',
  fields,
  rawIdentifiers,
  ...extra,
});

describe('projectEvent', () => {
  it('keeps the envelope, drops the publisher signature, and keeps only the listed data fields', () => {
    const projected = projectEvent(event, rule(['holder.*', 'permitClass', 'employer.name']));
    expect(projected).toEqual({
      id: 'e1',
      type: 'work-permit.issued',
      subject: event.subject,
      region: '310000',
      data: { permitClass: 'B', holder: event.data.holder, employer: { name: '上海示例科技有限公司' } },
    });
    expect(event.signature).toBe('ed25519:k1:abc');
    expect(event.data.employer.creditCode).toBe('91310000MA1FL8XQ3C');
  });

  it('without raw identifiers removes passport number, birth date, name and document numbers, even under *', () => {
    const projected = projectEvent(event, rule(['*'], false));
    expect(projected.data).toEqual({
      permitClass: 'B',
      holder: { nationality: 'FRA' },
      employer: { creditCode: '91310000MA1FL8XQ3C', name: '上海示例科技有限公司' },
      position: 'Engineer',
    });
    expect(JSON.stringify(projected)).not.toMatch(/E12345678|1988-04-12|Amélie|310000202611260001/);
  });

  it('keeps the document numbers without raw identifiers when the projection says so', () => {
    const projected = projectEvent(event, rule(['*'], false, { documentNumbers: true }));
    expect(projected.data).toEqual({ ...event.data, holder: { nationality: 'FRA' } });
    expect(JSON.stringify(projected)).not.toMatch(/E12345678|1988-04-12|Amélie/);
  });

  it('keeps raw identifiers in the event types named by rawIdentifiersIn only', () => {
    const linkage = rule(['*'], false, { documentNumbers: true, rawIdentifiersIn: ['work-permit.commitment-verified', 'visa.*'] });
    expect(projectEvent({ ...event, type: 'work-permit.commitment-verified' }, linkage).data).toEqual(event.data);
    expect(projectEvent({ ...event, type: 'visa.issued' }, linkage).data).toEqual(event.data);
    expect(projectEvent(event, linkage).data).toMatchObject({ holder: { nationality: 'FRA' }, permitNo: '310000202611260001' });
  });

  it('walks arrays on the way to a field, and leaves out fields the event does not have', () => {
    const family = {
      type: 'x.y',
      data: {
        members: [
          { name: 'A', age: 3 },
          { name: 'B', age: 5 },
        ],
      },
    };
    expect(projectEvent(family, rule(['members.age', 'absent.field', 'nothing'])).data).toEqual({ members: [{ age: 3 }, { age: 5 }] });
  });
});
