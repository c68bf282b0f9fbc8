import { Injectable } from '@nestjs/common';
import type { CanonicalEvent, WorkPermitIssuedV1 } from '@hub/contracts';
import { DataSource } from 'typeorm';

/** A consumed event and where it was read. */
export interface ConsumedEvent {
  readonly event: CanonicalEvent;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Public security's work-permit records. `applyOnce` is one statement, so atomic and one round trip:
 * it records every event id in the inbox and applies only the ids seen for the first time, so a
 * redelivered or replayed event changes nothing (deduplication committed together with its effect).
 */
@Injectable()
export class WorkPermitRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies the events not applied before; returns the ids applied now. */
  async applyOnce(consumed: readonly ConsumedEvent[]): Promise<Set<string>> {
    if (consumed.length === 0) return new Set();
    const issued = (pick: (data: WorkPermitIssuedV1) => string): (string | null)[] =>
      consumed.map(({ event }) => (event.type === 'work-permit.issued' ? pick(event.data as WorkPermitIssuedV1) : null));
    const [row] = await this.dataSource.query<{ fresh: string[] }[]>(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
                              $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::date[], $15::text[], $16::text[],
                              $17::text[], $18::date[], $19::date[], $20::text[]) WITH ORDINALITY
           AS u(event_id, topic, partition, "offset", type, subject_id, correlation_id, event_time,
                permit_no, permit_class, holder_name, passport_no, nationality, birth_date, employer_name, employer_credit_code,
                position, valid_from, valid_to, region, ord)
       ), fresh AS (
         INSERT INTO inbox (event_id, topic, partition, "offset")
         SELECT event_id, topic, partition, "offset" FROM input
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id
       ), latest AS (
         SELECT DISTINCT ON (permit_no) input.* FROM input JOIN fresh USING (event_id)
          WHERE type = 'work-permit.issued'
          ORDER BY permit_no, event_time DESC, ord DESC
       ), applied AS (
         INSERT INTO work_permits (permit_no, subject_id, permit_class, status, holder_name, passport_no, nationality, birth_date,
                                   employer_name, employer_credit_code, position, valid_from, valid_to, region,
                                   source_event_id, correlation_id, event_time)
         SELECT permit_no, subject_id, permit_class, 'valid', holder_name, passport_no, nationality, birth_date,
                employer_name, employer_credit_code, position, valid_from, valid_to, region, event_id, correlation_id, event_time
           FROM latest
         ON CONFLICT (permit_no) DO UPDATE SET
           subject_id = EXCLUDED.subject_id, permit_class = EXCLUDED.permit_class, status = EXCLUDED.status,
           holder_name = EXCLUDED.holder_name, passport_no = EXCLUDED.passport_no, nationality = EXCLUDED.nationality,
           birth_date = EXCLUDED.birth_date, employer_name = EXCLUDED.employer_name, employer_credit_code = EXCLUDED.employer_credit_code,
           position = EXCLUDED.position, valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to, region = EXCLUDED.region,
           source_event_id = EXCLUDED.source_event_id, correlation_id = EXCLUDED.correlation_id, event_time = EXCLUDED.event_time,
           recorded_at = now()
         WHERE work_permits.event_time <= EXCLUDED.event_time
       )
       SELECT coalesce((SELECT array_agg(event_id) FROM fresh), '{}') AS fresh`,
      [
        consumed.map((c) => c.event.id),
        consumed.map((c) => c.topic),
        consumed.map((c) => c.partition),
        consumed.map((c) => c.offset),
        consumed.map((c) => c.event.type),
        consumed.map((c) => c.event.subject),
        consumed.map((c) => c.event.correlationid ?? ''),
        consumed.map((c) => c.event.time),
        issued((d) => d.permitNo),
        issued((d) => d.permitClass),
        issued((d) => d.holder.name),
        issued((d) => d.holder.passportNo),
        issued((d) => d.holder.nationality),
        issued((d) => d.holder.birthDate),
        issued((d) => d.employer.name),
        issued((d) => d.employer.creditCode),
        issued((d) => d.position),
        issued((d) => d.validFrom),
        issued((d) => d.validTo),
        consumed.map((c) => c.event.region),
      ],
    );
    return new Set(row?.fresh ?? []);
  }
}
