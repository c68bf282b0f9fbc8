import type { EntityManager } from 'typeorm';
import { isSupervisor, type LinkageCaller } from '../api-access/index.js';
import { caseNotFound, claimedByAnother, supervisorCannotAct } from './cases-api.errors.js';
import { mayRead, readCase } from './case-records.js';
import type { CaseRow } from './case-view.js';

/**
 * The case a caller is about to act on (claim, release, resolve), locked until the transaction
 * ends: 403 for a supervisor key, 404 when the caller may not see it (another agency's case), 409
 * when another caller of the agency holds the claim.
 */
export async function caseToActOn(tx: EntityManager, id: string, caller: LinkageCaller, action: string): Promise<CaseRow> {
  if (isSupervisor(caller)) throw supervisorCannotAct(action);
  const row = await readCase(tx, id, true);
  if (!row || !mayRead(caller, row)) throw caseNotFound(id, caller);
  if (row.state === 'claimed' && row.claimed_by !== caller.name) throw claimedByAnother(id, row.claimed_by ?? 'another caller');
  return row;
}
