import { EVENT_CATALOGUE } from '@hub/contracts';

/** A counter's series as prom-client reports them. */
export interface CounterValues {
  readonly values: readonly { readonly labels: Readonly<Record<string, string | number | undefined>>; readonly value: number }[];
}

/** One row to add to a minute's rollup. */
export interface RollupRow {
  readonly series: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Which counter each rolled-up series comes from, and the labels it keeps (undefined: not rolled up). */
interface RolledUp {
  readonly series: string;
  readonly counter: string;
  readonly labels: (labels: Readonly<Record<string, string>>) => Record<string, string> | undefined;
}

/** The domain of each event type: its canonical topic's middle (`hub.work-permit.events` → `work-permit`). */
const DOMAIN_OF_TYPE = new Map(EVENT_CATALOGUE.map((entry) => [entry.type, entry.topic.replace(/^hub\.|\.events$/g, '')]));

/** The hub's counters kept per minute in `metric_rollups`, with the labels the console groups by. */
export const ROLLED_UP: readonly RolledUp[] = [
  {
    series: 'events_accepted',
    counter: 'hub_events_accepted_total',
    labels: ({ agency = '', event_type = '' }) => ({ domain: DOMAIN_OF_TYPE.get(event_type) ?? 'unknown', agency, event_type }),
  },
  {
    series: 'events_refused',
    counter: 'hub_events_refused_total',
    labels: ({ agency = '', event_type = '', code = '' }) => ({
      domain: DOMAIN_OF_TYPE.get(event_type) ?? 'unknown',
      agency,
      event_type,
      code,
    }),
  },
  {
    series: 'records_relayed',
    counter: 'messaging_client_sent_messages_total',
    labels: ({ messaging_destination_name = '', error_type = '' }) =>
      error_type === '' ? { topic: messaging_destination_name } : undefined,
  },
  {
    series: 'webhook_attempts',
    counter: 'hub_webhook_attempts_total',
    labels: ({ outcome = '' }) => ({ outcome }),
  },
];

/**
 * The increments of the rolled-up counters since `last` (a map of series keys to the values seen
 * then), as rows; `last` is not changed, so a failed write loses nothing: the caller replaces it
 * with `seen` only once the rows are stored.
 */
export function rollupDeltas(
  counters: (name: string) => CounterValues | undefined,
  last: ReadonlyMap<string, number>,
): { rows: RollupRow[]; seen: Map<string, number> } {
  const sums = new Map<string, RollupRow>();
  const seen = new Map<string, number>();
  for (const rolled of ROLLED_UP) {
    for (const { labels, value } of counters(rolled.counter)?.values ?? []) {
      const kept = rolled.labels(stringLabels(labels));
      if (!kept) continue;
      const source = `${rolled.counter}${JSON.stringify(labels)}`;
      seen.set(source, value);
      const delta = value - (last.get(source) ?? 0);
      if (delta <= 0) continue;
      const key = `${rolled.series}${JSON.stringify(kept)}`;
      const row = sums.get(key);
      sums.set(key, { series: rolled.series, labels: kept, value: (row?.value ?? 0) + delta });
    }
  }
  return { rows: [...sums.values()], seen };
}

function stringLabels(labels: Readonly<Record<string, string | number | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])));
}
