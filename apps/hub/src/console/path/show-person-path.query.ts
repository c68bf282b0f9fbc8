import { Injectable } from '@nestjs/common';
import { appendAudit, PURPOSE_FORMAT } from '@hub/audit';
import { INBOUND_HEADERS } from '@hub/contracts';
import { DataSource } from 'typeorm';
import { HubConfig } from '../../config/hub-config.js';
import { deriveSubjectId } from '../../subjects/index.js';
import { ConsoleError, invalidInput } from '../kernel/console.errors.js';
import { consoleActor } from '../operators/console-operator.js';

/** At most this many events of one person or correlation are shown (newest kept). */
const MAX_EVENTS = 200;
const SUBJECT_ID = /^sub_[0-9a-f]{32}$/;
/** A raw identity as `nationality|passportNo|birthDate`, e.g. `FRA|E12345678|1988-04-12`. */
const RAW_IDENTITY = /^([A-Za-z]{3})\|([^|]{1,40})\|(\d{4}-\d{2}-\d{2})$/;

interface Hop {
  readonly subscription: string;
  readonly at: string;
  /** How it went: `kafka` (a record on the subscriber's inbound topic) or `webhook`; for `delivered` only. */
  readonly channel?: 'kafka' | 'webhook';
  /**
   * The time is not recorded but the closest true one: the relay deletes an outbox record once the
   * broker has it and keeps no time, so a relayed record shows the commit that handed it to the
   * relay (it sends within its linger, milliseconds, unless the broker is away).
   */
  readonly approximate?: true;
}

/** A Kafka record of the event for a subscription that the outbox still holds: not relayed yet. */
interface WaitingHop {
  readonly subscription: string;
  readonly waitingSince: string;
  readonly attempts: number;
  readonly lastError: string | null;
}

export interface PathEvent {
  readonly eventId: string;
  readonly type: string;
  readonly agency: string;
  readonly correlationId: string;
  readonly hops: {
    readonly accepted: string;
    /** Routed to each subscription in the commit; the relay then publishes to Kafka. */
    readonly dispatched: Hop[];
    /** The relay put the record for each Kafka subscription on its inbound topic (approximate: see Hop). */
    readonly relayed: Hop[];
    /** Kafka records still in the outbox, with the relay's attempts and last error. */
    readonly relayWaiting: WaitingHop[];
    /** Webhooks answered 2xx, and Kafka records on the subscriber's inbound topic (their delivery, so the relayed time). */
    readonly delivered: Hop[];
    /** When the subscriber says it recorded the event (the time in its receipt). */
    readonly recorded: Hop[];
    /** When the hub stored the receipt. */
    readonly receipted: Hop[];
  };
}

export interface PersonPath {
  readonly subjectId: string | null;
  readonly events: PathEvent[];
}

/**
 * One person's path (by subject id, or their raw identity turned into it here) or one
 * correlation's: every event with each hop's time, by the events' subject and correlation indexes
 * and the deliveries' event indexes. Operators only; the view is audited with the stated purpose
 * (`console.person-path.viewed`, the subject id or correlation id, never the raw identity).
 */
