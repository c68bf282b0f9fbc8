import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { agencyOutcomesTopic } from '@hub/messaging';
import { ConflictOutcomesRepository, type DueOutcome } from '../events/index.js';
import { OutcomesProducer } from './outcomes-producer.service.js';

/** How often resolved conflicts are looked for; an operator's resolution reaches the publisher within about this. */
const CHECK_MS = 500;
/** The most outcomes sent at once. */
const BATCH = 100;

/**
 * The `ingest` role's second duty: a held record read from an agency's outbound topic gets a final
 * outcome on `agency.<id>.outcomes` once an operator resolved its conflict (accepted, or refused
 * with CONFLICT_REJECTED), with the same event id and outbound offset as its `held` outcome. The
 * resolution's commit is the queue (see ConflictOutcomesRepository.sendDue): sent with acks=all
 * through the role's one producer (OutcomesProducer), then marked; a failure leaves it due and it is
 * sent on the next check.
 */
@Injectable()
export class ConflictOutcomeSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ConflictOutcomes');
  private stopping = false;
  private connecting: Promise<void> | undefined;
  private sending: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly conflicts: ConflictOutcomesRepository,
    private readonly outcomes: OutcomesProducer,
  ) {}

  onApplicationBootstrap(): void {
    this.connecting = this.connectWhenReachable();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.connecting;
    await this.sending;
  }

  private async connectWhenReachable(): Promise<void> {
    if (!(await this.outcomes.ready()) || this.stopping) return;
    this.scheduleCheck();
  }

  /** The next check starts CHECK_MS after the last one ended, so a slow one never queues more behind it. */
  private scheduleCheck(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.sending = this.sendDue()
        .catch((error: unknown) => {
          this.logger.warn({ message: 'could not send the outcomes of resolved conflicts yet; trying again', error: String(error) });
        })
        .finally(() => this.scheduleCheck());
    }, CHECK_MS);
    this.timer.unref();
  }

  private async sendDue(): Promise<void> {
    while (!this.stopping && (await this.conflicts.sendDue(BATCH, (due) => this.send(due))) === BATCH);
  }

  private async send(due: readonly DueOutcome[]): Promise<void> {
    const byTopic = new Map<string, DueOutcome[]>();
    for (const one of due) byTopic.set(agencyOutcomesTopic(one.agency), [...(byTopic.get(agencyOutcomesTopic(one.agency)) ?? []), one]);
    await this.outcomes.send(
      [...byTopic].map(([topic, outcomes]) => ({
        topic,
        messages: outcomes.map(({ outcome }) => ({ key: outcome.eventId, value: JSON.stringify(outcome) })),
      })),
    );
    this.logger.log({ message: 'sent the final outcomes of resolved conflicts', conflicts: due.map((one) => one.conflictId) });
  }
}
