import { Injectable } from '@nestjs/common';
import { appendAudit } from '@hub/audit';
import { isUuid, KAFKA_HEADERS } from '@hub/contracts';
import { DataSource } from 'typeorm';
import { HubConfig } from '../../config/hub-config.js';
import type { ConsoleAdapter } from '../../config/console-adapters-setting.js';
import { CONSOLE_ADMINISTRATION } from '../operators/console-operator.js';
import { matchesQuery, parseAdapterDeadLetterId, toConsoleDeadLetter, type AdapterDeadLetterView } from './adapter-dead-letter-items.js';
import type { DeadLetterQuery } from './dead-letter-query.js';
import type { ConsoleDeadLetter } from './console-dead-letter.js';

/** The audit actions of the console's redrive and discard of an adapter's dead letter. */
export const ADAPTER_DEAD_LETTER_ACTIONS = {
  redriven: 'adapter-dead-letter.redriven',
  discarded: 'adapter-dead-letter.discarded',
} as const;

/** An adapter of CONSOLE_ADAPTERS that did not answer its list: the page shows it as unavailable, with why. */
export interface AdapterUnavailable {
  readonly adapter: string;
  readonly error: string;
}

/** An adapter's dead letter with where the adapter read it. */
export interface AdapterDeadLetter {
  readonly item: ConsoleDeadLetter;
  readonly view: AdapterDeadLetterView;
}

const TIMEOUT_MS = 5_000;
/** The most an adapter's API lists at once. */
const LIST_LIMIT = 1000;

/**
 * The dead letters the agency adapters of CONSOLE_ADAPTERS hold, through each adapter's own
 * dead-letter API (the agency kit's: list, redrive, discard) with its operator key. An adapter that
 * is down, slow (5 s) or refuses the key is reported as unavailable, never failing the others.
 * Redrive and discard are the adapter's (it consumes the record again through its own consumer);
 * the hub audits each under the console operator once the adapter has answered.
 */
@Injectable()
export class AdapterDeadLetters {
  constructor(
    private readonly config: HubConfig,
    private readonly dataSource: DataSource,
  ) {}

  /** Whether any adapter is configured (none: the hub's own dead letters only). */
  get configured(): boolean {
    return this.config.consoleAdapters().length > 0;
  }

  /** Every adapter's dead letters that meet the search, and the adapters that did not answer. */
  async search(query: DeadLetterQuery): Promise<{ items: ConsoleDeadLetter[]; unavailable: AdapterUnavailable[] }> {
    const wanted = query.ids?.flatMap((id) => parseAdapterDeadLetterId(id)?.adapter ?? []);
    const adapters = this.config.consoleAdapters().filter((adapter) => wanted === undefined || wanted.includes(adapter.name));
    const answers = await Promise.all(
      adapters.map(async (adapter) => {
        try {
          return { items: (await this.list(adapter)).map((view) => toConsoleDeadLetter(adapter.name, view)) };
        } catch (error) {
          return { unavailable: { adapter: adapter.name, error: error instanceof Error ? error.message : String(error) } };
        }
      }),
    );
    return {
      items: answers.flatMap((answer) => answer.items ?? []).filter((item) => matchesQuery(item, query)),
      unavailable: answers.flatMap((answer) => answer.unavailable ?? []),
    };
  }

  /** The dead letter `adapter:<name>:<n>` still held by its adapter; undefined when it is not (throws when the adapter does not answer). */
  async one(id: string): Promise<AdapterDeadLetter | undefined> {
    const parsed = parseAdapterDeadLetterId(id);
    const adapter = parsed && this.config.consoleAdapters().find((one) => one.name === parsed.adapter);
    if (!parsed || !adapter) return undefined;
    let view: AdapterDeadLetterView;
    try {
      view = (await this.call(adapter, 'GET', `/${parsed.id}`)) as AdapterDeadLetterView;
    } catch (error) {
      if (error instanceof AdapterAnswerError && error.status === 404) return undefined;
      throw error;
    }
    return { item: toConsoleDeadLetter(adapter.name, view), view };
  }

