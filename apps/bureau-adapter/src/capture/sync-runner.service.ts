import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { BureauAdapterConfig } from '../config/bureau-adapter-config.js';
import { BureauChanges } from './bureau-changes.js';
import { BureauSync } from './bureau-sync.js';
import { installChangeCapture } from './install-change-capture.js';
import type { RecordPublisher } from './sync-ports.js';
import { SyncStore } from './sync-store.js';

/** Injection token of the RecordPublisher the runner publishes through. */
export const RECORD_PUBLISHER = Symbol('RecordPublisher');

const MAX_BACKOFF_MS = 30_000;

/**
 * Runs the sync in the adapter process: installs change capture in the bureau's database (with the
 * migrations, when RUN_MIGRATIONS), then steps while there is work and polls when there is none. A
 * failed step (database or Kafka away) is logged and retried with growing pauses; the position
 * stays where it was, so nothing is skipped.
 */
@Injectable()
export class SyncRunner implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('BureauSync');
  private readonly pool: pg.Pool;
  private readonly store: SyncStore;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly config: BureauAdapterConfig,
    db: DataSource,
    @Inject(RECORD_PUBLISHER) private readonly publisher: RecordPublisher,
  ) {
    this.pool = new pg.Pool({ connectionString: config.BUREAU_DATABASE_URL, application_name: 'bureau-adapter', max: 2 });
    this.store = new SyncStore(db);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.RUN_MIGRATIONS === 'true') await installChangeCapture(this.config.BUREAU_DATABASE_URL);
    const sync = new BureauSync(new BureauChanges(this.pool), this.store, this.publisher, {
      batchSize: this.config.SYNC_BATCH_SIZE,
      chunkSize: this.config.SNAPSHOT_CHUNK_SIZE,
    });
    this.running = true;
    this.loop = this.run(sync);
  }

  /** Lets the step under way finish before the databases close (they close at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  private async run(sync: BureauSync): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const read = await sync.step();
        failures = 0;
        if (read === 0) await sleep(this.config.SYNC_POLL_MS);
      } catch (error) {
        failures += 1;
        const pause = Math.min(MAX_BACKOFF_MS, this.config.SYNC_POLL_MS * 2 ** failures);
        this.logger.error(`A sync step failed (${(error as Error).message}); the position is unchanged, trying again in ${pause} ms.`);
        await sleep(pause);
      }
    }
  }
}
