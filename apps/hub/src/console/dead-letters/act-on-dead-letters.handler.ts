import { Injectable, Logger } from '@nestjs/common';
import { appendAudit } from '@hub/audit';
import { WebhookDeliveries } from '@hub/delivery';
import { DataSource } from 'typeorm';
import { invalidInput } from '../kernel/console.errors.js';
import { ConsoleJobsRepository, type JobKind } from '../jobs/console-jobs.repository.js';
import { CONSOLE_ADMINISTRATION, consoleActor } from '../operators/console-operator.js';
import type { SignedInOperator } from '../session/signed-in-operator.js';
import { parseAdapterDeadLetterId } from './adapter-dead-letter-items.js';
import { AdapterDeadLetters } from './adapter-dead-letters.js';
import { deadLetterQueryOf, type DeadLetterQuery } from './dead-letter-query.js';
import { KafkaDeadLetters } from './kafka-dead-letters.js';
import { ListDeadLettersQuery, TOTAL_CAP } from './list-dead-letters.query.js';

/** Progress is written after this many dead letters (and at the end). */
const PROGRESS_EVERY = 20;

/**
 * Redrive or discard of dead letters chosen by id or by the page's search, as a job: the answer
 * (202 `{jobId, total}`) comes at once, the job works through them oldest first, one delivery at a
 * time: webhook dead letters through the delivery engine's own redrive and discard, parked Kafka
 * records (`kafka-<n>`) sent again to their source topic or marked discarded (KafkaDeadLetters),
 * adapters' dead letters (`adapter:<name>:<n>`) through the adapter's own API (AdapterDeadLetters);
 * each audited under the operator, `admin:console:<username>`. It writes its progress for
 * `GET /console/api/jobs/{id}`; one that cannot be acted on counts as failed, with the reason.
 */
@Injectable()
export class ActOnDeadLettersHandler {
  private readonly logger = new Logger(ActOnDeadLettersHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveries,
    private readonly kafka: KafkaDeadLetters,
    private readonly adapters: AdapterDeadLetters,
    private readonly list: ListDeadLettersQuery,
    private readonly jobs: ConsoleJobsRepository,
  ) {}

  async start(kind: JobKind, body: unknown, operator: SignedInOperator): Promise<{ jobId: string; total: number }> {
    const { query, reason } = selectionOf(kind, body);
    const ids = await this.list.idsOf(query);
    const actor = consoleActor(operator.username);
    const jobId = await this.jobs.start(kind, ids.length, actor);
    await appendAudit(this.dataSource.manager, [
      { actor, action: `console.dead-letters.${kind}`, purpose: CONSOLE_ADMINISTRATION, detail: { jobId, total: ids.length } },
    ]);
    void this.run(jobId, kind, ids, actor, reason).catch(async (error: unknown) => {
      this.logger.error({ message: 'a dead-letter job failed', jobId, error: String(error) });
      await this.jobs.progress(jobId, 0, ids.length, String(error), 'failed').catch(() => undefined);
    });
    return { jobId, total: ids.length };
  }

  private async run(jobId: string, kind: JobKind, ids: readonly string[], actor: string, reason: string): Promise<void> {
    let done = 0;
    let failed = 0;
    let lastError: string | null = null;
    for (const [index, id] of ids.entries()) {
      try {
        await this.actOn(kind, id, actor, reason);
        done += 1;
      } catch (error) {
        failed += 1;
        lastError = error instanceof Error ? error.message : String(error);
      }
      if ((index + 1) % PROGRESS_EVERY === 0 && index + 1 < ids.length) await this.jobs.progress(jobId, done, failed, lastError);
    }
    await this.jobs.progress(jobId, done, failed, lastError, 'finished');
  }

  private async actOn(kind: JobKind, id: string, actor: string, reason: string): Promise<void> {
    if (parseAdapterDeadLetterId(id)) {
      if (kind === 'redrive') await this.adapters.redrive(id, actor);
      else await this.adapters.discard(id, reason, actor);
    } else if (id.startsWith('kafka-')) {
      if (kind === 'redrive') await this.kafka.redrive(id, actor);
      else await this.kafka.discard(id, reason, actor);
    } else if (kind === 'redrive') await this.deliveries.redrive({ deliveryId: id }, actor);
    else await this.deliveries.discard({ deliveryId: id }, reason, actor);
  }
}

function selectionOf(kind: JobKind, body: unknown): { query: DeadLetterQuery; reason: string } {
  const value = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const reason = value['reason'];
  if (kind === 'discard' && (typeof reason !== 'string' || reason.trim().length < 3 || reason.length > 500)) {
    throw invalidInput('reason', 'say why the dead letters are discarded (3–500 characters)', '请说明丢弃这些死信的原因（3–500 个字符）');
  }
  const { ids, filter } = value;
  if ((ids === undefined) === (filter === undefined)) {
    throw invalidInput('ids', 'give either ids or filter', '请提供 ids 或 filter 其中之一');
  }
  if (ids !== undefined) {
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.length > TOTAL_CAP ||
      !ids.every((id) => typeof id === 'string' && id.length <= 64)
    ) {
      throw invalidInput('ids', `must list 1–${TOTAL_CAP} dead-letter ids`, `必须列出 1–${TOTAL_CAP} 个死信 ID`);
    }
    return { query: { ids: ids as string[] }, reason: typeof reason === 'string' ? reason : '' };
  }
  return { query: deadLetterQueryOf(filter, 'filter.'), reason: typeof reason === 'string' ? reason : '' };
}
