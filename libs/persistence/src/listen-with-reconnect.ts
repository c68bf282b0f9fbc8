import pg from 'pg';

/** Where a PostgreSQL listener reports a lost or refused connection. */
export interface ListenerLogger {
  warn(message: { message: string; error: string }): void;
}

/** What to listen to, and what to do on a notification. */
export interface ListenSettings {
  /** A PostgreSQL URL for the listening connection, which is kept open (a pool's connections are not). */
  readonly databaseUrl: string;
  /** The NOTIFY channel; a constant of the caller's, never user input (LISTEN takes no parameter). */
  readonly channel: string;
  /** Shows in pg_stat_activity. */
  readonly applicationName: string;
  readonly onNotification: () => void;
  /**
   * Called each time the connection starts listening, the first time and after each reconnect:
   * notifications sent before were missed, so a caller that keeps state reloads it here.
   */
  readonly onListening?: () => void;
  /** What the caller does while it cannot listen (e.g. "polling"), for the warning. */
  readonly meanwhile: string;
  /** Pause before each new attempt to connect. */
  readonly reconnectDelayMs: number;
  readonly logger: ListenerLogger;
}

/** A running listener; `stop` closes its connection and ends the reconnect attempts. */
export interface Listener {
  stop(): Promise<void>;
}

/**
 * LISTENs on a channel over a connection of its own and keeps listening: a lost or refused
 * connection is logged and tried again after `reconnectDelayMs`, for as long as the listener runs.
 * Resolves after the first attempt, listening or not, so a caller starts at once and falls back on
 * its own polling until the connection is there.
 */
export async function listenWithReconnect(settings: ListenSettings): Promise<Listener> {
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;

  const scheduleRetry = (): void => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, settings.reconnectDelayMs);
    retry.unref();
  };

  const connect = async (): Promise<void> => {
    const attempt = new pg.Client({ connectionString: settings.databaseUrl, application_name: settings.applicationName });
    attempt.on('notification', () => settings.onNotification());
    attempt.on('error', (error) => {
      settings.logger.warn({
        message: `${settings.channel} LISTEN connection lost; ${settings.meanwhile} until it is back`,
        error: String(error),
      });
      if (client === attempt) client = undefined;
      void attempt.end().catch(() => undefined);
      scheduleRetry();
    });
    try {
      await attempt.connect();
      await attempt.query(`LISTEN ${settings.channel}`);
    } catch (error) {
      await attempt.end().catch(() => undefined);
      settings.logger.warn({ message: `cannot LISTEN on ${settings.channel}; ${settings.meanwhile} until it can`, error: String(error) });
      scheduleRetry();
      return;
    }
    if (stopped) {
      await attempt.end().catch(() => undefined);
      return;
    }
    client = attempt;
    settings.onListening?.();
  };

  await connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
