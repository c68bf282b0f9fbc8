import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { filterIssues } from './check-filters.js';
import type { ProjectionRule } from '../project-event.js';
import type { SubscribedType, SubscriptionFilters } from '../subscription.js';

const POLICY = JSON.parse(readFileSync('config/policy/policy.v1.json', 'utf8')) as {
  projections: (ProjectionRule & { subscriberKinds: string[] })[];
};
const projectionOf = (kind: string): ProjectionRule => {
  const projection = POLICY.projections.find((p) => p.subscriberKinds.includes(kind));
  if (!projection) throw new Error(`no projection for ${kind}`);
  return projection;
};
const types = (...names: string[]): SubscribedType[] => names.map((type) => ({ type, version: 1 }));

describe('filterIssues: every filter kind against the projection of the policy in force', () => {
  it.each<[string, SubscriptionFilters, SubscribedType[], string[]]>([
    ['tax on permitClasses', { permitClasses: ['A'] }, types('permanent-residence.application-submitted'), ['filters.permitClasses']],
    ['tax on visaCategories', { visaCategories: ['R'] }, types('permanent-residence.application-submitted'), ['filters.visaCategories']],
    [
      'tax on a data attribute it never receives',
      { attributes: [{ path: 'data.holder.nationality', op: 'equals', value: 'FRA' }] },
      types('permanent-residence.application-submitted'),
      ['filters.attributes[0].path'],
    ],
    [
      'credit on a raw identifier (its projection has no raw identifiers)',
      { attributes: [{ path: 'data.holder.passportNo', op: 'prefix', value: 'E1' }] },
      types('work-permit.issued'),
      ['filters.attributes[0].path'],
    ],
    [
      'credit on a document number',
      { attributes: [{ path: 'data.permitNo', op: 'equals', value: 'x' }] },
      types('work-permit.issued'),
      ['filters.attributes[0].path'],
    ],
  ])('refuses %s', (label, filters, eventTypes, paths) => {
    const kind = label.split(' ')[0] ?? '';
    const issues = filterIssues(filters, projectionOf(kind), eventTypes);
    expect(issues.map((issue) => issue.path)).toEqual(paths);
    for (const issue of issues) {
      expect(issue.rule).toBe('projection');
      expect(issue.message).toContain(projectionOf(kind).name);
    }
  });

  it.each<[string, SubscriptionFilters, SubscribedType[]]>([
    [
      'tax on regions and an envelope attribute',
      { regions: ['310000'], attributes: [{ path: 'type', op: 'prefix', value: 'p' }] },
      types('permanent-residence.application-submitted'),
    ],
    [
      'tax on a field it receives',
      { attributes: [{ path: 'data.employer.creditCode', op: 'equals', value: '91310000MA1' }] },
      types('permanent-residence.application-submitted'),
    ],
    [
      'psb on permitClasses and visaCategories of visa events',
      { permitClasses: ['A'], visaCategories: ['R', 'Z'] },
      types('work-permit.issued', 'visa.issued'),
    ],
    ['mfa on visaCategories of notices', { visaCategories: ['Z'] }, types('work-permit.notice-issued')],
    ['credit on permitClasses', { permitClasses: ['B'] }, types('work-permit.issued')],
    [
      'bureau on anything',
      { permitClasses: ['A'], attributes: [{ path: 'data.holder.passportNo', op: 'prefix', value: 'E' }] },
      types('visa.issued'),
    ],
  ])('accepts %s', (label, filters, eventTypes) => {
    expect(filterIssues(filters, projectionOf(label.split(' ')[0] ?? ''), eventTypes)).toEqual([]);
  });

  it('checks category as well for visa events when the projection holds only visaCategory', () => {
    const visaCategoryOnly: ProjectionRule = { name: 'narrow', fields: ['visaCategory'], rawIdentifiers: true };
    expect(filterIssues({ visaCategories: ['Z'] }, visaCategoryOnly, types('work-permit.notice-issued'))).toEqual([]);
    expect(filterIssues({ visaCategories: ['Z'] }, visaCategoryOnly, types('visa.issued'))).toEqual([
      expect.objectContaining({ path: 'filters.visaCategories', message: expect.stringContaining('data.category') as unknown }),
    ]);
  });
});
