import { aPermitNo, aWorkPermitIssuedEvent } from '@hub/testing';
import { publish } from '../../support/running-apps.js';

/** The bureaus that publish, each for its own half of the people. */
export const PUBLISHERS = ['bureau-310000', 'bureau-110000'] as const;

/** One person of the workload and the events published about them, in publish order. */
export interface Person {
  readonly index: number;
  readonly bureau: (typeof PUBLISHERS)[number];
  readonly passportNo: string;
  readonly events: string[];
}

/** What became of every event the workload sent. */
export interface PublishLedger {
  readonly people: Person[];
  /** Event id → person index. */
  readonly personOf: Map<string, number>;
  /** Acknowledged with 202 (accepted, or a duplicate of one the hub had). */
  readonly acknowledged: Set<string>;
  /** Refused with a 4xx: never in the hub, never delivered. */
  readonly refused: Map<string, string>;
  /** Sent but never acknowledged (still being retried when the run ended). */
  readonly unacknowledged: Set<string>;
  /** [time, acknowledged so far] after each acknowledged batch. */
  readonly progress: [number, number][];
  /** Requests that failed (connection refused or cut, 5xx) and were sent again. */
  retries: number;
}

export interface WorkloadOptions {
  readonly run: string;
  readonly events: number;
  readonly people: number;
  readonly batchSize: number;
  /** Give up resending a batch after this long (the run then reports its events unacknowledged). */
  readonly giveUpAfterMs: number;
}

/**
 * Two bureaus publish concurrently, each its people's events in rounds: round r+1 of a bureau starts
 * once round r is acknowledged, so every person's events are published in order. A batch that fails
 * (the API killed, a 5xx) is sent again with the same event ids until the hub acknowledges it; a
 * resend of an event the hub already has is answered `duplicate`, never stored twice.
 */
export async function runWorkload(hubUrl: () => string, options: WorkloadOptions, ledger: PublishLedger): Promise<void> {
  const rounds = Math.ceil(options.events / options.people);
  const { people } = ledger;
  people.push(
    ...Array.from({ length: options.people }, (_, index) => ({
      index,
      bureau: PUBLISHERS[index % PUBLISHERS.length] ?? 'bureau-310000',
      passportNo: `F${options.run
        .slice(0, 3)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '0')}${String(index).padStart(6, '0')}`,
      events: [],
    })),
  );
  let budget = options.events;
  const plan: Person[][] = [];
  for (let round = 0; round < rounds && budget > 0; round++) {
    const inRound = people.slice(0, Math.min(people.length, budget));
    budget -= inRound.length;
    plan.push(inRound);
  }
  await Promise.all(
    PUBLISHERS.map(async (bureau) => {
      for (const round of plan) {
        const mine = round.filter((person) => person.bureau === bureau);
        const events = mine.map((person) => anEventAbout(person, options.run, ledger));
        const batches = chunks(events, options.batchSize);
        // The batches of one round are independent (one event per person): send them two at a time.
        for (let i = 0; i < batches.length; i += 2) {
          await Promise.all(batches.slice(i, i + 2).map((batch) => sendUntilAcknowledged(hubUrl, batch, ledger, options.giveUpAfterMs)));
        }
      }
    }),
  );
}

/** An empty ledger, filled in by {@link runWorkload} as it goes (the progress monitor reads it meanwhile). */
export function createLedger(): PublishLedger {
  return {
    people: [],
    personOf: new Map(),
    acknowledged: new Set(),
    refused: new Map(),
    unacknowledged: new Set(),
    progress: [],
    retries: 0,
  };
}

function anEventAbout(person: Person, run: string, ledger: PublishLedger): Record<string, unknown> {
  const region = person.bureau.slice('bureau-'.length);
  const event = aWorkPermitIssuedEvent({
    region,
    permitNo: aPermitNo(),
    data: {
      holder: { passportNo: person.passportNo, nationality: 'DEU', birthDate: '1990-01-15', name: `Fault ${run} ${person.index}` },
    },
  });
  const id = String(event['id']);
  person.events.push(id);
  ledger.personOf.set(id, person.index);
  return event;
}

async function sendUntilAcknowledged(
  hubUrl: () => string,
  batch: Record<string, unknown>[],
  ledger: PublishLedger,
  giveUpAfterMs: number,
): Promise<void> {
  const ids = batch.map((event) => String(event['id']));
  const deadline = Date.now() + giveUpAfterMs;
  while (Date.now() < deadline) {
    const answer = await publish(hubUrl(), { events: batch }).catch(() => undefined);
    if (answer?.status === 202) {
      for (const outcome of answer.body.events ?? []) {
        if (outcome.status === 'held') ledger.refused.set(outcome.id, 'held');
        else ledger.acknowledged.add(outcome.id);
      }
      ledger.progress.push([Date.now(), ledger.acknowledged.size]);
      return;
    }
    if (answer && answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
      for (const id of ids) ledger.refused.set(id, `${answer.status} ${answer.body.error?.code ?? ''}`);
      return;
    }
    ledger.retries++;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  for (const id of ids) ledger.unacknowledged.add(id);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
