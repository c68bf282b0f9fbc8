import type { Command } from 'commander';

/** What the hub CLI's command files share: the request a command stands for, how a command is declared, its usage error. */

/** One call of the hub's admin API. */
export interface AdminRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  /** Printed to stderr after a successful answer. */
  readonly notice?: string;
  /** `agency`: sent with the agency's API key (HUB_API_KEY) instead of the admin token. */
  readonly as?: 'agency';
  /** A successful answer that still reports a problem (exit code 1), e.g. a broken audit chain. */
  readonly reportsProblem?: (body: unknown) => boolean;
  /** A bulk redrive or discard: sent again and again with `limit` = `size` until nothing remains, with a progress bar. */
  readonly chunked?: ChunkedAction;
}

export interface ChunkedAction {
  /** Dead letters per request (the body's `limit`). */
  readonly size: number;
  /** The progress bar's label: `redriving`, `discarding`. */
  readonly label: string;
  /** The answer's count of what one request did: `redriven`, `discarded`. */
  readonly countKey: 'redriven' | 'discarded';
}

/** A command line that does not fit any command; the message says what is wrong. */
export class UsageError extends Error {}

/** A command's parsed options. */
export type Values = Readonly<Record<string, string | boolean | undefined>>;
/** What one command does with its arguments (URI-encoded) and options: the request it stands for. */
export type Build = (args: readonly string[], values: Values) => AdminRequest | Promise<AdminRequest>;

/** Declares one command under `parent` that builds its request with `build`. */
export type Leaf = (parent: Command, usage: string, summary: string, build: Build) => Command;
