import { Injectable, Logger } from '@nestjs/common';
import type { CanonicalEvent, WorkPermitIssuedV1 } from '@hub/contracts';
import { recordDeadLetters, recordInInbox, type KafkaBatch } from '@hub/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { parseRecord, type ParsedRecord } from './parse-record.js';

type Valid = Extract<ParsedRecord, { ok: true }>;
type Invalid = Extract<ParsedRecord, { ok: false }>;

/**
 * Applies a batch of work-permit events to public security's records in one transaction: inbox
 * first (so an event already applied is skipped), then the permits, then dead letters for poison
 * records. Offsets are committed only after this commits, so a crash replays the batch and the
 * inbox makes the replay harmless.
 */
@Injectable()
export class RecordWorkPermitsHandler {
  private readonly logger = new Logger(RecordWorkPermitsHandler.name);

  constructor(private readonly dataSource: DataSource) {}

  async execute(batch: KafkaBatch): Promise<void> {
    const parsed = batch.messages.map(parseRecord);
    const valid = parsed.filter((record): record is Valid => record.ok);
    const invalid = parsed.filter((record): record is Invalid => !record.ok);
    const applied = await this.dataSource.transaction(async (manager) => {
      const fresh = await recordInInbox(
        manager,
        valid.map((record) => ({
          eventId: record.event.id,
          topic: batch.topic,
          partition: batch.partition,
          offset: record.message.offset,
        })),
      );
      const toApply = valid.filter((record) => fresh.has(record.event.id) && record.event.type === 'work-permit.issued');
      await upsertIssuedPermits(manager, latestPerPermit(toApply.map((record) => record.event)));
      await recordDeadLetters(
        manager,
        invalid.map((record) => toDeadLetter(batch, record)),
      );
      return toApply;
    });
    this.logger.log({
      message: 'work permits recorded',
      topic: batch.topic,
      partition: batch.partition,
      applied: applied.length,
      duplicates: valid.length - applied.length,
      deadLettered: invalid.length,
      correlationIds: applied.map((record) => record.event.correlationid),
    });
    for (const record of invalid) {
      this.logger.warn({
        message: 'record dead-lettered',
        topic: batch.topic,
        partition: batch.partition,
        offset: record.message.offset,
        code: record.code,
      });
    }
  }
}

/** One row per permit: the event that happened last wins. */
function latestPerPermit(events: readonly CanonicalEvent[]): CanonicalEvent<'work-permit.issued'>[] {
  const byPermit = new Map<string, CanonicalEvent<'work-permit.issued'>>();
  for (const event of events as CanonicalEvent<'work-permit.issued'>[]) {
    const seen = byPermit.get(event.data.permitNo);
    if (!seen || seen.time <= event.time) byPermit.set(event.data.permitNo, event);
  }
  return [...byPermit.values()];
}

async function upsertIssuedPermits(manager: EntityManager, events: readonly CanonicalEvent<'work-permit.issued'>[]): Promise<void> {
  if (events.length === 0) return;
  const data = (pick: (d: WorkPermitIssuedV1) => string): string[] => events.map((e) => pick(e.data));
  await manager.query(
    `INSERT INTO work_permits (permit_no, subject_id, permit_class, status, holder_name, passport_no, nationality, birth_date,
                               employer_name, employer_credit_code, position, valid_from, valid_to, region,
                               source_event_id, correlation_id, event_time)
     SELECT p, s, c, 'valid', hn, pn, n, bd, en, ec, pos, vf, vt, r, id, cid, t
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[], $9::text[],
                   $10::text[], $11::date[], $12::date[], $13::text[], $14::uuid[], $15::text[], $16::timestamptz[])
            AS u(p, s, c, hn, pn, n, bd, en, ec, pos, vf, vt, r, id, cid, t)
     ON CONFLICT (permit_no) DO UPDATE SET
       subject_id = EXCLUDED.subject_id, permit_class = EXCLUDED.permit_class, status = EXCLUDED.status,
       holder_name = EXCLUDED.holder_name, passport_no = EXCLUDED.passport_no, nationality = EXCLUDED.nationality,
       birth_date = EXCLUDED.birth_date, employer_name = EXCLUDED.employer_name, employer_credit_code = EXCLUDED.employer_credit_code,
       position = EXCLUDED.position, valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, region = EXCLUDED.region,
       source_event_id = EXCLUDED.source_event_id, correlation_id = EXCLUDED.correlation_id, event_time = EXCLUDED.event_time,
       recorded_at = now()
     WHERE work_permits.event_time <= EXCLUDED.event_time`,
    [
      data((d) => d.permitNo),
      events.map((e) => e.subject),
      data((d) => d.permitClass),
      data((d) => d.holder.name),
      data((d) => d.holder.passportNo),
      data((d) => d.holder.nationality),
      data((d) => d.holder.birthDate),
      data((d) => d.employer.name),
      data((d) => d.employer.creditCode),
      data((d) => d.position),
      data((d) => d.validFrom),
      data((d) => d.validTo),
      events.map((e) => e.region),
      events.map((e) => e.id),
      events.map((e) => e.correlationid ?? ''),
      events.map((e) => e.time),
    ],
  );
}

function toDeadLetter(batch: KafkaBatch, record: Invalid): Parameters<typeof recordDeadLetters>[1][number] {
  return {
    topic: batch.topic,
    partition: batch.partition,
    offset: record.message.offset,
    key: record.message.key,
    payload: record.message.value?.toString('utf8') ?? '',
    headers: record.message.headers,
    errorCode: record.code,
    errorMessage: record.reason,
  };
}
