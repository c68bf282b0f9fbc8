import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { CreateSubscriptionDto } from '../subscriptions.dto.js';
import { decideSubscription } from './decide-subscription.js';
import type { Agency } from '../../agencies/index.js';
import { readPolicy } from '../../policy/index.js';

const policy = readPolicy(JSON.parse(readFileSync(resolve('config/policy/policy.v1.json'), 'utf8')));
const psb = { id: 'psb-310000', kind: 'psb', region: '310000', status: 'active' } as Agency;
const credit = { id: 'credit', kind: 'credit', region: null, status: 'active' } as Agency;
const request = (fields: Partial<CreateSubscriptionDto>): CreateSubscriptionDto => ({
  name: 'permits',
  eventTypes: [{ type: 'work-permit.issued' }],
  channels: { kafka: true },
  ...fields,
});
const issuesOf = (decision: ReturnType<typeof decideSubscription>): string[] =>
  decision.accepted ? [] : decision.issues.map((issue) => `${issue.path} ${issue.rule}`);

describe('deciding a subscription request against the policy in force', () => {
  it("accepts granted types in their newest version when none is named, under the grant's purpose", () => {
    const decision = decideSubscription(
      psb,
      request({ eventTypes: [{ type: 'work-permit.issued' }, { type: 'work-permit.extended', version: 1 }] }),
      policy,
    );
    expect(decision).toEqual({
      accepted: true,
      subscription: {
        name: 'permits',
        eventTypes: [
          { type: 'work-permit.issued', version: 2 },
          { type: 'work-permit.extended', version: 1 },
        ],
        filters: {},
        channels: { kafka: true, webhook: null },
        purpose: 'exit-entry-administration',
      },
    });
  });

  it('lists every issue at once: unknown type, unknown version, a type not granted, a repeated type, no channel', () => {
    const decision = decideSubscription(
      psb,
      request({
        eventTypes: [
          { type: 'no.such-type' },
          { type: 'work-permit.issued', version: 9 },
          { type: 'tax.annual-income-reported' },
          { type: 'work-permit.issued' },
          { type: 'work-permit.issued', version: 1 },
          { type: 'work-permit.application-submitted' },
        ],
        channels: { kafka: false },
      }),
      policy,
    );
    expect(issuesOf(decision)).toEqual([
      'eventTypes[0].type knownEventType',
      'eventTypes[1].version knownContractVersion',
      'eventTypes[5].type policy',
      'eventTypes unique',
      'channels oneChannel',
    ]);
  });

  it('refuses a purpose other than the one policy grants the types under', () => {
    const decision = decideSubscription(psb, request({ purpose: 'tax-administration' }), policy);
    expect(issuesOf(decision)).toEqual(['purpose policy']);
  });

  it("refuses a filter on a field the agency's projection does not give it", () => {
    const decision = decideSubscription(
      credit,
      request({ filters: { attributes: [{ path: 'data.holder.passportNo', op: 'prefix', value: 'E1' }] } }),
      policy,
    );
    expect(issuesOf(decision)).toEqual(['filters.attributes[0].path projection']);
  });

  it('keeps the webhook address and the filters of an accepted request', () => {
    const decision = decideSubscription(
      psb,
      request({ channels: { kafka: false, webhook: { url: 'https://psb.example/hook' } }, filters: { regions: ['310000'] } }),
      policy,
    );
    expect(decision.accepted && decision.subscription).toMatchObject({
      channels: { kafka: false, webhook: { url: 'https://psb.example/hook' } },
      filters: { regions: ['310000'] },
    });
  });
});
