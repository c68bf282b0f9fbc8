import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bucketsOf, isoMinute } from '../kernel/buckets.js';
import { invalidInput } from '../kernel/console.errors.js';
import type { Window } from '../kernel/time-range.js';

export const FLOW_GROUPINGS = ['domain', 'agency', 'subscriber'] as const;
export type FlowGrouping = (typeof FLOW_GROUPINGS)[number];
export type FlowStage = 'accepted' | 'refused' | 'relayed' | 'delivered' | 'recorded';

export interface FlowSeries {
  readonly stage: FlowStage;
  /** The domain, publishing agency or subscriber agency; `all` for a stage that has no such label. */
  readonly key: string;
  /** `[bucket start, events per second over the bucket]`, a point for every bucket. */
  readonly points: [string, number][];
}

export interface Flows {
  readonly stepSeconds: number;
  readonly from: string;
  readonly to: string;
  readonly series: FlowSeries[];
}

/**
 * Which rollup series feeds each stage, and which label is its key under each grouping. Accepted
 * and refused carry domain and publishing agency; relayed (to canonical topics) the domain;
 * delivered (to agencies' inbound topics, and webhooks) and recorded (receipts) the subscriber.
 */
const STAGE_SQL = `
  CASE WHEN series = 'events_accepted' THEN 'accepted'
       WHEN series = 'events_refused' THEN 'refused'
       WHEN series = 'records_relayed' AND labels->>'topic' LIKE 'hub.%.events' THEN 'relayed'
       WHEN series = 'records_relayed' AND labels->>'topic' LIKE 'agency.%.inbound' THEN 'delivered'
       WHEN series = 'webhooks_delivered' THEN 'delivered'
       WHEN series = 'receipts_recorded' THEN 'recorded' END`;

const KEY_SQL = `
  CASE WHEN series IN ('events_accepted', 'events_refused') AND $3 = 'domain' THEN coalesce(labels->>'domain', 'unknown')
       WHEN series IN ('events_accepted', 'events_refused') AND $3 = 'agency' THEN labels->>'agency'
       WHEN series = 'records_relayed' AND labels->>'topic' LIKE 'hub.%.events' AND $3 = 'domain'
         THEN regexp_replace(labels->>'topic', '^hub\\.|\\.events$', '', 'g')
       WHEN series = 'records_relayed' AND labels->>'topic' LIKE 'agency.%.inbound' AND $3 = 'subscriber'
         THEN regexp_replace(labels->>'topic', '^agency\\.|\\.inbound$', '', 'g')
       WHEN series IN ('webhooks_delivered', 'receipts_recorded') AND $3 = 'subscriber' THEN labels->>'agency'
       ELSE 'all' END`;

/** The flows page: events a second at each stage over the window, from `metric_rollups` (its primary key's series and minute range). */
@Injectable()
export class ShowFlowsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async show(window: Window, by: unknown): Promise<Flows> {
    const grouping = groupingOf(by);
    const rows = await this.dataSource.query<{ stage: FlowStage | null; key: string; bucket: number; n: string }[]>(
      `SELECT ${STAGE_SQL} AS stage, ${KEY_SQL} AS key,
              (floor(extract(epoch FROM minute) / $4) * $4)::bigint::int AS bucket, sum(value)::text AS n
         FROM metric_rollups
        WHERE series IN ('events_accepted', 'events_refused', 'records_relayed', 'webhooks_delivered', 'receipts_recorded')
          AND minute >= $1 AND minute < $2
        GROUP BY 1, 2, 3`,
      [window.from, window.to, grouping, window.stepSeconds],
    );
    const buckets = bucketsOf(window);
    const series = new Map<string, { stage: FlowStage; key: string; counts: Map<number, number> }>();
    for (const row of rows) {
      if (row.stage === null) continue;
      const id = `${row.stage}\u0000${row.key}`;
      const one = series.get(id) ?? { stage: row.stage, key: row.key, counts: new Map<number, number>() };
      one.counts.set(row.bucket, (one.counts.get(row.bucket) ?? 0) + Number(row.n));
      series.set(id, one);
    }
    return {
      stepSeconds: window.stepSeconds,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      series: [...series.values()].map(({ stage, key, counts }) => ({
        stage,
        key,
        points: buckets.map((bucket): [string, number] => [isoMinute(bucket), round((counts.get(bucket) ?? 0) / window.stepSeconds)]),
      })),
    };
  }
}

function groupingOf(by: unknown): FlowGrouping {
  if (by === undefined || by === '') return 'domain';
  if (typeof by === 'string' && (FLOW_GROUPINGS as readonly string[]).includes(by)) return by as FlowGrouping;
  throw invalidInput('by', 'must be domain, agency or subscriber', '必须是 domain、agency 或 subscriber');
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
