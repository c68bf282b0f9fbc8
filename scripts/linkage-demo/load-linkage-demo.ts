import { DEMO_AGENCIES, demoSigningKey } from './demo-agencies.js';
import { generateLinkageDemo } from './demo-data-set.js';
import { preparePublisher, publishBatch, type DemoPublisher } from './demo-hub-client.js';

/** Where to load the demo and how much of it. */
export interface LinkageDemoOptions {
  readonly hubUrl: string;
  readonly adminToken: string;
  /** Principals (family members come on top). */
  readonly people: number;
  readonly seed: number;
  /** The last day of the demo's two years (default 2026-11-30). */
  readonly until?: string;
  readonly log?: (line: string) => void;
}

/** What a load did. */
export interface LinkageDemoSummary {
  readonly people: number;
  readonly familyMembers: number;
  readonly events: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly agencies: number;
  readonly milliseconds: number;
}

const BATCH_SIZE = 500;
const PARALLEL_AGENCIES = 4;

/**
 * Generates the seeded demo data set and publishes it through the hub's HTTP API, each event
 * signed by its agency's demo key, in batches per agency (onboarding the agencies it needs). The
 * same seed gives the same event ids and signatures, so loading it again stores nothing new.
 */
export async function loadLinkageDemo(options: LinkageDemoOptions): Promise<LinkageDemoSummary> {
  if (!Number.isInteger(options.people) || options.people < 1 || options.people > 1_000_000) {
    throw new RangeError(`people must be a whole number from 1 to 1000000, not ${options.people}`);
  }
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 2_147_483_647) {
    throw new RangeError(`seed must be a whole number from 0 to 2147483647, not ${options.seed}`);
  }
  const started = Date.now();
  const data = generateLinkageDemo({ people: options.people, seed: options.seed, ...(options.until ? { until: options.until } : {}) });
  const byAgency = new Map<string, object[]>();
  for (const { agency, event } of data.events) {
    const list = byAgency.get(agency) ?? [];
    list.push(event);
    byAgency.set(agency, list);
  }
  const agencies = DEMO_AGENCIES.filter((agency) => byAgency.has(agency.id));
  const publishers = new Map<string, DemoPublisher>();
  for (const agency of agencies) {
    publishers.set(
      agency.id,
      await preparePublisher(options.hubUrl, options.adminToken, agency, demoSigningKey(agency.id, options.seed, options.adminToken)),
    );
  }
  let accepted = 0;
  let duplicates = 0;
  const queue = [...byAgency.entries()];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [agencyId, events] = next;
      const publisher = publishers.get(agencyId);
      if (!publisher) throw new Error(`No demo agency ${agencyId}`);
      for (let i = 0; i < events.length; i += BATCH_SIZE) {
        const result = await publishBatch(
          options.hubUrl,
          publisher,
          events.slice(i, i + BATCH_SIZE).map((event) => publisher.sign(event)),
        );
        accepted += result.accepted;
        duplicates += result.duplicates;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_AGENCIES }, worker));
  const summary = {
    people: data.people,
    familyMembers: data.familyMembers,
    events: data.events.length,
    accepted,
    duplicates,
    agencies: agencies.length,
    milliseconds: Date.now() - started,
  };
  options.log?.(
    `Linkage demo (seed ${options.seed}): ${summary.people} people and ${summary.familyMembers} family members, ${summary.events} events from ${summary.agencies} agencies: ${accepted} accepted, ${duplicates} already held, in ${(summary.milliseconds / 1000).toFixed(1)} s`,
  );
  return summary;
}
