import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Public security's record of one work permit, kept current from the hub's events. */
@Entity({ name: 'work_permits' })
export class WorkPermit {
  @PrimaryColumn({ name: 'permit_no', type: 'char', length: 18 })
  permitNo: string;

  @Column({ name: 'subject_id', type: 'text' })
  subjectId: string;

  @Column({ name: 'permit_class', type: 'char', length: 1 })
  permitClass: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'holder_name', type: 'text' })
  holderName: string;

  @Column({ name: 'passport_no', type: 'text' })
  passportNo: string;

  @Column({ type: 'char', length: 3 })
  nationality: string;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Column({ name: 'employer_name', type: 'text' })
  employerName: string;

  @Column({ name: 'employer_credit_code', type: 'char', length: 18 })
  employerCreditCode: string;

  @Column({ type: 'text' })
  position: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date' })
  validTo: string;

  @Column({ type: 'char', length: 6 })
  region: string;

  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId: string;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;

  @Column({ name: 'event_time', type: 'timestamptz' })
  eventTime: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
