import type { AgencyStatus } from './agency.js';
import { AdminConflictError } from '../kernel/index.js';

/** The status changes an admin can ask for. */
export type AgencyStatusChange = 'suspend' | 'reactivate' | 'offboard';

const TARGET: Readonly<Record<AgencyStatusChange, AgencyStatus>> = { suspend: 'suspended', reactivate: 'active', offboard: 'offboarded' };

/**
 * The status the agency moves to, or an AdminConflictError (409) saying why it cannot:
 * active ⇄ suspended, and either → offboarded, which is final.
 */
export function nextAgencyStatus(agencyId: string, current: AgencyStatus, change: AgencyStatusChange): AgencyStatus {
  if (current === 'offboarded') {
    throw new AdminConflictError(
      `Agency ${agencyId} was offboarded, which is final: it cannot be ${PAST[change]}. GET /v1/admin/agencies/${agencyId} still shows its record and keys.`,
    );
  }
  if (change === 'suspend' && current === 'suspended') throw new AdminConflictError(`Agency ${agencyId} is already suspended.`);
  if (change === 'reactivate' && current === 'active') {
    throw new AdminConflictError(`Agency ${agencyId} is active, not suspended: there is nothing to reactivate.`);
  }
  return TARGET[change];
}

const PAST: Readonly<Record<AgencyStatusChange, string>> = {
  suspend: 'suspended',
  reactivate: 'reactivated',
  offboard: 'offboarded again',
};
