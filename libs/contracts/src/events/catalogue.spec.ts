import { describe, expect, it } from '@jest/globals';
import { cloudEventProblem, contractAjv, eventMutations, type Json } from '@hub/testing';
import type { ValidateFunction } from 'ajv';
import type { ValidationFailedError } from '../errors/validation-failed.error.js';
import { eventSchema } from '../schema/json-schema.js';
import { validateEvent } from '../validation/validate-event.js';
import { EVENT_CATALOGUE, findContract, knownEventTypes } from './catalogue.js';
import { exampleEvent } from './example-event.js';
import type { EventContract } from './event-contract.js';
import type { EventPayloads, TopicMessages } from './event-types.js';
import { WORK_PERMIT_ISSUED_V2 } from './work-permit/work-permit-issued.v2.js';

const ajv = contractAjv();
const compiled = new Map<EventContract, ValidateFunction>();
function schemaValidator(contract: EventContract): ValidateFunction {
  const found = compiled.get(contract) ?? ajv.compile(eventSchema(contract));
  compiled.set(contract, found);
  return found;
}
const entries = EVENT_CATALOGUE.map((contract): [string, EventContract] => [`${contract.type} v${contract.version}`, contract]);

/** The rules the hub finds broken (none when it accepts the event). */
function hubIssues(event: unknown): string[] {
  try {
    validateEvent(event);
    return [];
  } catch (error) {
    if ((error as ValidationFailedError).code !== 'VALIDATION_FAILED') throw error;
    return (error as ValidationFailedError).issues.map((issue) => issue.rule);
  }
}

function hubAccepts(event: unknown): boolean {
  return hubIssues(event).length === 0;
}

/** The rules over several fields that a schema lists under x-hub-rules (JSON Schema cannot state them). */
function crossFieldRules(schema: unknown): Set<string> {
  const rules = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'x-hub-rules') for (const rule of value as { rule: string }[]) rules.add(rule.rule);
        else visit(value);
      }
    }
  };
  visit(schema);
  return rules;
}

// Compile-time checks of the typed topic map (tsc runs over spec files too).
const visaMessage: TopicMessages['hub.visa.events']['type'] = 'visa.issued';
// @ts-expect-error a work-permit event is not a message of the visa topic
const misplaced: TopicMessages['hub.visa.events']['type'] = 'work-permit.issued';
const issuedPayload: EventPayloads['work-permit.issued'] = WORK_PERMIT_ISSUED_V2.example();

describe('event catalogue', () => {
  it('types each topic with its own events only', () => {
    expect([visaMessage, misplaced, issuedPayload.permitNo]).toHaveLength(3);
  });

  it('knows each type and version once, with a topic, publishers and bilingual documentation', () => {
    const keys = EVENT_CATALOGUE.map((contract) => `${contract.type}@${contract.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const contract of EVENT_CATALOGUE) {
      expect(contract.type).toMatch(/^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/);
      expect(contract.topic).toBe(`hub.${contract.type.split('.')[0] ?? ''}.events`);
      expect(contract.publishers.length).toBeGreaterThan(0);
      expect(contract.title.zh).toMatch(/\p{Script=Han}/u);
      expect(contract.description.zh).toMatch(/\p{Script=Han}/u);
      expect(findContract(contract.type, contract.version)).toBe(contract);
    }
    expect(knownEventTypes().length).toBe(new Set(EVENT_CATALOGUE.map((contract) => contract.type)).size);
  });

  it.each(entries)('%s: the example passes the hub and the published JSON Schema', (_name, contract) => {
    const event = exampleEvent(contract);
    expect(hubAccepts(event)).toBe(true);
    const validate = schemaValidator(contract);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(event)).toBe(true);
  });

  it.each(entries)('%s: the JSON Schema refuses another type or version, and a payload of another type', (_name, contract) => {
    const event = exampleEvent(contract);
    const validate = schemaValidator(contract);
    expect(validate({ ...event, contractversion: contract.version + 1 })).toBe(false);
    expect(validate({ ...event, type: `${contract.type}-other` })).toBe(false);
    // Of another type: a later version of the same type may accept the earlier one's payload as it is.
    const other = EVENT_CATALOGUE.find((candidate) => candidate.type !== contract.type && candidate.payload !== contract.payload);
    if (other) {
      expect(validate({ ...event, data: other.example() })).toBe(false);
      expect(hubAccepts({ ...event, data: other.example() })).toBe(false);
    }
  });

  // The published schema must say what the hub checks. Every leaf of the example is broken in many
  // ways, and the hub and an independent validator must agree on each, except where the hub refuses
  // only for rules over several fields, which the schema documents under x-hub-rules.
  it.each(entries)('%s: the hub and the JSON Schema agree on every broken variant of the example', (_name, contract) => {
    const validate = schemaValidator(contract);
    const documented = crossFieldRules(eventSchema(contract));
    const outcomes = eventMutations(exampleEvent(contract) as Json).map((mutation) => {
      const issues = hubIssues(mutation.event);
      const onlyCrossField = issues.length > 0 && issues.every((rule) => documented.has(rule));
      return { ...mutation, hub: issues.length === 0, schema: validate(mutation.event), onlyCrossField };
    });
    expect(outcomes.length).toBeGreaterThan(50);
    const disagreements = outcomes
      .filter((outcome) => outcome.hub !== outcome.schema && !(outcome.schema && outcome.onlyCrossField))
      .map(
        (outcome) =>
          `${outcome.description} (hub ${outcome.hub ? 'accepts' : 'refuses'}, schema ${outcome.schema ? 'accepts' : 'refuses'})`,
      );
    expect(disagreements).toEqual([]);
  });

  // The official CloudEvents SDK is the outside judge of the envelope: every event the hub accepts,
  // the example and each accepted broken variant, must be a valid CloudEvents 1.0 event to it.
  it.each(entries)('%s: every variant the hub accepts is a valid CloudEvent to the official SDK', (_name, contract) => {
    const accepted = [
      { description: 'the example', event: exampleEvent(contract) as Json },
      ...eventMutations(exampleEvent(contract) as Json),
    ].filter((mutation) => hubAccepts(mutation.event));
    const problems = accepted.flatMap((mutation) => {
      const problem = cloudEventProblem(JSON.stringify(mutation.event));
      return problem ? [`${mutation.description}: ${problem}`] : [];
    });
    expect(accepted.length).toBeGreaterThan(1);
    expect(problems).toEqual([]);
  });
});
