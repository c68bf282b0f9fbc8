import { createHash } from 'node:crypto';
import { canonicalJson } from '@hub/contracts';
import type { Decision } from '../rules/decision.types.js';
import type { DecisionRow } from '../store/linkage-rows.js';
import { shanghaiDay } from './shanghai-day.js';

/**
 * A decision as stored. Its digest covers everything the decision says (outcome, explanation,
 * inputs, thresholds, findings, who is told, the cases it asks for) except the `asOf` threshold,
 * the day it was looked at: deciding the same again on a later day is no change and publishes
 * nothing. `decidedOn` is the Asia/Shanghai day of its latest input event.
 */
export function toDecisionRow(decision: Decision, eventTimes: ReadonlyMap<string, string>): DecisionRow {
  const thresholds = Object.fromEntries(Object.entries(decision.thresholds).filter(([name]) => name !== 'asOf'));
  const digest = createHash('sha256')
    .update(
      canonicalJson({
        ruleId: decision.ruleId,
        ruleVersion: decision.ruleVersion,
        outcome: decision.outcome,
        explanation: decision.explanation,
        inputEventIds: decision.inputEventIds,
        thresholds,
        findings: decision.findings ?? null,
        notify: decision.notify,
        cases: decision.cases,
      }),
    )
    .digest('hex');
  return {
    key: decision.key,
    subject: decision.subject,
    ruleId: decision.ruleId,
    ruleVersion: decision.ruleVersion,
    outcome: decision.outcome,
    explanation: decision.explanation,
    inputEventIds: decision.inputEventIds,
    thresholds: decision.thresholds,
    findings: decision.findings ?? null,
    notify: decision.notify,
    digest,
    decidedOn: shanghaiDay(latestTime(decision.inputEventIds, eventTimes) ?? '1970-01-01T00:00:00Z'),
  };
}

/** The latest time among these events (those whose time is known). */
export function latestTime(eventIds: readonly string[], eventTimes: ReadonlyMap<string, string>): string | undefined {
  let latest: string | undefined;
  let latestMs = -Infinity;
  for (const id of eventIds) {
    const time = eventTimes.get(id);
    if (time !== undefined && Date.parse(time) > latestMs) {
      latest = time;
      latestMs = Date.parse(time);
    }
  }
  return latest;
}
