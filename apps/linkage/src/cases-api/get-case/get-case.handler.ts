import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Labels } from '../../calendar/working-calendar.types.js';
import type { LinkageCaller } from '../../api-access/index.js';
import { caseNotFound } from '../cases-api.errors.js';
import { mayRead, readCase, recordCaseAction } from '../case-records.js';
import { thresholdPairs } from '../case-resolved-event.js';
import { caseView, type CaseView } from '../case-view.js';

/** One case with every action on it and the decision that opened it. */
export interface CaseDetail extends CaseView {
  readonly actions: readonly { id: string; action: string; actor: string; purpose: string; detail: unknown; at: string }[];
  readonly decision: DecisionView | null;
}

/** A decision as it explains itself: rule and version, input events, thresholds, explanation, findings. */
export interface DecisionView {
  readonly key: string;
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly outcome: string;
  readonly explanation: Labels;
  readonly inputEventIds: readonly string[];
  readonly thresholds: readonly { name: string; value: string }[];
  readonly findings: unknown;
  readonly notify: readonly string[];
  readonly decidedOn: string;
}

/** A row of `decisions` as DECISION_COLUMNS selects it. */
export interface DecisionRow {
  key: string;
  rule_id: string;
  rule_version: number;
  outcome: string;
  explanation: Labels;
  input_event_ids: string[];
  thresholds: unknown;
  findings: unknown;
  notify: string[];
  decided_on: string;
}

export const DECISION_COLUMNS = `key, rule_id, rule_version, outcome, explanation, input_event_ids, thresholds, findings, notify,
  to_char(decided_on, 'YYYY-MM-DD') AS decided_on`;

export function decisionView(row: DecisionRow): DecisionView {
  return {
    key: row.key,
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    outcome: row.outcome,
    explanation: row.explanation,
    inputEventIds: row.input_event_ids,
    thresholds: thresholdPairs(row.thresholds),
    findings: row.findings ?? null,
    notify: row.notify,
    decidedOn: row.decided_on,
  };
}

/** Reads a case for its owning agency or a supervisor, recording the read as `viewed` in the same transaction. */
@Injectable()
export class GetCaseHandler {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: string, caller: LinkageCaller, purpose: string): Promise<CaseDetail> {
    return this.dataSource.transaction(async (tx) => {
      const row = await readCase(tx, id);
      if (!row || !mayRead(caller, row)) throw caseNotFound(id, caller);
      await recordCaseAction(tx, { caseId: id, action: 'viewed', caller, purpose });
      const actions: { id: string; action: string; actor: string; purpose: string; detail: unknown; at: Date }[] = await tx.query(
        // In the order they were taken: case_actions.id, not the text of the output column `id`.
        'SELECT id::text AS id, action, actor, purpose, detail, at FROM case_actions WHERE case_id = $1 ORDER BY case_actions.id',
        [id],
      );
      const decisions: DecisionRow[] = await tx.query(`SELECT ${DECISION_COLUMNS} FROM decisions WHERE key = $1`, [row.decision_key]);
      const decision = decisions[0];
      return {
        ...caseView(row),
        actions: actions.map((a) => ({ ...a, at: a.at.toISOString() })),
        decision: decision ? decisionView(decision) : null,
      };
    });
  }
}
