import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LinkageConfig } from '../config/linkage-config.js';
import { LinkageClock } from '../decide/linkage-clock.js';
import { LinkageRules } from '../decide/linkage-rules.js';
import type { DecideOutcome } from '../decide/redecide-subjects.js';
import { LinkageEventWriter } from '../publish/linkage-event-writer.js';
import { OutboxPublisher } from '../publish/outbox-publisher.service.js';
import { CasesRepository } from '../store/cases.repository.js';
import { DecisionsRepository } from '../store/decisions.repository.js';
import { PersonChainsRepository } from '../store/person-chains.repository.js';
import { checkOverdue } from './check-overdue.js';

/** Runs the overdue check (checkOverdue) at start and every OVERDUE_CHECK_EVERY_MS, as of today in Asia/Shanghai. */
@Injectable()
export class OverdueCheckService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OverdueCheckService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: LinkageConfig,
    private readonly clock: LinkageClock,
    private readonly rules: LinkageRules,
    private readonly chains: PersonChainsRepository,
    private readonly decisions: DecisionsRepository,
    private readonly cases: CasesRepository,
    private readonly events: LinkageEventWriter,
    private readonly publisher: OutboxPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.runInBackground(), this.config.OVERDUE_CHECK_EVERY_MS);
    this.runInBackground();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  runInBackground(): void {
    this.running ??= this.run()
      .catch((error: unknown) => this.logger.error({ message: 'overdue check failed; trying again at the next one', error: String(error) }))
      .finally(() => (this.running = undefined));
  }

  /** One check as of today (or `asOf`); resolves with what it changed. */
  async run(asOf = this.clock.today()): Promise<{ people: number; decided: DecideOutcome }> {
    const result = await checkOverdue(
      <T>(work: (tx: EntityManager) => Promise<T>) => this.dataSource.transaction(work),
      this.rules.contextAt(asOf),
      { chains: this.chains, decisions: this.decisions, cases: this.cases, events: this.events },
    );
    if (result.decided.eventsWritten > 0) this.publisher.wake();
    if (result.people > 0) this.logger.log({ message: 'overdue check', asOf, people: result.people, ...result.decided });
    return result;
  }
}