  /** Has the adapter consume the record again; throws (saying what to do) when it is no longer held or fails again. */
  async redrive(id: string, actor: string): Promise<void> {
    const { adapter, held } = await this.held(id);
    const result = (await this.call(adapter, 'POST', '/redrive', { ids: [held.view.id] })) as {
      redriven?: number;
      deadLetteredAgain?: number;
    };
    if (result.redriven === 0)
      throw new Error(`${id} is no longer held by ${adapter.name} (redriven or discarded meanwhile); search again`);
    const again = (result.deadLetteredAgain ?? 0) > 0;
    await this.audit(ADAPTER_DEAD_LETTER_ACTIONS.redriven, actor, adapter, held, { outcome: again ? 'dead-lettered-again' : 'applied' });
    if (again) {
      throw new Error(`${adapter.name} read ${id} again and it failed again: it is parked again under a new id with the new reason`);
    }
  }

  /** Has the adapter give the record up with `reason` (kept there with the name of the console's key). */
  async discard(id: string, reason: string, actor: string): Promise<void> {
    const { adapter, held } = await this.held(id);
    await this.call(adapter, 'POST', `/${held.view.id}/discard`, { reason });
    await this.audit(ADAPTER_DEAD_LETTER_ACTIONS.discarded, actor, adapter, held, { reason });
  }

  private async held(id: string): Promise<{ adapter: ConsoleAdapter; held: AdapterDeadLetter }> {
    const parsed = parseAdapterDeadLetterId(id);
    const adapter = parsed && this.config.consoleAdapters().find((one) => one.name === parsed.adapter);
    if (!adapter) throw new Error(`${id} names no adapter of CONSOLE_ADAPTERS`);
    const held = await this.one(id);
    if (!held) throw new Error(`${id} is no longer held by ${adapter.name} (redriven or discarded meanwhile); search again`);
    return { adapter, held };
  }

  private async list(adapter: ConsoleAdapter): Promise<AdapterDeadLetterView[]> {
    const answer = (await this.call(adapter, 'GET', `?limit=${LIST_LIMIT}`)) as { deadLetters?: unknown };
    if (!Array.isArray(answer.deadLetters)) throw new Error(`${adapter.name} answered no dead-letter list at ${adapter.url}`);
    return answer.deadLetters as AdapterDeadLetterView[];
  }

  private async call(adapter: ConsoleAdapter, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${adapter.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${adapter.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const why =
        (error as { name?: unknown } | null)?.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : errorText(error);
      throw new Error(`${adapter.name} cannot be reached at ${adapter.url}: ${why}`, { cause: error });
    }
    const text = await response.text();
    if (response.ok) return text === '' ? {} : (JSON.parse(text) as unknown);
    const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(text)?.[1] ?? '';
    const hint =
      response.status === 401 || response.status === 403
        ? `: its OPERATOR_API_KEYS does not hold the key CONSOLE_ADAPTER_KEYS gives for ${adapter.name}`
        : response.status === 404
          ? `: check the URL of ${adapter.name} in CONSOLE_ADAPTERS, or the dead letter is no longer held`
          : '';
    throw new AdapterAnswerError(response.status, `${adapter.name} answered ${response.status}${code ? ` ${code}` : ''}${hint}`);
  }

  private async audit(
    action: string,
    actor: string,
    adapter: ConsoleAdapter,
    { item, view }: AdapterDeadLetter,
    extra: Record<string, string>,
  ): Promise<void> {
    const eventId = item.headers[KAFKA_HEADERS.eventId];
    await appendAudit(this.dataSource.manager, [
      {
        actor,
        action,
        purpose: CONSOLE_ADMINISTRATION,
        eventId: eventId !== undefined && isUuid(eventId) ? eventId : null,
        detail: {
          deadLetterId: item.id,
          adapter: adapter.name,
          topic: view.topic,
          partition: view.partition,
          offset: view.offset,
          errorCode: view.errorCode,
          ...extra,
        },
      },
    ]);
  }
}

/** An adapter's answer other than 2xx. */
class AdapterAnswerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An error's message and its cause's (fetch says only "fetch failed"; the cause says ECONNREFUSED and where). Read by shape: fetch's errors come from another realm under test runners. */
function errorText(error: unknown): string {
  const message = (value: unknown): string | undefined =>
    typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string'
      ? (value as { message: string }).message
      : undefined;
  const cause = message((error as { cause?: unknown } | null)?.cause);
  const text = message(error) ?? String(error);
  return cause ? `${text} (${cause})` : text;
}
