import type { DataSource } from 'typeorm';
import { RecordReader } from '../delivery/record-reader.js';
import type { ReadEvent } from '../delivery/parse-inbound-record.js';
import type { SubscriptionSequencesRepository } from '../sequences/subscription-sequences.repository.js';
import { SubscriptionConsumer } from '../subscription/subscription-consumer.js';
import type { AgencyAdapterDefinition, ReceivedEvent } from './agency-adapter-definition.js';

const REGION = /^\d{6}$/;
const SUBJECT = /^sub_[0-9a-f]{32}$/;

/** What a batch applied: the ids of the new events, by type. */
export type MappedApplied = readonly { readonly type: string; readonly id: string }[];

/**
 * Reads a delivered event with `definition`'s mappings: a type it has no mapping for is ignored,
 * another contract version is unsupported, and the envelope (id, time, subject, region) and the
 * mapping's fields are checked together, every broken one named.
 */
export function mappedEventReader(definition: AgencyAdapterDefinition): (json: unknown) => ReadEvent<ReceivedEvent<unknown>> {
  return (json) => {
    const reader = new RecordReader(json);
    const type = reader.text('type', 100);
    if (reader.issues.length > 0) return { kind: 'invalid', issues: reader.issues };
    const mapping = Object.hasOwn(definition.receive, type) ? definition.receive[type] : undefined;
    if (!mapping) return { kind: 'ignored', type };
    const version = reader.at('contractversion');
    if (version !== mapping.version) return { kind: 'unsupported-version', type, version, expected: mapping.version };
    const event: ReceivedEvent<unknown> = {
      id: reader.uuid('id'),
      type,
      time: reader.dateTime('time'),
      subject: reader.at('subject') === undefined ? null : reader.matching('subject', SUBJECT),
      region: reader.at('region') === undefined ? null : reader.matching('region', REGION),
      fields: mapping.read(reader),
    };
    return reader.issues.length > 0 ? { kind: 'invalid', issues: reader.issues } : { kind: 'event', event };
  };
}

/**
 * The kit's subscription consumer applying `definition`'s mappings, each new event by its type's
 * `apply` in delivery order, in the batch's transaction. The live consumer and the dead-letter
 * redrive (API and CLI) consume through it alike.
 */
export function mappedConsumer(
  definition: AgencyAdapterDefinition,
  ports: { readonly dataSource: DataSource; readonly sequences: SubscriptionSequencesRepository; readonly gapGraceMs: number },
): SubscriptionConsumer<ReceivedEvent<unknown>, MappedApplied> {
  return new SubscriptionConsumer<ReceivedEvent<unknown>, MappedApplied>(
    {
      readEvent: mappedEventReader(definition),
      wording: { recorder: definition.agency.name },
      eventId: (event) => event.id,
      apply: async (tx, events) => {
        for (const { event } of events) await definition.receive[event.type]!.apply(tx, event as ReceivedEvent<never>);
        return events.map(({ event }) => ({ type: event.type, id: event.id }));
      },
      empty: () => [],
      merge: (a, b) => [...a, ...b],
    },
    { transaction: (work) => ports.dataSource.transaction(work), sequences: ports.sequences, gapGraceMs: ports.gapGraceMs },
  );
}
