import type { InboundEvent as Delivered } from '@hub/agency-kit';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CreditChange, InboundEvent, InboundHolder, ResidenceChange, VisaChange } from './inbound-event.js';

/** What applying a batch's new events did to the bureau's received records. */
export interface InboundApplied {
  /** Events that changed a record, in order. */
  readonly applied: readonly { readonly id: string; readonly type: string; readonly correlationId: string }[];
  /** Events older than the record they would change (never overwrite it). */
  readonly older: number;
}

export const nothingApplied = (): InboundApplied => ({ applied: [], older: 0 });
export const mergeApplied = (a: InboundApplied, b: InboundApplied): InboundApplied => ({
  applied: [...a.applied, ...b.applied],
  older: a.older + b.older,
});

/**
 * Applies the new events of a batch in delivery order (one person's events come in the order the
 * hub accepted them) to the tables under `hub_inbound`, in the batch's transaction: each record is
 * made from the newest event about it, and an event older than the one a record was made from
 * changes nothing (a replay from further back). The person a subject id names is noted from any
 * event that carries the holder.
 */
export async function applyInboundEvents(tx: EntityManager, events: readonly Delivered<InboundEvent>[]): Promise<InboundApplied> {
  const applied: { id: string; type: string; correlationId: string }[] = [];
  let older = 0;
  for (const { event } of events) {
    const changed = await applyOne(tx, event);
    if (changed) applied.push({ id: event.id, type: event.type, correlationId: event.correlationId });
    else older += 1;
  }
  return { applied, older };
}

async function applyOne(tx: EntityManager, event: InboundEvent): Promise<boolean> {
  switch (event.domain) {
    case 'residence':
      await notePerson(tx, event.subject, event.change.holder);
      return upsertResidence(tx, event, event.change);
    case 'visa':
      await notePerson(tx, event.subject, event.change.holder);
      return upsertVisa(tx, event, event.change);
    case 'credit':
      await notePerson(tx, event.subject, event.change.holder);
      return upsertCredit(tx, event, event.change);
    case 'case':
      // A linkage conclusion without a case (a decision that only informs) changes no record.
      return event.change ? upsertCase(tx, event, event.change) : true;
  }
}

async function notePerson(tx: EntityManager, subject: string | null, holder: InboundHolder | null): Promise<void> {
  if (!subject || !holder) return;
  await tx.query(
    `INSERT INTO person (subject_id, nationality, passport_no) VALUES ($1, $2, $3)
     ON CONFLICT (subject_id) DO UPDATE SET nationality = EXCLUDED.nationality, passport_no = EXCLUDED.passport_no, updated_at = now()`,
    [subject, holder.nationality, holder.passportNo],
  );
}

/** Runs an upsert guarded by event time; true when it wrote the row. */
async function upsert(tx: EntityManager, sql: string, params: unknown[]): Promise<boolean> {
  const rows = await tx.query<unknown[]>(`${sql} RETURNING 1`, params);
  return rows.length > 0;
}

function upsertResidence(tx: EntityManager, event: InboundEvent, change: ResidenceChange): Promise<boolean> {
  return upsert(
    tx,
    `INSERT INTO residence_permit AS r (permit_no, subject_id, nationality, passport_no, holder_name, status, last_action, last_action_on,
        valid_to, reason, work_permit_no, previous_permit_no, region, decided_by, source_event_id, event_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (permit_no) DO UPDATE SET subject_id = EXCLUDED.subject_id, holder_name = EXCLUDED.holder_name, status = EXCLUDED.status,
        last_action = EXCLUDED.last_action, last_action_on = EXCLUDED.last_action_on,
        valid_to = COALESCE(EXCLUDED.valid_to, r.valid_to), reason = EXCLUDED.reason,
        work_permit_no = COALESCE(EXCLUDED.work_permit_no, r.work_permit_no), decided_by = EXCLUDED.decided_by,
        source_event_id = EXCLUDED.source_event_id, event_time = EXCLUDED.event_time, updated_at = now()
      WHERE r.event_time <= EXCLUDED.event_time`,
    [
      change.permitNo,
      event.subject,
      change.holder.nationality,
      change.holder.passportNo,
      change.holder.name,
      change.status,
      change.action,
      change.actionOn,
      change.validTo,
      change.reason,
      change.workPermitNo,
      change.previousPermitNo,
      event.region,
      event.agency,
      event.id,
      event.time,
    ],
  );
}

