/** How to connect to Kafka, and what to say while it cannot. */
export interface RetryConnectingOptions {
  /** One attempt to connect and start; throws while the broker is not reachable. */
  readonly connect: () => Promise<void>;
  /** Releases what a failed attempt opened, before the next one. */
  readonly cleanUp?: () => Promise<void>;
  /** Checked before each attempt: once true, no more attempts are made. */
  readonly stopping: () => boolean;
  /** The warning after each failed attempt, saying what waits meanwhile. */
  readonly waiting: string;
  readonly logger: { warn(message: object): void };
}

/** The longest pause between two attempts. */
const MAX_PAUSE_MS = 5_000;

/**
 * Tries `connect` until it succeeds or the caller is stopping, pausing 0.5 s more after each failed
 * attempt (at most 5 s): a process starts without waiting for Kafka and connects once it answers.
 * Resolves true when connected, false when stopped first.
 */
export async function retryConnecting(options: RetryConnectingOptions): Promise<boolean> {
  for (let attempt = 1; !options.stopping(); attempt += 1) {
    try {
      await options.connect();
      return true;
    } catch (error) {
      options.logger.warn({ message: options.waiting, attempt, error: String(error) });
      await options.cleanUp?.();
      await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_PAUSE_MS, 500 * attempt)));
    }
  }
  return false;
}
