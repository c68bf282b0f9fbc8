import type { DemoNationality, DemoProvince } from './demo-places.js';
import type { SeededRandom } from './seeded-random.js';
import type { DemoHolder, Timeline } from './demo-timeline.js';

/** One principal of the demo: who they are, where they work, and the numbers their documents carry. */
export interface DemoPerson {
  readonly r: SeededRandom;
  readonly t: Timeline;
  readonly province: DemoProvince;
  readonly district: string;
  readonly nationality: DemoNationality;
  readonly holder: DemoHolder;
  readonly employer: { readonly creditCode: string; readonly name: string };
  readonly bureau: string;
  readonly psb: string;
  /** Unique within the data set: used in every document number of the person. */
  readonly ref: string;
  /** Eight digits unique within the data set, for the 18-digit work-permit number. */
  readonly serial: string;
  /** The first day of the data set's two years. */
  readonly start: string;
}

/** A work permit the person holds, as later events need it. */
export interface DemoPermit {
  readonly permitNo: string;
  readonly permitClass: 'A' | 'B' | 'C';
  readonly points: number;
  readonly issuedOn: string;
  readonly validFrom: string;
  readonly validTo: string;
}

/** The person's work-type residence permit. */
export interface DemoResidence {
  readonly permitNo: string;
  readonly issuedOn: string;
  readonly validTo: string;
}
