import { isUuid } from '@hub/contracts';
import { invalidInput } from '../kernel/console.errors.js';

/** The dead-letter search of the console: every field optional, combined with AND. */
export interface DeadLetterQuery {
  readonly correlationId?: string;
  readonly eventType?: string;
  /** The subscriber agency. */
  readonly agency?: string;
  readonly subscription?: string;
  /** A Kafka header's exact value (Kafka dead letters only: webhook ones carry no headers). */
  readonly header?: { readonly name: string; readonly value: string };
  /** Part of the event id, correlation id or last error. */
  readonly q?: string;
  /** These dead letters only (webhook delivery ids, `kafka-<n>` for parked Kafka records). */
  readonly ids?: readonly string[];
}

const KAFKA_ID = /^kafka-(\d{1,18})$/;

const FIELDS = ['correlationId', 'eventType', 'agency', 'subscription', 'header', 'q'] as const;

/** Reads the search from a query string or a bulk action's `filter`, naming the field at fault. */
export function deadLetterQueryOf(source: unknown, prefix = ''): DeadLetterQuery {
  const value = (typeof source === 'object' && source !== null && !Array.isArray(source) ? source : {}) as Record<string, unknown>;
  const query: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const given = value[field];
    if (given === undefined || given === '') continue;
    const path = `${prefix}${field}`;
    if (typeof given !== 'string' || given.length > 200)
      throw invalidInput(path, 'must be a text of at most 200 characters', '必须是不超过 200 个字符的文本');
    if (field === 'header') {
      const at = given.indexOf(':');
      const name = given.slice(0, Math.max(at, 0)).trim().toLowerCase();
      const headerValue = given.slice(at + 1).trim();
      if (at < 0 || name === '' || headerValue === '')
        throw invalidInput(
          path,
          'must be name:value, a Kafka header name and its exact value',
          '格式必须是 name:value（Kafka 消息头名称及其完整值）',
        );
      query['header'] = { name, value: headerValue };
    } else if (field === 'subscription' && !isUuid(given)) {
      throw invalidInput(path, 'must be a subscription id (UUID)', '必须是订阅 ID（UUID）');
    } else {
      query[field] = given;
    }
  }
  return query;
}

/** Page number (from 1) and size (1–100, default 20) of a list. */
export function pageOf(page: unknown, pageSize: unknown): { page: number; pageSize: number } {
  const number = page === undefined || page === '' ? 1 : Number(page);
  const size = pageSize === undefined || pageSize === '' ? 20 : Number(pageSize);
  if (!Number.isInteger(number) || number < 1 || number > 10_000)
    throw invalidInput('page', 'must be a whole number from 1', '必须是从 1 开始的整数');
  if (!Number.isInteger(size) || size < 1 || size > 100)
    throw invalidInput('pageSize', 'must be a whole number from 1 to 100', '必须是 1 到 100 的整数');
  return { page: number, pageSize: size };
}

/**
 * The SQL of both kinds of dead letters as one row shape (alias `x`): webhook deliveries given up
 * (partial index on `status = 'dead'`; the correlation id from the event by primary key) and Kafka
 * records parked in `dead_letters` and not yet redriven or discarded. Each source's conditions are
 * applied inside it.
 */
export function deadLetterRowsSql(query: DeadLetterQuery, parameters: unknown[]): string {
  const add = (value: unknown): string => {
    parameters.push(value);
    return `$${parameters.length}`;
  };
  const webhook = [`d.status = 'dead'`];
  const kafka = ['k.resolved_at IS NULL'];
  if (query.correlationId !== undefined) {
    const p = add(query.correlationId);
    webhook.push(`e.correlation_id = ${p}`);
    kafka.push(`k.headers->>'hub-correlation-id' = ${p}`);
  }
  if (query.eventType !== undefined) {
    const p = add(query.eventType);
    webhook.push(`d.event_type = ${p}`);
    kafka.push(`k.headers->>'ce_type' = ${p}`);
  }
  if (query.agency !== undefined) {
    const p = add(query.agency);
    webhook.push(`d.agency_id = ${p}`);
    kafka.push(`k.topic = 'agency.' || ${p} || '.inbound'`);
  }
  if (query.subscription !== undefined) {
    const p = add(query.subscription);
    webhook.push(`d.subscription_id = ${p}`);
    kafka.push(`k.headers->>'hub-subscription-id' = ${p}`);
  }
  if (query.header !== undefined) {
    webhook.push('false');
    kafka.push(`k.headers->>${add(query.header.name)} = ${add(query.header.value)}`);
  }
  if (query.ids !== undefined) {
    webhook.push(`d.id = ANY(${add(query.ids.filter((id) => isUuid(id)))}::uuid[])`);
    kafka.push(`k.id = ANY(${add(query.ids.flatMap((id) => KAFKA_ID.exec(id)?.[1] ?? []))}::bigint[])`);
  }
  if (query.q !== undefined) {
    const p = add(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    webhook.push(`(d.event_id::text ILIKE ${p} OR e.correlation_id ILIKE ${p} OR d.last_error ILIKE ${p} OR d.dead_reason ILIKE ${p})`);
    kafka.push(`(k.headers::text ILIKE ${p} OR k.error_message ILIKE ${p})`);
  }
  return `
    SELECT d.id::text AS id, 'webhook' AS source, d.subscription_id, d.agency_id AS agency, d.event_id::text AS event_id,
           d.event_type, e.correlation_id, d.attempts, coalesce(d.last_error, d.dead_reason) AS last_error, d.dead_at,
           '{}'::jsonb AS headers
      FROM webhook_deliveries d LEFT JOIN events e ON e.id = d.event_id
     WHERE ${webhook.join(' AND ')}
    UNION ALL
    SELECT 'kafka-' || k.id, 'kafka', k.headers->>'hub-subscription-id', substring(k.topic FROM '^agency\\.(.+)\\.inbound$'),
           k.headers->>'ce_id', k.headers->>'ce_type', k.headers->>'hub-correlation-id', 1, k.error_code || ': ' || k.error_message,
           k.created_at, k.headers
      FROM dead_letters k
     WHERE ${kafka.join(' AND ')}`;
}
