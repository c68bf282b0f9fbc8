import { describe, expect, it } from '@jest/globals';
import { hubProcessPlan } from './hub-processes.js';

const ROLES_WITH_DISPATCH = ['api', 'relay', 'dispatch', 'audit'];
const ROLES_WITHOUT_DISPATCH = ['api', 'relay', 'audit'];

describe('hubProcessPlan', () => {
  it('starts the API, one relay that also seals the audit trail, and a dispatcher while the hub has that role', () => {
    const plan = hubProcessPlan({ relays: 1, apiProcesses: 1, dispatcher: 'auto' }, ROLES_WITH_DISPATCH);
    expect(plan.map(({ name, group, roles }) => ({ name, group, roles }))).toEqual([
      { name: 'hub-api', group: 'hubApi', roles: 'api' },
      { name: 'hub-relay', group: 'hubRelay', roles: 'relay,audit' },
      { name: 'hub-dispatch', group: 'hubDispatch', roles: 'dispatch' },
    ]);
  });

  it('starts no dispatcher once the hub routes at commit, or when told not to', () => {
    expect(hubProcessPlan({ relays: 1, apiProcesses: 1, dispatcher: 'auto' }, ROLES_WITHOUT_DISPATCH).map((p) => p.name)).toEqual([
      'hub-api',
      'hub-relay',
    ]);
    expect(hubProcessPlan({ relays: 1, apiProcesses: 1, dispatcher: false }, ROLES_WITH_DISPATCH).map((p) => p.name)).toEqual([
      'hub-api',
      'hub-relay',
    ]);
  });

  it('starts N relays on their own ports, only the first sealing, and passes HUB_API_PROCESSES to the API', () => {
    const plan = hubProcessPlan({ relays: 3, apiProcesses: 2, dispatcher: false }, ROLES_WITH_DISPATCH);
    expect(plan.map(({ name, roles }) => `${name}:${roles}`)).toEqual([
      'hub-api:api',
      'hub-relay-1:relay,audit',
      'hub-relay-2:relay',
      'hub-relay-3:relay',
    ]);
    expect(new Set(plan.map((p) => p.port)).size).toBe(plan.length);
    expect(plan[0]?.env).toEqual({ HUB_API_PROCESSES: '2' });
  });
});
