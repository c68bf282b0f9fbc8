import { createHash } from 'node:crypto';
import { stableUuid } from './seeded-random.js';

/** An event of the demo, unsigned, with the agency that publishes it. */
export interface DemoEvent {
  readonly agency: string;
  readonly event: Readonly<Record<string, unknown>> & { readonly id: string; readonly time: string };
}

/** A person of the demo as agencies identify them. */
export interface DemoHolder {
  readonly passportNo: string;
  readonly nationality: string;
  readonly birthDate: string;
  readonly name: string;
}

/**
 * Collects one person's events: ids from the data set's key and each event's tag (so the same seed
 * gives the same ids), times on the fact's day in Shanghai office hours, nothing after the last day.
 */
export class Timeline {
  readonly events: DemoEvent[] = [];

  constructor(
    private readonly key: string,
    private readonly correlationId: string,
    readonly until: string,
  ) {}

  /** Adds an event on a day; an event after the data set's last day is left out (answers false). */
  emit(tag: string, type: string, agency: string, region: string, on: string, data: object, version = 1): boolean {
    if (on > this.until) return false;
    const id = stableUuid(`${this.key}|${tag}`);
    const minutes = 9 * 60 + (createHash('sha256').update(id).digest().readUInt16LE(0) % (9 * 60));
    const time = `${on}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`;
    this.events.push({
      agency,
      event: {
        specversion: '1.0',
        id,
        type,
        source: `urn:hub:agency:${agency}`,
        time,
        agency,
        region,
        contractversion: version,
        correlationid: this.correlationId,
        data: withoutUndefined(data),
      },
    });
    return true;
  }
}

/** The data without members whose value is undefined (an optional field left out). */
function withoutUndefined(data: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
}
