import { Injectable } from '@nestjs/common';
import { WebhookDeliveries } from '@hub/delivery';
import { DataSource } from 'typeorm';
import { adapterUnavailable, notFound } from '../kernel/console.errors.js';
import { maskIdentifiers, maskJsonText } from '../kernel/mask-identifiers.js';
import type { ConsoleRole } from '../operators/console-operator.js';
import { parseAdapterDeadLetterId } from './adapter-dead-letter-items.js';
import { AdapterDeadLetters, type AdapterDeadLetter } from './adapter-dead-letters.js';
import { ListDeadLettersQuery, type ConsoleDeadLetter } from './list-dead-letters.query.js';

export interface DeadLetterDetail extends ConsoleDeadLetter {
  readonly attemptsLog: { at: string; status: string; error: string | null }[];
  /** The body sent (webhook) or the record parked (Kafka), at most 4,000 characters; identifiers masked for viewers. */
  readonly payloadPreview: string | null;
  /** Where an adapter read the record (its dead letters only). */
  readonly location?: { readonly topic: string; readonly partition: number; readonly offset: string };
}

const PREVIEW_CHARACTERS = 4000;

/** One dead letter with every attempt and its payload: the webhook side through the delivery engine's inspect (which decrypts the body). */
@Injectable()
export class InspectDeadLetterQuery {
  constructor(
    private readonly list: ListDeadLettersQuery,
    private readonly deliveries: WebhookDeliveries,
    private readonly dataSource: DataSource,
    private readonly adapters: AdapterDeadLetters,
  ) {}

  async inspect(id: string, role: ConsoleRole): Promise<DeadLetterDetail> {
    const masked = role !== 'operator';
    if (parseAdapterDeadLetterId(id)) return this.inspectAdapters(id, masked);
    const item = await this.list.one(id);
    if (!item) throw notFound(`Dead letter ${id}`, `死信 ${id}`);
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

  /** An adapter's dead letter: where it was read and why it failed; its API keeps the payload to itself (the agency's data). */
  private async inspectAdapters(id: string, masked: boolean): Promise<DeadLetterDetail> {
    let held: AdapterDeadLetter | undefined;
    try {
      held = await this.adapters.one(id);
    } catch (error) {
      throw adapterUnavailable(error instanceof Error ? error.message : String(error));
    }
    if (!held) throw notFound(`Dead letter ${id}`, `死信 ${id}`);
    const { item, view } = held;
    return {
      ...item,
      headers: masked ? (maskIdentifiers(item.headers) as Record<string, string>) : item.headers,
      attemptsLog: [{ at: item.deadAt, status: view.errorCode, error: view.errorMessage }],
      location: { topic: view.topic, partition: view.partition, offset: view.offset },
      payloadPreview: null,
    };
  }
}
