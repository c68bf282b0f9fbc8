import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Public security's record of one work permit, kept current from the hub's events (the projection
 * for public security: identity and permit status, no employer or position).
 */
@Entity({ name: 'work_permits' })
export class WorkPermit {
  @PrimaryColumn({ name: 'permit_no', type: 'char', length: 18 })
  permitNo: string;

  @Column({ name: 'subject_id', type: 'text' })
  subjectId: string;

  @Column({ name: 'permit_class', type: 'char', length: 1 })
  permitClass: string;

  /** valid, cancelled, revoked or expired. */
  @Column({ type: 'text' })
  status: string;

  /** The day the permit was cancelled, revoked or expired; null while valid. */
  @Column({ name: 'status_on', type: 'date', nullable: true })
  statusOn: string | null;

  /** The reason code of a cancellation or revocation. */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'holder_name', type: 'text' })
  holderName: string;

  @Column({ name: 'passport_no', type: 'text' })
  passportNo: string;

  @Column({ type: 'char', length: 3 })
  nationality: string;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date' })
  validTo: string;

  /** The day the last extension was approved. */
  @Column({ name: 'extended_on', type: 'date', nullable: true })
  extendedOn: string | null;

  /** The day the last recorded change took effect. */
  @Column({ name: 'changed_on', type: 'date', nullable: true })
  changedOn: string | null;

  @Column({ type: 'char', length: 6 })
  region: string;

  /** The event the record was last made from. */
  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId: string;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;

  @Column({ name: 'event_time', type: 'timestamptz' })
  eventTime: Date;

  /** The agency that published the permit's events (e.g. bureau-310000). */
  @Column({ name: 'source_agency', type: 'text', nullable: true })
  sourceAgency: string | null;

  /** The publisher's own id of the record and its version, as the events carried them (for reconciliation). */
  @Column({ name: 'record_id', type: 'text', nullable: true })
  recordId: string | null;

  @Column({ name: 'record_version', type: 'int', nullable: true })
  recordVersion: number | null;

  /** The `time` of the earliest event applied (the issue). */
  @Column({ name: 'first_event_time', type: 'timestamptz', nullable: true })
  firstEventTime: Date | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
