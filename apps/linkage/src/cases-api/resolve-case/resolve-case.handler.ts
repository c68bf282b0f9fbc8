import { Inject, Injectable } from '@nestjs/common';
import { findCode } from '@hub/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { LinkageCaller } from '../../api-access/index.js';
import { caseStateConflict } from '../cases-api.errors.js';
import { CASES_API_OPTIONS, type CasesApiOptions } from '../cases-api.options.js';
import { caseToActOn } from '../case-permissions.js';
import { readCase, recordCaseAction } from '../case-records.js';
import { CASE_RESOLUTIONS } from '../case-resolutions.js';
import {
  caseResolvedEvent,
  contractFindings,
  thresholdPairs,
  type LinkageEventData,
  type SignedLinkageEvent,
} from '../case-resolved-event.js';
import { caseView, type CaseRow, type CaseView } from '../case-view.js';
import { DECISION_COLUMNS, type DecisionRow } from '../get-case/get-case.handler.js';
import type { ResolveCaseBody } from './resolve-case.body.js';

/** A resolved case and the `linkage.case-resolved` event queued for the hub. */
export interface ResolvedCase {
  readonly case: CaseView;
  readonly event: { readonly id: string; readonly type: string };
}

/**
 * Resolves an open, claimed (by the caller) or overdue case with an outcome of code list
 * linkage-case-resolution: in one transaction the case becomes `resolved`, a `resolved` action is
 * recorded, and a signed `linkage.case-resolved` (data.case.resolution set) goes into linkage_outbox.
 */
@Injectable()
export class ResolveCaseHandler {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CASES_API_OPTIONS) private readonly options: CasesApiOptions,
  ) {}

  async resolve(id: string, body: ResolveCaseBody, caller: LinkageCaller, purpose: string): Promise<ResolvedCase> {
    return this.dataSource.transaction(async (tx) => {
      const row = await caseToActOn(tx, id, caller, 'resolve');
      if (row.state === 'resolved') throw caseStateConflict(id, row.state, 'resolve', ['open', 'claimed', 'overdue']);
      await tx.query(
        `UPDATE cases SET state = 'resolved', resolved_at = now(), resolved_by = $2, resolution_outcome = $3, resolution_note = $4,
                updated_at = now() WHERE id = $1`,
        [id, caller.name, body.outcome, body.note ?? null],
      );
      const resolved = (await readCase(tx, id)) ?? row;
      const event = caseResolvedEvent(this.options.signer, {
        subject: resolved.subject,
        region: resolved.province,
        resolvedAt: resolved.resolved_at ?? new Date(),
        data: await resolvedEventData(tx, resolved, body, caller),
      });
      await queueEvent(tx, event);
      const detail = { from: row.state, outcome: body.outcome, ...(body.note ? { note: body.note } : {}), eventId: event.id };
      await recordCaseAction(tx, { caseId: id, action: 'resolved', caller, purpose, detail });
      return { case: caseView(resolved), event: { id: event.id, type: event.type } };
    });
  }
}

/** The event's data: the decision that opened the case (rule, inputs, thresholds, findings) and the case with its resolution. */
async function resolvedEventData(tx: EntityManager, row: CaseRow, body: ResolveCaseBody, caller: LinkageCaller): Promise<LinkageEventData> {
  const decisions: DecisionRow[] = await tx.query(`SELECT ${DECISION_COLUMNS} FROM decisions WHERE key = $1`, [row.decision_key]);
  const decision = decisions[0];
  const resolution = findCode(CASE_RESOLUTIONS, body.outcome) ?? { zh: body.outcome, en: body.outcome };
  const findings = contractFindings(decision?.findings);
  return {
    decisionKey: row.decision_key,
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    outcome: 'case-resolved',
    explanation: {
      en: `Case ${row.kind} (${row.label.en}) resolved by ${caller.name} of ${caller.agency}: ${resolution.en}${body.note ? `. Note: ${body.note}` : ''}.`,
      zh: `案件 ${row.kind}（${row.label.zh}）已由 ${caller.agency} 的 ${caller.name} 办结：${resolution.zh}${body.note ? `。说明：${body.note}` : ''}。`,
    },
    inputEventIds: [...(decision?.input_event_ids ?? row.caused_by)].sort(),
    thresholds: thresholdPairs(decision?.thresholds),
    ...(findings ? { findings } : {}),
    case: {
      caseId: row.id,
      kind: row.kind,
      ownerAgency: row.owner_agency,
      state: 'resolved',
      openedOn: row.opened_on,
      ...(row.due_date ? { dueDate: row.due_date } : {}),
      ...(row.due_cannot_decide ? { dueCannotDecide: row.due_cannot_decide } : {}),
      resolution: { outcome: body.outcome, ...(body.note ? { note: body.note } : {}), resolvedBy: caller.name },
    },
  };
}

async function queueEvent(tx: EntityManager, event: SignedLinkageEvent): Promise<void> {
  await tx.query('INSERT INTO linkage_outbox (event_id, event_type, subject, event) VALUES ($1, $2, $3, $4)', [
    event.id,
    event.type,
    event.subject,
    JSON.stringify(event),
  ]);
}
