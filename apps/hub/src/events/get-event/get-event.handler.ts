import { CANONICAL_TOPIC_NAMES } from '@hub/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventNotFoundError } from '../events.errors.js';
import type { EventReader } from './event-reader.js';

/** What ops see of one stored event: where it came from and whether it has reached Kafka. */
export interface EventStatus {
  readonly id: string;
  readonly type: string;
  readonly agency: string;
  readonly region: string;
  readonly subject: string;
  readonly correlationId: string;
  readonly receivedAt: string;
  /** `pending` while its outbox record waits for Kafka, `published` once the broker acknowledged it. */
  readonly relay: 'pending' | 'published';
  readonly relayAttempts: number;
}

/**
 * Whether the reader may see the event: operators always; an agency when it published it or when it
 * was routed to one of the agency's subscriptions (Kafka or webhook, live or replayed: a replay of
 * events older than the subscription leaves only its `event.replayed` audit row).
 */
const VISIBLE_TO_READER = `($2::text IS NULL
    OR e.agency = $2
    OR EXISTS (SELECT 1 FROM subscription_deliveries d JOIN subscriptions s ON s.id = d.subscription_id
                WHERE d.event_id = e.id AND s.agency = $2)
    OR EXISTS (SELECT 1 FROM webhook_deliveries w WHERE w.event_id = e.id AND w.agency_id = $2)
    OR EXISTS (SELECT 1 FROM audit_trail a WHERE a.event_id = e.id AND a.action = 'event.replayed' AND a.detail->>'agency' = $2))`;

/** Looks up one event and its relay state, as far as the reader may see it. */
@Injectable()
export class GetEventHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(id: string, reader: EventReader): Promise<EventStatus> {
    const rows = await this.dataSource.query<
      {
        id: string;
        type: string;
        agency: string;
        region: string;
        subject: string;
        correlation_id: string;
        received_at: Date;
        attempts: number | null;
      }[]
    >(
      `SELECT e.id, e.type, e.agency, e.region, e.subject, e.correlation_id, e.received_at, o.attempts
         FROM events e LEFT JOIN outbox o ON o.event_id = e.id AND o.topic = ANY($3::text[])
        WHERE e.id = $1::uuid AND ${VISIBLE_TO_READER}`,
      [id, reader.kind === 'operator' ? null : reader.agencyId, CANONICAL_TOPIC_NAMES],
    );
    const row = rows[0];
    if (!row) throw new EventNotFoundError(id);
    return {
      id: row.id,
      type: row.type,
      agency: row.agency,
      region: row.region,
      subject: row.subject,
      correlationId: row.correlation_id,
      receivedAt: row.received_at.toISOString(),
      relay: row.attempts === null ? 'published' : 'pending',
      relayAttempts: row.attempts ?? 0,
    };
  }
}
