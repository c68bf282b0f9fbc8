import { demoPerson } from './demo-person.js';
import type { DemoEvent } from './demo-timeline.js';

/** The demo's period ends on this day by default: fixed, so a load on any later day gives the same events (and ids). */
export const DEMO_UNTIL = '2026-11-30';

/** What to generate: how many principals, from which seed, up to which day. */
export interface DemoDataSetOptions {
  readonly people: number;
  readonly seed: number;
  readonly until?: string;
}

export interface DemoDataSet {
  readonly events: readonly DemoEvent[];
  readonly people: number;
  readonly familyMembers: number;
}

/** Every event of the data set, in time order (ties by id): deterministic for the seed and `until`. */
export function generateLinkageDemo(options: DemoDataSetOptions): DemoDataSet {
  const until = options.until ?? DEMO_UNTIL;
  const events: DemoEvent[] = [];
  let familyMembers = 0;
  for (let index = 1; index <= options.people; index++) {
    const person = demoPerson(options.seed, until, index);
    events.push(...person.events);
    familyMembers += person.familyMembers;
  }
  events.sort((a, b) => Date.parse(a.event.time) - Date.parse(b.event.time) || (a.event.id < b.event.id ? -1 : 1));
  return { events, people: options.people, familyMembers };
}
