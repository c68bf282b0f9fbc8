import type { EntityManager } from 'typeorm';
import type { LinkageCaller } from '../api-access/index.js';
import { CASE_COLUMNS, type CaseRow } from './case-view.js';

/** The case with `id`, locked for this transaction when `forUpdate` (a claim or resolve waits for another in flight). */
export async function readCase(tx: EntityManager, id: string, forUpdate = false): Promise<CaseRow | undefined> {
  const rows: CaseRow[] = await tx.query(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export type CaseAction = 'claimed' | 'released' | 'resolved' | 'viewed';

/** Appends an action on a case by a caller to `case_actions` (actor: the caller's name; its agency in detail). */
export async function recordCaseAction(
  tx: EntityManager,
  action: { caseId: string; action: CaseAction; caller: LinkageCaller; purpose: string; detail?: Record<string, unknown> },
): Promise<void> {
  await tx.query(`INSERT INTO case_actions (case_id, action, actor, purpose, detail) VALUES ($1, $2, $3, $4, $5)`, [
    action.caseId,
    action.action,
    action.caller.name,
    action.purpose,
    JSON.stringify({ agency: action.caller.agency, ...action.detail }),
  ]);
}

/** Whether a caller may see a case: its owning agency's keys and supervisor (`*`) keys. */
export function mayRead(caller: LinkageCaller, row: Pick<CaseRow, 'owner_agency'>): boolean {
  return caller.agency === '*' || caller.agency === row.owner_agency;
}

/** Whether `text` is a UUID (a case id); anything else cannot name a case. */
export function isCaseId(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}
