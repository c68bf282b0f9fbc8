import { Injectable, Logger } from '@nestjs/common';
import { recordDeadLetters, type DeadLetterEntry, type KafkaBatch } from '@hub/messaging';
import { DataSource } from 'typeorm';
import { parseRecord, type ParsedRecord } from './parse-record.js';
import { WorkPermitRecordsRepository } from './work-permit-records.repository.js';

type Valid = Extract<ParsedRecord, { ok: true }>;
type Invalid = Extract<ParsedRecord, { ok: false }>;

/**
 * Applies a batch of work-permit events to public security's records. Poison records (not JSON,
 * breaking their contract) are parked as dead letters, never retried, and never block the records
 * behind them; the rest are applied once each. Both writes are idempotent, and offsets are
 * committed only after they succeed, so a crash replays the batch harmlessly.
 */
@Injectable()
export class RecordWorkPermitsHandler {
  private readonly logger = new Logger(RecordWorkPermitsHandler.name);

  constructor(
    private readonly records: WorkPermitRecordsRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute(batch: KafkaBatch): Promise<void> {
    const started = performance.now();
    const parsed = batch.messages.map(parseRecord);
    const valid = parsed.filter((record): record is Valid => record.ok);
    const invalid = parsed.filter((record): record is Invalid => !record.ok);
    if (invalid.length > 0) {
      await recordDeadLetters(
        this.dataSource.manager,
        invalid.map((record) => toDeadLetter(batch, record)),
      );
    }
    const applied = await this.records.applyOnce(
      valid.map((record) => ({ event: record.event, topic: batch.topic, partition: batch.partition, offset: record.message.offset })),
    );
    this.logger.log({
      message: 'work permits recorded',
      topic: batch.topic,
      partition: batch.partition,
      applied: applied.size,
      duplicates: valid.length - applied.size,
      deadLettered: invalid.length,
      durationMs: Math.round(performance.now() - started),
      correlationIds: valid.filter((record) => applied.has(record.event.id)).map((record) => record.event.correlationid),
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

function toDeadLetter(batch: KafkaBatch, record: Invalid): DeadLetterEntry {
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
