/** Extra facts about a failure (topic, partition, event id …); never secrets or raw identifiers. */
export type ErrorContext = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The one base error of the hub. `code` is a stable string that survives a process hop (HTTP body,
 * dead-letter row, Kafka header); `retriable` tells a consumer whether trying again can help.
 * Messages say what went wrong and what to do about it.
 */
export class HubError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly options: { readonly retriable?: boolean; readonly cause?: unknown; readonly context?: ErrorContext } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
  }

  get retriable(): boolean {
    return this.options.retriable ?? false;
  }

  get context(): ErrorContext {
    return this.options.context ?? {};
  }
}
