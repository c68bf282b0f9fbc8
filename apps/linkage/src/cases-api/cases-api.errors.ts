import { conflict, forbidden, isSupervisor, notFound, type LinkageApiError, type LinkageCaller } from '../api-access/index.js';
import type { CaseState } from './case-view.js';

const STATE_ZH: Readonly<Record<CaseState, string>> = { open: '待处理', claimed: '已认领', resolved: '已办结', overdue: '已逾期' };

/** No case with this id that the caller may see (another agency's case is answered the same). */
export function caseNotFound(id: string, caller: LinkageCaller): LinkageApiError {
  const whose = isSupervisor(caller) ? '' : ` owned by ${caller.agency}`;
  const whoseZh = isSupervisor(caller) ? '' : `属于 ${caller.agency} 的`;
  return notFound('CASE_NOT_FOUND', {
    en: `No case ${id}${whose}. Check the id (GET /v1/cases lists the cases you may see).`,
    zh: `未找到${whoseZh}案件 ${id}，请核对编号（GET /v1/cases 列出您可查看的案件）。`,
  });
}

/** A supervisor (`*`) key tried to claim, release or resolve. */
export function supervisorCannotAct(action: string): LinkageApiError {
  return forbidden('CASE_ACTION_FORBIDDEN', {
    en: `A supervisor key (*) reads every case but may not ${action} one; only a key of the case's owning agency may.`,
    zh: `监督密钥（*）可查看全部案件，但不能${action === 'claim' ? '认领' : action === 'release' ? '释放' : '办结'}案件；只有案件所属机构的密钥可以。`,
  });
}

/** The case is in a state the action does not start from. */
export function caseStateConflict(id: string, state: CaseState, action: string, allowed: readonly CaseState[]): LinkageApiError {
  return conflict('CASE_STATE_CONFLICT', {
    en: `Case ${id} is ${state}; ${action} needs it ${allowed.join(' or ')}. Nothing was changed.`,
    zh: `案件 ${id} 当前状态为${STATE_ZH[state]}，该操作要求状态为${allowed.map((s) => STATE_ZH[s]).join('或')}。未作任何更改。`,
  });
}

/** Someone else of the agency holds the claim. */
export function claimedByAnother(id: string, holder: string): LinkageApiError {
  return conflict('CASE_CLAIMED_BY_ANOTHER', {
    en: `Case ${id} is claimed by ${holder}; only ${holder} may act on it until they release it. Nothing was changed.`,
    zh: `案件 ${id} 已由 ${holder} 认领，在其释放前只有其本人可以处理。未作任何更改。`,
  });
}

/** An agency key asked for another agency's cases. */
export function otherAgencyCases(requested: string, caller: LinkageCaller): LinkageApiError {
  return forbidden('AGENCY_FILTER_FORBIDDEN', {
    en: `The key of ${caller.agency} lists only ${caller.agency}'s cases, not ${requested}'s; leave out agency= or use a supervisor key.`,
    zh: `${caller.agency} 的密钥只能查看本机构案件，不能查看 ${requested} 的案件；请省略 agency 参数或使用监督密钥。`,
  });
}
