import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ConsoleAgency {
  readonly id: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly region: string | null;
  readonly status: string;
  /** How it receives: the transports of its live subscriptions. */
  readonly transports: ('kafka' | 'webhook')[];
  /** The last minute it had an event accepted, within the last 7 days of rollups. */
  readonly lastPublishedAt: string | null;
  readonly kafkaPublishing: boolean;
}

/** The agencies tab: the registry, each agency's transports, and its last publishing minute from `metric_rollups` (series and minute range of its key). */
@Injectable()
export class ListAgenciesQuery {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<ConsoleAgency[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        name_zh: string;
        name_en: string;
        region: string | null;
        status: string;
        kafka: boolean;
        webhook: boolean;
        last_published_at: Date | null;
        kafka_publishing: boolean;
      }[]
    >(
      `SELECT a.id, a.name_zh, a.name_en, a.region, a.status,
              EXISTS (SELECT 1 FROM subscriptions s WHERE s.agency = a.id AND s.status <> 'deleted' AND (s.channels->>'kafka')::boolean) AS kafka,
              EXISTS (SELECT 1 FROM subscriptions s WHERE s.agency = a.id AND s.status <> 'deleted'
                        AND jsonb_typeof(s.channels->'webhook') = 'object') AS webhook,
              p.last_published_at, a.kafka_publishing
         FROM agencies a
         LEFT JOIN (SELECT labels->>'agency' AS agency, max(minute) AS last_published_at FROM metric_rollups
                     WHERE series = 'events_accepted' AND minute >= now() - interval '7 days' GROUP BY 1) p ON p.agency = a.id
        ORDER BY a.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      name: { zh: row.name_zh, en: row.name_en },
      region: row.region,
      status: row.status,
      transports: [...(row.kafka ? (['kafka'] as const) : []), ...(row.webhook ? (['webhook'] as const) : [])],
      lastPublishedAt: row.last_published_at?.toISOString() ?? null,
      kafkaPublishing: row.kafka_publishing,
    }));
  }
}
