import { describe, expect, it } from '@jest/globals';
import { IsIn, IsInt, IsNumber } from 'class-validator';
import type { CodeList } from '../code-lists/code-list.js';
import { defineEvent, type EventContract } from '../events/event-contract.js';
import { Person } from '../events/shared/person.js';
import { examplePerson } from '../events/shared/examples.js';
import { eventSchema } from '../schema/json-schema.js';
import { CANONICAL_TOPICS } from '../topics/topics.js';
import { CalendarDate, Code, PassportNo, Text } from '../validation/fields.js';
import { Nested } from '../validation/nested.js';
import { IsAfterProperty, IsRfc3339DateTime, Optional } from '../validation/rules.js';
import { breakingChanges } from './breaking-changes.js';

// Each class below is one edit of the released `Released` contract, run through the same schema
// generator as the real catalogue, so the test covers what `npm run contracts:check` sees.

const COLOURS: CodeList = {
  name: 'test-colour',
  version: 1,
  source: 'test',
  entries: [
    { code: 'red', zh: '红', en: 'Red' },
    { code: 'blue', zh: '蓝', en: 'Blue' },
  ],
};
const FEWER_COLOURS: CodeList = { ...COLOURS, name: 'test-colour-fewer', entries: COLOURS.entries.slice(0, 1) };
const MORE_COLOURS: CodeList = {
  ...COLOURS,
  name: 'test-colour-more',
  version: 2,
  entries: [...COLOURS.entries, { code: 'green', zh: '绿', en: 'Green' }],
};

class Released {
  @PassportNo() ref: string;
  @Text(100) note: string;
  @Optional() @Text(100) remark?: string;
  @IsIn(['open', 'closed']) state: string;
  @Code(COLOURS) colour: string;
  @IsNumber() amount: number;
  @CalendarDate() from: string;
  @CalendarDate() to: string;
  @Nested(() => Person) holder: Person;
}

class FieldRemoved {
  @PassportNo() ref: string;
  @Optional() @Text(100) remark?: string;
  @IsIn(['open', 'closed']) state: string;
  @Code(COLOURS) colour: string;
  @IsNumber() amount: number;
  @CalendarDate() from: string;
  @CalendarDate() to: string;
  @Nested(() => Person) holder: Person;
}

class FieldRenamed {
  @PassportNo() ref: string;
  @Text(100) comment: string;
  @Optional() @Text(100) remark?: string;
  @IsIn(['open', 'closed']) state: string;
  @Code(COLOURS) colour: string;
  @IsNumber() amount: number;
  @CalendarDate() from: string;
  @CalendarDate() to: string;
  @Nested(() => Person) holder: Person;
}

class NewRequiredField {
  @PassportNo() ref: string;
  @Text(100) note: string;
  @Optional() @Text(100) remark?: string;
  @IsIn(['open', 'closed']) state: string;
  @Code(COLOURS) colour: string;
  @IsNumber() amount: number;
  @CalendarDate() from: string;
  @CalendarDate() to: string;
  @Nested(() => Person) holder: Person;
  @Text(20) region: string;
}

class OptionalBecameRequired {
  @PassportNo() ref: string;
  @Text(100) note: string;
  @Text(100) remark: string;
  @IsIn(['open', 'closed']) state: string;
  @Code(COLOURS) colour: string;
  @IsNumber() amount: number;
  @CalendarDate() from: string;
  @CalendarDate() to: string;
  @Nested(() => Person) holder: Person;
}

class TypeNarrowed {
  @PassportNo() ref: string;
  @Text(100) note: string;
  @Optional() @Text(100) remark?: string;
  @IsIn(['open', 'closed']) state: string;
  @Code(COLOURS) colour: string;
  @IsInt() amount: number;
  @CalendarDate() from: string;
  @CalendarDate() to: string;
  @Nested(() => Person) holder: Person;
}

class EnumNarrowed {
  @PassportNo() ref: string;
  @Text(100) note: string;
  @Optional() @Text(100) remark?: string;
  @IsIn(['open']) state: string;
  @Code(FEWER_COLOURS) colour: string;
  @IsNumber() amount: number;
  @CalendarDate() from: string;
  @CalendarDate() to: string;
  @Nested(() => Person) holder: Person;
}

