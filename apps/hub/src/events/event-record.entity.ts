import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An accepted event, immutable once stored. */
@Entity({ name: 'events' })
export class EventRecord {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'contract_version', type: 'int' })
  contractVersion: number;

  @Column({ type: 'text' })
  agency: string;

  @Column({ type: 'char', length: 6 })
  region: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;

  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash: string;

  @Column({ type: 'jsonb' })
  envelope: Record<string, unknown>;
}
