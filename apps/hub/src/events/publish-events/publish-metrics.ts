import { Injectable } from '@nestjs/common';
import { EVENT_CATALOGUE, HubError } from '@hub/contracts';
import { Metrics } from '@hub/observability';

/** The type label of a refused event: a catalogue type, else `unknown` (what a caller sends is never a label). */
const KNOWN_TYPES = new Set(EVENT_CATALOGUE.map((entry) => entry.type));

/**
 * Counts publishing into the hub's metrics, in memory (nothing on the publish path touches the
 * database for it): `hub_events_accepted_total{agency,event_type}` for events stored (a duplicate
 * is not counted again) and `hub_events_refused_total{agency,event_type,code}` for every event of a
 * refused request; a body refused before it was read as events counts once, as `unknown`.
 */
@Injectable()
export class PublishMetrics {
  private readonly accepted;
  private readonly refused;

  constructor(metrics: Metrics) {
    this.accepted = metrics.counter('hub_events_accepted_total', 'Events the hub stored, by publishing agency and type.', [
      'agency',
      'event_type',
    ]);
    this.refused = metrics.counter('hub_events_refused_total', 'Events the hub refused, by agency, type and error code.', [
      'agency',
      'event_type',
      'code',
    ]);
  }

  countAccepted(agency: string, types: readonly string[]): void {
    for (const type of types) this.accepted.inc({ agency, event_type: type });
  }

  /** `agency` is the agency the credentials named, or `unauthenticated`. */
  countRefused(agency: string, error: unknown, types: readonly unknown[]): void {
    const code = error instanceof HubError ? error.code : 'INTERNAL';
    if (types.length === 0) this.refused.inc({ agency, event_type: 'unknown', code });
    for (const type of types) {
      this.refused.inc({ agency, event_type: typeof type === 'string' && KNOWN_TYPES.has(type) ? type : 'unknown', code });
    }
  }
}