class FormatChanged {
  @PassportNo() ref: string;
  @Text(100) note: string;
  @Optional() @Text(100) remark?: string;
  @IsIn(['open', 'closed']) state: string;
  @Code(COLOURS) colour: string;
  @IsNumber() amount: number;
  @IsRfc3339DateTime() from: string;
  @CalendarDate() to: string;
  @Nested(() => Person) holder: Person;
}

class Tightened {
  @PassportNo() ref: string;
  @Text(50) note: string;
  @Optional() @Text(100) remark?: string;
  @IsIn(['open', 'closed']) state: string;
  @Code(COLOURS) colour: string;
  @IsNumber() amount: number;
  @CalendarDate() from: string;
  @CalendarDate() @IsAfterProperty('from') to: string;
  @Nested(() => Person) holder: Person;
}

class Widened {
  @PassportNo() ref: string;
  @Text(300) note: string;
  @Optional() @Text(100) remark?: string;
  @IsIn(['open', 'closed', 'suspended']) state: string;
  @Code(MORE_COLOURS) colour: string;
  @IsNumber() amount: number;
  @CalendarDate() from: string;
  @CalendarDate() to: string;
  @Nested(() => Person) holder: Person;
  @Optional() @Text(40) channel?: string;
}

function schemaOf(payload: new () => object): Record<string, unknown> {
  const contract: EventContract = defineEvent({
    type: 'test.thing-happened',
    version: 1,
    topic: CANONICAL_TOPICS.workPermit,
    publishers: ['bureau'],
    title: { en: 'Test', zh: '测试' },
    description: { en: 'Test', zh: '测试' },
    payload,
    identify: () => examplePerson(),
    example: () => ({}),
  });
  return eventSchema(contract);
}

function changesTo(payload: new () => object): string[] {
  return breakingChanges(schemaOf(Released), schemaOf(payload)).map((change) => `${change.path} ${change.kind}`);
}

describe('breaking changes between a released contract and the working one', () => {
  it('finds none when nothing changed', () => {
    expect(changesTo(Released)).toEqual([]);
  });

  it('allows additive and widening changes: a new optional field, more enum values and codes, a longer limit', () => {
    expect(changesTo(Widened)).toEqual([]);
  });

  it('catches a removed field', () => {
    expect(changesTo(FieldRemoved)).toEqual(['data.note field-removed']);
  });

  it('catches a renamed field (the old name is gone, the new one required)', () => {
    expect(changesTo(FieldRenamed)).toEqual(['data.note field-removed', 'data.comment field-newly-required']);
  });

  it('catches a new required field and an optional field made required', () => {
    expect(changesTo(NewRequiredField)).toEqual(['data.region field-newly-required']);
    expect(changesTo(OptionalBecameRequired)).toEqual(['data.remark field-newly-required']);
  });

  it('catches a narrowed type', () => {
    expect(changesTo(TypeNarrowed)).toEqual(['data.amount type-narrowed']);
  });

  it('catches a narrowed enum and a code list that lost codes', () => {
    expect(changesTo(EnumNarrowed)).toEqual(['data.state enum-narrowed', 'data.colour enum-narrowed']);
    const [state, colour] = breakingChanges(schemaOf(Released), schemaOf(EnumNarrowed));
    expect(state?.detail).toBe('values no longer allowed: "closed"');
    expect(colour?.detail).toBe('values no longer allowed: "blue"');
  });

  it('catches a changed format', () => {
    expect(changesTo(FormatChanged)).toEqual(['data.from format-changed']);
  });

  it('catches a tightened limit and a new rule over several fields', () => {
    expect(changesTo(Tightened)).toEqual(['data rule-added', 'data.note constraint-tightened']);
  });

  it('catches a change inside a nested object', () => {
    const released = schemaOf(Released);
    const edited = JSON.parse(JSON.stringify(released)) as { $defs: { Person: { required: string[] } } };
    edited.$defs.Person.required = edited.$defs.Person.required.filter((name) => name !== 'name');
    expect(
      breakingChanges(edited as unknown as Record<string, unknown>, released).map((change) => `${change.path} ${change.kind}`),
    ).toEqual(['data.holder.name field-newly-required']);
  });
});
