import { Injectable } from '@nestjs/common';
import { WebhookDeliveries } from '@hub/delivery';
import { DataSource } from 'typeorm';
import { notFound } from '../kernel/console.errors.js';
import { maskIdentifiers, maskJsonText } from '../kernel/mask-identifiers.js';
import type { ConsoleRole } from '../operators/console-operator.js';
import { ListDeadLettersQuery, type ConsoleDeadLetter } from './list-dead-letters.query.js';

export interface DeadLetterDetail extends ConsoleDeadLetter {
  readonly attemptsLog: { at: string; status: string; error: string | null }[];
  /** The body sent (webhook) or the record parked (Kafka), at most 4,000 characters; identifiers masked for viewers. */
  readonly payloadPreview: string | null;
}

const PREVIEW_CHARACTERS = 4000;

/** One dead letter with every attempt and its payload: the webhook side through the delivery engine's inspect (which decrypts the body). */
@Injectable()
export class InspectDeadLetterQuery {
  constructor(
    private readonly list: ListDeadLettersQuery,
    private readonly deliveries: WebhookDeliveries,
    private readonly dataSource: DataSource,
  ) {}

  async inspect(id: string, role: ConsoleRole): Promise<DeadLetterDetail> {
    const item = await this.list.one(id);
    if (!item) throw notFound(`Dead letter ${id}`, `死信 ${id}`);
    const masked = role !== 'operator';
    if (item.source === 'webhook') {
      const details = await this.deliveries.inspect(id);
      const payload = details?.payload ?? null;
      return {
        ...item,
        attemptsLog: (details?.attemptHistory ?? []).map((attempt) => ({
          at: attempt.startedAt,
          status: attempt.statusCode === null ? (attempt.outcome ?? 'in-flight') : String(attempt.statusCode),
          error: attempt.errorMessage ?? attempt.errorCode,
        })),
        payloadPreview: payload === null ? null : (masked ? maskJsonText(payload) : payload).slice(0, PREVIEW_CHARACTERS),
      };
    }
    const [row] = await this.dataSource.query<{ payload: string; error_code: string; error_message: string; created_at: Date }[]>(
      'SELECT payload, error_code, error_message, created_at FROM dead_letters WHERE id = $1',
      [id.replace(/^kafka-/, '')],
    );
    return {
      ...item,
      headers: masked ? (maskIdentifiers(item.headers) as Record<string, string>) : item.headers,
      attemptsLog: row ? [{ at: row.created_at.toISOString(), status: row.error_code, error: row.error_message }] : [],
      payloadPreview: row ? (masked ? maskJsonText(row.payload) : row.payload).slice(0, PREVIEW_CHARACTERS) : null,
    };
  }
}
