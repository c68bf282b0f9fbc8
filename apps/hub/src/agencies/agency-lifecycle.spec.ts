import { describe, expect, it } from '@jest/globals';
import { AdminConflictError } from '../kernel/index.js';
import { nextAgencyStatus, type AgencyStatusChange } from './agency-lifecycle.js';
import type { AgencyStatus } from './agency.js';

function refusal(current: AgencyStatus, change: AgencyStatusChange): AdminConflictError {
  try {
    nextAgencyStatus('psb-310000', current, change);
  } catch (error) {
    if (error instanceof AdminConflictError) return error;
    throw error;
  }
  throw new Error(`${change} from ${current} was allowed`);
}

describe('agency status changes', () => {
  it('suspend an active agency, reactivate a suspended one, offboard either', () => {
    expect(nextAgencyStatus('psb-310000', 'active', 'suspend')).toBe('suspended');
    expect(nextAgencyStatus('psb-310000', 'suspended', 'reactivate')).toBe('active');
    expect(nextAgencyStatus('psb-310000', 'active', 'offboard')).toBe('offboarded');
    expect(nextAgencyStatus('psb-310000', 'suspended', 'offboard')).toBe('offboarded');
  });

  it('refuse what does not fit the current status with 409 CONFLICT and a message saying why', () => {
    const twice = refusal('suspended', 'suspend');
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toBe('Agency psb-310000 is already suspended.');
    expect(refusal('active', 'reactivate').message).toMatch(/is active, not suspended: there is nothing to reactivate/);
  });

  it('treat offboarding as final: no reactivation, no suspension, no second offboarding', () => {
    expect(refusal('offboarded', 'reactivate').message).toMatch(
      /^Agency psb-310000 was offboarded, which is final: it cannot be reactivated\./,
    );
    expect(refusal('offboarded', 'suspend').message).toMatch(/cannot be suspended\./);
    expect(refusal('offboarded', 'offboard').message).toMatch(/cannot be offboarded again\./);
    expect(refusal('offboarded', 'offboard').message).toContain('GET /v1/admin/agencies/psb-310000');
  });
});
