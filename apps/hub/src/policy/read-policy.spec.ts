import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AdminInputInvalidError } from '../kernel/index.js';
import { policySha256, readPolicy } from './read-policy.js';

const file = (): Record<string, unknown> =>
  JSON.parse(readFileSync(resolve('config/policy/policy.v1.json'), 'utf8')) as Record<string, unknown>;

function issuesOf(document: unknown): { path: string; rule: string; message: string }[] {
  try {
    readPolicy(document, 'document');
  } catch (error) {
    expect(error).toBeInstanceOf(AdminInputInvalidError);
    return [...(error as AdminInputInvalidError).issues];
  }
  throw new Error('the policy was accepted');
}

describe('readPolicy', () => {
  it('accepts the policy file', () => {
    expect(readPolicy(file()).version).toBe(2);
  });

  it('names unknown event types, wildcard domains included', () => {
    const document = file();
    document['subscribe'] = [
      { agencyKinds: ['psb'], eventTypes: ['work-permit.stolen', 'passport.*', 'visa.*'], purpose: 'exit-entry-administration' },
    ];
    const issues = issuesOf(document);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'document.subscribe[0].eventTypes[0]',
        rule: 'knownEventType',
        message: expect.stringContaining('work-permit.stolen'),
      }),
      expect.objectContaining({
        path: 'document.subscribe[0].eventTypes[1]',
        rule: 'knownEventType',
        message: expect.stringContaining('passport.*'),
      }),
    ]);
  });

  it('refuses a publish grant to a kind the contract does not name as publisher, and own-province for a national kind', () => {
    const document = file();
    document['publish'] = [
      { agencyKinds: ['tax'], eventTypes: ['work-permit.issued'], regions: 'own-province', purpose: 'tax-administration' },
    ];
    expect(issuesOf(document).map((issue) => `${issue.path} ${issue.rule}`)).toEqual([
      'document.publish[0].agencyKinds[0] isContractPublisher',
      'document.publish[0].regions fitsAgencyKinds',
    ]);
  });

  it('refuses the same kind and type granted twice, and a subscriber without a projection', () => {
    const document = file();
    document['subscribe'] = [
      { agencyKinds: ['moe'], eventTypes: ['visa.*'], purpose: 'education-administration' },
      { agencyKinds: ['moe'], eventTypes: ['visa.issued'], purpose: 'other-purpose' },
    ];
    expect(issuesOf(document).map((issue) => `${issue.path} ${issue.rule}`)).toEqual([
      'document.subscribe[1].eventTypes[0] uniqueGrant',
      'document.projections coversSubscribers',
    ]);
  });

  it('refuses unknown fields, a default other than deny, bad kinds and purposes, with field paths', () => {
    const document: Record<string, unknown> = { ...file(), default: 'allow', extra: true };
    (document['publish'] as Record<string, unknown>[])[0] = {
      agencyKinds: ['police'],
      eventTypes: ['Work Permit'],
      regions: 'everywhere',
      purpose: 'Why Not',
    };
    const rules = issuesOf(document).map((issue) => `${issue.path} ${issue.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'document.default isIn',
        'document.extra unknownField',
        'document.publish[0].agencyKinds isIn',
        'document.publish[0].eventTypes matches',
        'document.publish[0].regions isIn',
        'document.publish[0].purpose matches',
      ]),
    );
  });

  it('takes documentNumbers and rawIdentifiersIn only with rawIdentifiers false, and only known event types in the latter', () => {
    const document = file();
    document['projections'] = [
      ...(document['projections'] as Record<string, unknown>[]).filter((projection) => projection['name'] !== 'mfa-visa-basis'),
      {
        name: 'mfa-visa-basis',
        subscriberKinds: ['mfa'],
        rawIdentifiers: true,
        documentNumbers: true,
        rawIdentifiersIn: ['visa.issued'],
        fields: ['*'],
        description: 'Contradictory on purpose.',
      },
    ];
    const linkage = (document['projections'] as Record<string, unknown>[]).find(
      (projection) => projection['name'] === 'linkage-facts-without-identities',
    );
    if (linkage) linkage['rawIdentifiersIn'] = ['work-permit.commitment-verified', 'passport.*'];
    expect(issuesOf(document).map((issue) => `${issue.path} ${issue.rule}`)).toEqual([
      'document.projections[4].rawIdentifiersIn[1] knownEventType',
      'document.projections[5].documentNumbers needsRawIdentifiersFalse',
      'document.projections[5].rawIdentifiersIn needsRawIdentifiersFalse',
    ]);
    if (linkage) linkage['rawIdentifiersIn'] = ['Not A Type'];
    expect(issuesOf(document).map((issue) => `${issue.path} ${issue.rule}`)).toEqual(['document.projections[4].rawIdentifiersIn matches']);
  });

  it('hashes the canonical form, whatever the key order', () => {
    expect(policySha256({ b: 1, a: [1, 2] })).toBe(policySha256({ a: [1, 2], b: 1 }));
    expect(policySha256(file())).toMatch(/^[0-9a-f]{64}$/);
  });
});
