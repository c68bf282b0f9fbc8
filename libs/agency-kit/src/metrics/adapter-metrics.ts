import type { Metrics } from '@hub/observability';
import type { DataSource } from 'typeorm';

/** What became of the records of a batch an adapter applied. */
export type AdapterRecordOutcome = 'applied' | 'duplicate' | 'older' | 'without_record' | 'ignored' | 'dead_lettered';

/** An adapter's metrics: what it recorded, and what waits in its dead letters. */
export interface AdapterMetrics {
  /** Counts `count` records of a batch under `outcome` (an in-memory increment). */
  recorded(outcome: AdapterRecordOutcome, count: number): void;
}

/**
 * The metrics every agency adapter exposes: `agency_adapter_records_total{outcome}` counted as
 * batches are applied, and `agency_adapter_dead_letters{error_code}`, the dead letters it holds,
 * read from its `dead_letters` table when scraped (cached `cacheMs`).
 */
export function adapterMetrics(metrics: Metrics, dataSource: DataSource, cacheMs?: number): AdapterMetrics {
  const records = metrics.counter('agency_adapter_records_total', 'Inbound records the adapter handled, by outcome.', ['outcome']);
  metrics.scraped(
    'agency_adapter_dead_letters',
    [{ name: 'agency_adapter_dead_letters', help: 'Dead letters the adapter holds, by error code.', labelNames: ['error_code'] }],
    async () => {
      const rows = await dataSource.query<{ code: string; n: number }[]>(
        'SELECT error_code AS code, count(*)::int AS n FROM dead_letters WHERE resolution IS NULL GROUP BY error_code',
      );
      return { agency_adapter_dead_letters: rows.map((row) => ({ labels: { error_code: row.code }, value: row.n })) };
    },
    cacheMs,
  );
  return {
    recorded: (outcome, count) => {
      if (count > 0) records.inc({ outcome }, count);
    },
  };
}
