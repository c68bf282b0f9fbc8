import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { RECORD_PUBLISHER } from '../capture/sync-runner.service.js';
import type { RecordPublisher } from '../capture/sync-ports.js';
import { BureauAdapterConfig } from '../config/bureau-adapter-config.js';
import { HttpHubDigests, psbDigests } from './hub-digests.client.js';
import { nextRunAt } from './next-run-at.js';
import { reconcileAndRecord, type RecordedReconciliation } from './reconcile-and-record.js';
import { describeReconciliation, type ReconcileTrigger } from './reconciliation.js';
import type { ReconcileRange } from './reconcile-range.js';

/** A reconciliation is under way already (one at a time per adapter). */
export class ReconciliationRunningError extends Error {
  constructor() {
    super('A reconciliation is running already; wait for it to finish (GET /v1/reconciliations/latest shows the last result).');
  }
}

/** Reconciliation needs the hub's address and the bureau's API key there. */
export class ReconciliationNotConfiguredError extends Error {
  constructor() {
    super(
      'Reconciliation needs HUB_URL (the hub’s base URL) and HUB_API_KEY (the bureau’s API key at the hub); set both and restart the adapter.',
    );
  }
}

/**
 * Reconciliation in the adapter process: daily at RECONCILE_AT (China time) and on demand, one at a
 * time; each result is kept in the adapter's store and its summary sent to the hub.
 */
@Injectable()
export class ReconcileService implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciliation');
  private readonly pool: pg.Pool;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RecordedReconciliation> | undefined;

  constructor(
    private readonly config: BureauAdapterConfig,
    private readonly db: DataSource,
    @Inject(RECORD_PUBLISHER) private readonly publisher: RecordPublisher,
  ) {
    this.pool = new pg.Pool({ connectionString: config.BUREAU_DATABASE_URL, application_name: 'bureau-reconcile', max: 2 });
  }

  onApplicationBootstrap(): void {
    if (this.config.RECONCILE_AT === 'off') return;
    if (!this.configured()) {
      this.logger.warn(
        `The daily reconciliation (RECONCILE_AT=${this.config.RECONCILE_AT}) is off: set HUB_URL and HUB_API_KEY to run it.`,
      );
      return;
    }
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  /** Runs one reconciliation now; throws ReconciliationRunningError while one runs. */
  async run(trigger: ReconcileTrigger, range: ReconcileRange, repair: boolean): Promise<RecordedReconciliation> {
    if (!this.configured()) throw new ReconciliationNotConfiguredError();
    if (this.running) throw new ReconciliationRunningError();
    const hub = new HttpHubDigests(this.config.HUB_URL ?? '', this.config.hubApiKey() ?? '');
    const bureau = {
      query: async <T>(sql: string, parameters?: unknown[]): Promise<T> => (await this.pool.query(sql, parameters)).rows as T,
    };
    const psb = this.config.psbReconcile();
    this.running = reconcileAndRecord(
      {
        bureau,
        store: this.db,
        hub,
        publisher: this.publisher,
        agencyId: this.config.AGENCY_ID,
        ...(psb ? { psb: psbDigests(psb.url, psb.apiKey, this.config.AGENCY_ID) } : {}),
      },
      { range, repair, trigger },
    );
    try {
      const result = await this.running;
      this.logger.log(describeReconciliation(result.reconciliation));
      if (result.reportError) this.logger.warn(`The hub did not take the reconciliation's summary: ${result.reportError}`);
      return result;
    } finally {
      this.running = undefined;
    }
  }

  private configured(): boolean {
    return Boolean(this.config.HUB_URL && this.config.hubApiKey());
  }

  private schedule(): void {
    const at = nextRunAt(this.config.RECONCILE_AT, new Date());
    this.timer = setTimeout(() => {
      this.run('schedule', {}, true).then(
        () => this.schedule(),
        (error: unknown) => {
          this.logger.error(`The daily reconciliation did not run: ${(error as Error).message}`);
          this.schedule();
        },
      );
    }, at.getTime() - Date.now());
    this.timer.unref();
  }
}
