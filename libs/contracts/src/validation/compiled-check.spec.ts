import { describe, expect, it } from '@jest/globals';
import { eventMutations, type Json } from '@hub/testing';
import { EVENT_CATALOGUE } from '../events/catalogue.js';
import type { EventContract } from '../events/event-contract.js';
import { exampleEvent } from '../events/example-event.js';
import { ValidationFailedError } from '../errors/validation-failed.error.js';
import { acceptedByCompiledChecks, validateEvent, validateEventWithClassValidator } from './validate-event.js';

const entries = EVENT_CATALOGUE.map((contract): [string, EventContract] => [`${contract.type} v${contract.version}`, contract]);

function classValidatorAccepts(event: unknown): boolean {
  try {
    validateEventWithClassValidator(event);
    return true;
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return false;
  }
}

type Path = (string | number)[];

/** Every leaf of `value` with its path. */
function leaves(value: Json, path: Path = []): [Path, Json][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, [...path, index]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [[path, value]];
}

function setAt(root: Json, path: Path, replacement: Json): Json {
  const copy = structuredClone(root);
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1] as string | number] = replacement;
  return copy;
}

/**
 * Breakages the generic mutations do not reach: each string leaf given every other string of the
 * event and of the other examples (dates out of order for the rules over several fields, codes of
 * other lists, ids in the wrong places), edge dates, and arrays with odd items.
 */
function crossMutations(event: Json, others: readonly Json[]): { description: string; event: Json }[] {
  const strings = new Set<string>(['1900-01-01', '2999-12-31', '2024-02-29', '2023-02-29', '2026-03-01T09:30:00+08:00']);
  for (const [, value] of leaves(event)) if (typeof value === 'string') strings.add(value);
  // Of the other examples, their short strings (dates, codes, numbers), which is where a value fits one field and not another.
  for (const source of others)
    for (const [, value] of leaves(source)) if (typeof value === 'string' && value.length <= 12) strings.add(value);
  const found: { description: string; event: Json }[] = [];
  for (const [path, value] of leaves(event)) {
    if (typeof value !== 'string') continue;
    for (const other of strings)
      if (other !== value) found.push({ description: `${path.join('.')}: ${other}`, event: setAt(event, path, other) });
  }
  const arrays = (node: Json, path: Path): void => {
    if (Array.isArray(node)) {
      const first = node[0] ?? null;
      const odd: [string, Json][] = [
        ['a repeated item', [...node, first]],
        ['a null item', [...node, null]],
        ['a nested array', [...node, [first]]],
        ['a number item', [...node, 1]],
      ];
      for (const [what, items] of odd) found.push({ description: `${path.join('.')}: ${what}`, event: setAt(event, path, items) });
      node.forEach((item, index) => arrays(item, [...path, index]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) arrays(item, [...path, key]);
    }
  };
  arrays(event, []);
  return found;
}

// The compiled checks decide valid or invalid on the hot path; class-validator stays the source of
// truth. For every event type, the examples and thousands of broken variants must get the same
// verdict from both, and an accepted event must come out the same.
describe('compiled contract checks', () => {
  const examples = EVENT_CATALOGUE.map((contract) => exampleEvent(contract) as Json);

  it.each(entries)('%s: agree with class-validator on the example and every broken variant', (_name, contract) => {
    const example = exampleEvent(contract) as Json;
    const variants = [
      { description: 'the example', event: example },
      ...eventMutations(example),
      ...crossMutations(
        example,
        examples.filter((other) => other !== example),
      ),
    ];
    const disagreements = variants
      .map((variant) => ({
        ...variant,
        compiled: acceptedByCompiledChecks(variant.event) !== undefined,
        cv: classValidatorAccepts(variant.event),
      }))
      .filter((outcome) => outcome.compiled !== outcome.cv)
      .map(
        (outcome) =>
          `${outcome.description} (compiled ${outcome.compiled ? 'accepts' : 'refuses'}, class-validator ${outcome.cv ? 'accepts' : 'refuses'})`,
      );
    expect(variants.length).toBeGreaterThan(500);
    expect(disagreements).toEqual([]);
  });

  it.each(entries)('%s: an accepted event comes out as class-validator gives it', (_name, contract) => {
    const example = exampleEvent(contract);
    const compiled = acceptedByCompiledChecks(example);
    const reference = validateEventWithClassValidator(example);
    expect(compiled?.contract).toBe(reference.contract);
    expect(compiled?.envelope).toEqual(reference.envelope);
    expect(Object.getPrototypeOf(compiled?.envelope.data)).toBe(Object.getPrototypeOf(reference.envelope.data));
  });

  it('answers a refused event with class-validator issues, prefixed as before', () => {
    const event = { ...exampleEvent(EVENT_CATALOGUE[0]!), time: 'yesterday' };
    const issues = (prefix: string, validate: typeof validateEvent): unknown => {
      try {
        validate(event, prefix);
        return [];
      } catch (error) {
        return (error as ValidationFailedError).issues;
      }
    };
    expect(issues('events[2]', validateEvent)).toEqual(issues('events[2]', validateEventWithClassValidator));
    expect(issues('events[2]', validateEvent)).toEqual([expect.objectContaining({ path: 'events[2].time', rule: 'isRfc3339DateTime' })]);
  });
});
