import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A case as the runtime opens it, with the decision behind it; override any column. */
export interface SeededCase {
  readonly id: string;
  readonly decisionKey: string;
  readonly subject: string;
}

/**
 * Writes a decision and a case opened from it into the linkage store, as the runtime's reconcile
 * would (the cases API only reads and acts on them).
 */
export async function seedCase(
  dataSource: DataSource,
  overrides: {
    subject?: string;
    ownerAgency?: string;
    province?: string;
    kind?: string;
    state?: 'open' | 'claimed' | 'overdue' | 'resolved';
    dueDate?: string | null;
    claimedBy?: string;
    overdueSince?: string;
  } = {},
): Promise<SeededCase> {
  const id = randomUUID();
  const subject = overrides.subject ?? `sub_${randomUUID().replaceAll('-', '')}`;
  const kind = overrides.kind ?? 'residence-review';
  const ownerAgency = overrides.ownerAgency ?? 'psb-310000';
  const decisionKey = `LNK-01-WORK-PERMIT-ENDED:${subject}:${id.slice(0, 8)}`;
  const inputEventIds = [randomUUID(), randomUUID()].sort();
  await dataSource.query(
    `INSERT INTO decisions (key, subject, rule_id, rule_version, outcome, explanation, input_event_ids, thresholds, findings, notify, digest, decided_on)
     VALUES ($1, $2, 'LNK-01-WORK-PERMIT-ENDED', 1, 'review-required', $3, $4, $5, $6, '{}', 'digest', '2026-03-02')
     ON CONFLICT DO NOTHING`,
    [
      decisionKey,
      subject,
      { en: 'Work permit revoked: review the work-type residence permit', zh: '工作许可已撤销：复核工作类居留许可' },
      inputEventIds,
      JSON.stringify({ dueInWorkingDays: 10, asOf: '2026-03-02' }),
      JSON.stringify([{ about: 'WP1', test: 'permit-valid', passed: false, explanation: { en: 'Revoked', zh: '已撤销' } }]),
    ],
  );
  const state = overrides.state ?? 'open';
  const dueDate = overrides.dueDate === undefined ? '2026-03-16' : overrides.dueDate;
  await dataSource.query(
    `INSERT INTO cases (id, case_key, decision_key, subject, rule_id, rule_version, kind, label, owner_agency, province, state, opened_on,
                        due_date, due_cannot_decide, caused_by, claimed_by, claimed_at, resolved_at, resolved_by, overdue_since)
     VALUES ($1, $2, $3, $4, 'LNK-01-WORK-PERMIT-ENDED', 1, $5, $6, $7, $8, $9, '2026-03-02', $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      id,
      `${decisionKey}/${kind}/${ownerAgency}`,
      decisionKey,
      subject,
      kind,
      { en: 'Review the work-type residence permit', zh: '复核工作类居留许可' },
      ownerAgency,
      overrides.province ?? '310000',
      state,
      dueDate,
      dueDate === null ? 'CALENDAR_YEAR_NOT_COVERED' : null,
      inputEventIds,
      state === 'claimed' ? (overrides.claimedBy ?? 'someone') : null,
      state === 'claimed' ? new Date() : null,
      state === 'resolved' ? new Date() : null,
      state === 'resolved' ? 'linkage' : null,
      overrides.overdueSince ?? (state === 'overdue' ? '2026-03-17' : null),
    ],
  );
  return { id, decisionKey, subject };
}
