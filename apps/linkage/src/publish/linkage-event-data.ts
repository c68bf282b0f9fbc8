import type { Publication } from '../cases/reconcile-cases.js';
import { contractFindings, thresholdPairs, type LinkageCaseBlock, type LinkageEventData } from '../cases-api/index.js';
import type { CaseRow, DecisionRow } from '../store/linkage-rows.js';
import { linkageEventTypeOf } from './linkage-event-types.js';

/** The type and data of the event a publication makes. */
export function linkageEventOf(publication: Publication): { type: string; data: LinkageEventData } {
  const { decision } = publication;
  const block = publication.case ? caseBlockOf(publication.case) : undefined;
  const base = {
    decisionKey: decision.key,
    ruleId: decision.ruleId,
    ruleVersion: decision.ruleVersion,
    inputEventIds: [...decision.inputEventIds].sort(),
    thresholds: thresholdPairs(decision.thresholds),
    ...(decision.findings && decision.findings.length > 0 ? { findings: contractFindings(decision.findings) } : {}),
    ...(decision.notify.length > 0 ? { notify: [...decision.notify] } : {}),
    ...(block ? { case: block } : {}),
  };
  switch (publication.reason) {
    case 'decision':
      return {
        type: linkageEventTypeOf(decision.outcome),
        data: { ...base, outcome: decision.outcome, explanation: decision.explanation },
      };
    case 'case-overdue':
      return {
        type: 'linkage.deadline-overdue',
        data: { ...base, outcome: 'deadline-overdue', explanation: overdueExplanation(publication.case) },
      };
    case 'case-resolved':
      return {
        type: 'linkage.case-resolved',
        data: { ...base, outcome: 'case-resolved', explanation: resolvedExplanation(decision, publication.case) },
      };
    case 'withdrawn':
      return {
        type: linkageEventTypeOf(decision.outcome),
        data: { ...base, outcome: 'flag-lifted', explanation: withdrawnExplanation(decision) },
      };
  }
}

/** The case block of an event: the case as it stands after the change published. */
export function caseBlockOf(row: CaseRow): LinkageCaseBlock {
  return {
    caseId: row.id,
    kind: row.kind,
    ownerAgency: row.ownerAgency,
    state: row.state,
    openedOn: row.openedOn,
    ...(row.dueDate ? { dueDate: row.dueDate } : {}),
    ...(row.dueCannotDecide ? { dueCannotDecide: row.dueCannotDecide } : {}),
    ...(row.state === 'resolved' && row.resolutionOutcome
      ? {
          resolution: {
            outcome: row.resolutionOutcome,
            ...(row.resolutionNote ? { note: row.resolutionNote } : {}),
            resolvedBy: row.resolvedBy ?? 'linkage',
          },
        }
      : {}),
  };
}

function overdueExplanation(row: CaseRow | undefined): { zh: string; en: string } {
  if (!row) return { en: 'A case is overdue.', zh: '案件已逾期。' };
  return {
    en: `Case "${row.label.en}" for ${row.ownerAgency}, opened on ${row.openedOn}, was due on ${row.dueDate ?? '(no due date)'} and is overdue.`,
    zh: `${row.ownerAgency} 的案件“${row.label.zh}”于 ${row.openedOn} 立案，应于 ${row.dueDate ?? '（无截止日）'} 前办结，现已逾期。`,
  };
}

function withdrawnExplanation(decision: DecisionRow): { zh: string; en: string } {
  return {
    en: `The earlier conclusion "${decision.explanation.en}" (${decision.outcome}, rule ${decision.ruleId} v${decision.ruleVersion}) no longer holds.`,
    zh: `此前结论“${decision.explanation.zh}”（${decision.outcome}，规则 ${decision.ruleId} 第 ${decision.ruleVersion} 版）已不再成立。`,
  };
}

function resolvedExplanation(decision: DecisionRow, row: CaseRow | undefined): { zh: string; en: string } {
  const outcome = row?.resolutionOutcome ?? 'no-action-needed';
  return {
    en: `No rule asks for this case any more (decision ${decision.key}); the linkage service resolved it as ${outcome}.`,
    zh: `已无规则要求办理此案件（决定 ${decision.key}）；联动服务以“${outcome}”办结。`,
  };
}
