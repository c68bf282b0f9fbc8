import type { Logger } from '@nestjs/common';
import pg from 'pg';

export interface LiveSnapshotOptions<T> {
  /** Reads the whole state from PostgreSQL (one statement, so one consistent snapshot). */
  readonly load: () => Promise<T>;
  /** The NOTIFY channel the tables' triggers signal on. */
  readonly channel: string;
  readonly databaseUrl: string;
  /** Safety-net reload when no notification arrives (lost LISTEN connection). */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/**
 * A table's state held in memory by every hub process: loaded at start, reloaded on each NOTIFY
 * of `channel` (another process changed it), after this process's own changes (`refresh`), and
 * every `intervalMs`. A failed reload keeps the last good state and is logged.
 */
export class LiveSnapshot<T> {
  private value: T | undefined;
  private requested = 0;
  private loaded = 0;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private listener: pg.Client | undefined;
  private stopped = false;

  constructor(private readonly options: LiveSnapshotOptions<T>) {}

  /** The last loaded state; `start` must have resolved. */
  get current(): T {
    if (this.value === undefined) throw new Error(`The ${this.options.channel} snapshot is read before it was loaded.`);
    return this.value;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => this.refreshInBackground(), this.options.intervalMs);
    this.timer.unref();
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** Reloads; resolves once a load that started after this call has finished, so it sees every change committed before it. */
  async refresh(): Promise<void> {
    const wanted = ++this.requested;
    while (this.loaded < wanted) {
      this.inFlight ??= this.loadOnce().finally(() => (this.inFlight = undefined));
      await this.inFlight;
    }
  }

  private async loadOnce(): Promise<void> {
    const generation = this.requested;
    this.value = await this.options.load();
    this.loaded = generation;
  }

  private refreshInBackground(): void {
    if (this.stopped) return;
    this.refresh().catch((error: unknown) =>
      this.options.logger.error({ message: `cannot reload ${this.options.channel}; keeping the last loaded state`, error: String(error) }),
    );
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, application_name: `hub-${this.options.channel}-listen` });
    client.on('notification', () => this.refreshInBackground());
    client.on('error', (error) => {
      this.options.logger.warn({ message: `${this.options.channel} LISTEN connection lost; reconnecting`, error: String(error) });
      this.listener = undefined;
      void client.end().catch(() => undefined);
      this.retryListen();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
      // Changes made while no connection listened were not notified.
      this.refreshInBackground();
    } catch (error) {
      await client.end().catch(() => undefined);
      this.options.logger.warn({ message: `cannot LISTEN on ${this.options.channel}; reloading every interval`, error: String(error) });
      this.retryListen();
    }
  }

  private retryListen(): void {
    if (this.stopped) return;
    setTimeout(() => void this.listen(), 5_000).unref();
  }
}