@Injectable()
export class ShowPersonPathQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
  ) {}

  async show(query: { subject?: string; correlationId?: string }, purpose: string | undefined, username: string): Promise<PersonPath> {
    if (purpose === undefined || purpose.trim() === '') {
      throw new ConsoleError(
        'PURPOSE_REQUIRED',
        400,
        'State the purpose of this view in the X-Purpose header (a tag such as case-review).',
        '请在 X-Purpose 请求头中说明查看目的（如 case-review）。',
        { field: 'X-Purpose' },
      );
    }
    if (!PURPOSE_FORMAT.test(purpose)) {
      throw invalidInput(
        'X-Purpose',
        'must be a lower-case purpose tag such as case-review or law:exit-entry-administration',
        '必须是小写的目的标记，如 case-review',
      );
    }
    const { subject, correlationId } = query;
    if ((subject === undefined || subject === '') === (correlationId === undefined || correlationId === '')) {
      throw invalidInput('subject', 'give either subject or correlationId', '请提供 subject 或 correlationId 其中之一');
    }
    const subjectId = subject ? this.subjectIdOf(subject) : null;
    if (correlationId !== undefined && correlationId.length > 200)
      throw invalidInput('correlationId', 'must have at most 200 characters', '不能超过 200 个字符');
    const events = await this.dataSource.query<{ id: string; type: string; agency: string; correlation_id: string; received_at: Date }[]>(
      `SELECT id::text, type, agency, correlation_id, received_at FROM events
        WHERE ${subjectId ? 'subject = $1' : 'correlation_id = $1'} ORDER BY received_at DESC LIMIT ${MAX_EVENTS}`,
      [subjectId ?? correlationId],
    );
    const ids = events.map((event) => event.id);
    const [dispatched, waiting, webhooks] = await Promise.all([
      this.dataSource.query<{ event_id: string; subscription: string; routed_at: Date; acknowledged_at: Date | null; kafka: boolean }[]>(
        `SELECT event_id::text, subscription_id::text AS subscription, routed_at, acknowledged_at, 'kafka' = ANY(channels) AS kafka
           FROM subscription_deliveries WHERE event_id = ANY($1::uuid[])`,
        [ids],
      ),
      this.dataSource.query<{ event_id: string; subscription: string; created_at: Date; attempts: number; last_error: string | null }[]>(
        `SELECT event_id::text, headers->>'${INBOUND_HEADERS.subscriptionId}' AS subscription, created_at, attempts, last_error
           FROM outbox WHERE event_id = ANY($1::uuid[]) AND topic LIKE 'agency.%.inbound'`,
        [ids],
      ),
      this.dataSource.query<
        { event_id: string; subscription: string; delivered_at: Date | null; received_at: Date | null; recorded_at: Date | null }[]
      >(
        `SELECT d.event_id::text, d.subscription_id AS subscription, d.delivered_at, r.received_at, r.recorded_at
           FROM webhook_deliveries d LEFT JOIN webhook_receipts r ON r.delivery_id = d.id WHERE d.event_id = ANY($1::uuid[])`,
        [ids],
      ),
    ]);
    await appendAudit(this.dataSource.manager, [
      {
        actor: consoleActor(username),
        action: 'console.person-path.viewed',
        purpose,
        detail: subjectId ? { subjectId, events: events.length } : { correlationId: correlationId ?? '', events: events.length },
      },
    ]);
    return {
      subjectId,
      events: events.reverse().map((event) => {
        const relayWaiting = waiting
          .filter((row) => row.event_id === event.id)
          .map((row) => ({
            subscription: row.subscription,
            waitingSince: row.created_at.toISOString(),
            attempts: row.attempts,
            lastError: row.last_error,
          }));
        const relayed = hopsOf(
          dispatched.filter((row) => row.kafka && !relayWaiting.some((hop) => hop.subscription === row.subscription)),
          event.id,
          (row) => row.routed_at,
        ).map((hop) => ({ ...hop, approximate: true as const }));
        return {
          eventId: event.id,
          type: event.type,
          agency: event.agency,
          correlationId: event.correlation_id,
          hops: {
            accepted: event.received_at.toISOString(),
            dispatched: hopsOf(dispatched, event.id, (row) => row.routed_at),
            relayed,
            relayWaiting,
            delivered: [
              ...hopsOf(webhooks, event.id, (row) => row.delivered_at).map((hop) => ({ ...hop, channel: 'webhook' as const })),
              ...relayed.map((hop) => ({ ...hop, channel: 'kafka' as const })),
            ],
            recorded: [
              ...hopsOf(webhooks, event.id, (row) => row.received_at),
              ...hopsOf(dispatched, event.id, (row) => row.acknowledged_at),
            ],
            receipted: [
              ...hopsOf(webhooks, event.id, (row) => row.recorded_at),
              ...hopsOf(dispatched, event.id, (row) => row.acknowledged_at),
            ],
          },
        };
      }),
    };
  }

  private subjectIdOf(subject: string): string {
    if (SUBJECT_ID.test(subject)) return subject;
    const [, nationality, passportNo, birthDate] = RAW_IDENTITY.exec(subject) ?? [];
    if (!nationality || !passportNo || !birthDate) {
      throw invalidInput(
        'subject',
        'must be a subject id (sub_…) or nationality|passportNo|birthDate',
        '必须是主体 ID（sub_…）或“国籍|护照号|出生日期”',
      );
    }
    return deriveSubjectId({ nationality, passportNo, birthDate }, this.config.SUBJECT_ID_KEY);
  }
}

/** The hops of one event among `rows`, at the time `at` reads (rows without it are left out). */
function hopsOf<R extends { event_id: string; subscription: string }>(
  rows: readonly R[],
  eventId: string,
  at: (row: R) => Date | null,
): Hop[] {
  return rows.flatMap((row) => {
    const time = row.event_id === eventId ? at(row) : null;
    return time ? [{ subscription: row.subscription, at: time.toISOString() }] : [];
  });
}
