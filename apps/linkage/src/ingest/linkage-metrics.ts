import { adapterMetrics } from '@hub/agency-kit';
import type { Metrics } from '@hub/observability';
import type { DataSource } from 'typeorm';
import type { LinkageBatchOutcome } from './apply-linkage-batch.js';

/** Counts a linked batch into the service's metrics. */
export type CountLinkedBatch = (outcome: LinkageBatchOutcome) => void;

/**
 * The linkage service's metrics: the adapter kit's (`agency_adapter_records_total{outcome}`,
 * `agency_adapter_dead_letters`), `linkage_events_folded_total` (events folded into people's
 * chains), `linkage_cases_opened_total` and `linkage_events_written_total` as batches commit, and,
 * read when scraped, `linkage_cases{state,rule_id}` (the cases not yet resolved) and
 * `linkage_outbox_pending` (linkage events not yet published to the hub).
 */
export function linkageMetrics(metrics: Metrics, dataSource: DataSource, cacheMs: number): CountLinkedBatch {
  const records = adapterMetrics(metrics, dataSource, cacheMs);
  const folded = metrics.counter('linkage_events_folded_total', 'Events folded into people’s cross-agency chains.');
  const opened = metrics.counter('linkage_cases_opened_total', 'Cases the rules opened.');
  const written = metrics.counter('linkage_events_written_total', 'Linkage events written to the outbox for the hub.');
  metrics.scraped(
    'linkage',
    [
      { name: 'linkage_cases', help: 'Cases not yet resolved, by state and rule.', labelNames: ['state', 'rule_id'] },
      { name: 'linkage_outbox_pending', help: 'Linkage events waiting to be published to the hub.' },
    ],
    async () => {
      const [cases, outbox] = await Promise.all([
        dataSource.query<{ state: string; rule_id: string; n: number }[]>(
          `SELECT state, rule_id, count(*)::int AS n FROM cases WHERE state <> 'resolved' GROUP BY state, rule_id`,
        ),
        dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM linkage_outbox WHERE published_at IS NULL AND refused IS NULL'),
      ]);
      return {
        linkage_cases: cases.map((row) => ({ labels: { state: row.state, rule_id: row.rule_id }, value: row.n })),
        linkage_outbox_pending: [{ labels: {}, value: outbox[0]?.n ?? 0 }],
      };
    },
    cacheMs,
  );
  return (outcome) => {
    records.recorded('applied', outcome.applied);
    records.recorded('duplicate', outcome.duplicates);
    records.recorded('ignored', outcome.ignored);
    records.recorded('dead_lettered', outcome.deadLettered.length);
    folded.inc(outcome.applied);
    opened.inc(outcome.decided.casesOpened);
    written.inc(outcome.decided.eventsWritten);
  };
}
