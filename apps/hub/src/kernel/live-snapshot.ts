import type { Logger } from '@nestjs/common';
import { listenWithReconnect, type Listener } from '@hub/persistence';

export interface LiveSnapshotOptions<T> {
  /** Reads the whole state from PostgreSQL (one statement, so one consistent snapshot). */
  readonly load: () => Promise<T>;
  /** The NOTIFY channel the tables' triggers signal on. */
  readonly channel: string;
  readonly databaseUrl: string;
  /** Safety-net reload when no notification arrives (lost LISTEN connection). */
  readonly intervalMs: number;
  /**
   * What the state holds, as a string: equal strings mean equal states. A reload that finds the
   * same state keeps the value already held, so a state unchanged for hours stays one set of
   * objects instead of a new one every interval (`dataFingerprint` suits plain data).
   */
  readonly fingerprint: (value: T) => string;
  readonly logger: Logger;
}

/**
 * A fingerprint of plain data: its JSON, with a Map written as its entries and a Set as its
 * values (JSON.stringify writes both as `{}`), and Dates as their ISO strings.
 */
export function dataFingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Map) return { map: [...item.entries()] };
    if (item instanceof Set) return { set: [...item.values()] };
    return item;
  });
}

/**
 * A table's state held in memory by every hub process: loaded at start, reloaded on each NOTIFY
 * of `channel` (another process changed it), after this process's own changes (`refresh`), and
 * every `intervalMs`. A failed reload keeps the last good state and is logged. A reload that finds
 * the state unchanged (same fingerprint) keeps the objects it holds: the new ones die young, where
 * replacing the held ones every interval would move each generation into V8's old space first,
 * and a process that allocates little collects that space rarely, so its memory crept up for hours.
 */
export class LiveSnapshot<T> {
  private value: T | undefined;
  private print: string | undefined;
  private requested = 0;
  private loaded = 0;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private listener: Listener | undefined;
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
    await this.listener?.stop();
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
    const next = await this.options.load();
    const print = this.options.fingerprint(next);
    if (this.value === undefined || print !== this.print) {
      this.value = next;
      this.print = print;
    }
    this.loaded = generation;
  }

  private refreshInBackground(): void {
    if (this.stopped) return;
    this.refresh().catch((error: unknown) =>
      this.options.logger.error({ message: `cannot reload ${this.options.channel}; keeping the last loaded state`, error: String(error) }),
    );
  }

  private async listen(): Promise<void> {
    this.listener = await listenWithReconnect({
      databaseUrl: this.options.databaseUrl,
      channel: this.options.channel,
      applicationName: `hub-${this.options.channel}-listen`,
      onNotification: () => this.refreshInBackground(),
      // Changes made while no connection listened were not notified.
      onListening: () => this.refreshInBackground(),
      meanwhile: 'reloading every interval',
      reconnectDelayMs: 5_000,
      logger: this.options.logger,
    });
    if (this.stopped) await this.listener.stop();
  }
}