function upsertVisa(tx: EntityManager, event: InboundEvent, change: VisaChange): Promise<boolean> {
  // A refusal has no visa number: it is kept under the event's id.
  return upsert(
    tx,
    `INSERT INTO visa AS v (visa_key, subject_id, nationality, passport_no, status, category, status_on, valid_to, reason, decided_by,
        source_event_id, event_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (visa_key) DO UPDATE SET status = EXCLUDED.status, category = COALESCE(EXCLUDED.category, v.category),
        status_on = EXCLUDED.status_on, valid_to = COALESCE(EXCLUDED.valid_to, v.valid_to), reason = EXCLUDED.reason,
        decided_by = EXCLUDED.decided_by, source_event_id = EXCLUDED.source_event_id, event_time = EXCLUDED.event_time, updated_at = now()
      WHERE v.event_time <= EXCLUDED.event_time`,
    [
      change.visaNo ?? `refusal:${event.id}`,
      event.subject,
      change.holder.nationality,
      change.holder.passportNo,
      change.status,
      change.category,
      change.statusOn,
      change.validTo,
      change.reason,
      event.agency,
      event.id,
      event.time,
    ],
  );
}

function upsertCredit(tx: EntityManager, event: InboundEvent, change: CreditChange): Promise<boolean> {
  return upsert(
    tx,
    `INSERT INTO credit_record AS c (record_no, subject_id, nationality, passport_no, status, kind, status_on, decided_by, source_event_id, event_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (record_no) DO UPDATE SET status = EXCLUDED.status, kind = COALESCE(EXCLUDED.kind, c.kind),
        nationality = COALESCE(EXCLUDED.nationality, c.nationality), passport_no = COALESCE(EXCLUDED.passport_no, c.passport_no),
        status_on = EXCLUDED.status_on, decided_by = EXCLUDED.decided_by, source_event_id = EXCLUDED.source_event_id,
        event_time = EXCLUDED.event_time, updated_at = now()
      WHERE c.event_time <= EXCLUDED.event_time`,
    [
      change.recordNo,
      event.subject,
      change.holder?.nationality ?? null,
      change.holder?.passportNo ?? null,
      change.status,
      change.kind,
      change.statusOn,
      event.agency,
      event.id,
      event.time,
    ],
  );
}

function upsertCase(tx: EntityManager, event: InboundEvent, change: CaseChange): Promise<boolean> {
  return upsert(
    tx,
    `INSERT INTO linkage_case AS c (case_id, subject_id, kind, owner_agency, state, rule_id, decision_key, opened_on, due_date,
        explanation_zh, explanation_en, resolution, source_event_id, event_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (case_id) DO UPDATE SET state = EXCLUDED.state, owner_agency = EXCLUDED.owner_agency,
        opened_on = COALESCE(EXCLUDED.opened_on, c.opened_on), due_date = COALESCE(EXCLUDED.due_date, c.due_date),
        explanation_zh = EXCLUDED.explanation_zh, explanation_en = EXCLUDED.explanation_en, resolution = EXCLUDED.resolution,
        source_event_id = EXCLUDED.source_event_id, event_time = EXCLUDED.event_time, updated_at = now()
      WHERE c.event_time <= EXCLUDED.event_time`,
    [
      change.caseId,
      event.subject,
      change.kind,
      change.ownerAgency,
      change.state,
      change.ruleId,
      change.decisionKey,
      change.openedOn,
      change.dueDate,
      change.explanationZh,
      change.explanationEn,
      change.resolution === null ? null : JSON.stringify(change.resolution),
      event.id,
      event.time,
    ],
  );
}
