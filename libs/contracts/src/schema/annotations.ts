/**
 * Documentation and JSON Schema facts that class-validator's metadata does not carry: bilingual
 * descriptions of classes and fields, and the schema fragment each of the hub's own rules stands for.
 * The JSON Schema generator reads them next to class-validator's metadata.
 */

/** A description in English and Simplified Chinese. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/** A JSON Schema fragment (draft 2020-12) that one rule contributes to a property. */
export type SchemaFragment = Readonly<Record<string, unknown>>;

interface ClassAnnotations {
  doc?: Bilingual;
  readonly fieldDocs: Map<string, Bilingual>;
  /** Fragments by property and rule name. */
  readonly fragments: Map<string, Map<string, SchemaFragment>>;
  /** Rules that involve several fields and that JSON Schema cannot express, documented on the object. */
  readonly crossFieldRules: { property: string; rule: string; description: Bilingual }[];
  /** Properties made optional with `Optional()` (absent, never null). */
  readonly optional: Set<string>;
}

const annotations = new WeakMap<object, ClassAnnotations>();

function of(target: object): ClassAnnotations {
  let found = annotations.get(target);
  if (!found) {
    found = { fieldDocs: new Map(), fragments: new Map(), crossFieldRules: [], optional: new Set() };
    annotations.set(target, found);
  }
  return found;
}

/** The annotations of a contract class (empty when it has none). */
export function annotationsOf(type: object): Readonly<ClassAnnotations> {
  return of(type);
}

/** Describes a contract class or one of its fields, in English and Chinese. */
export function Doc(en: string, zh: string): ClassDecorator & PropertyDecorator {
  return (target: object, property?: string | symbol) => {
    if (property === undefined) of(target).doc = { en, zh };
    else of(target.constructor).fieldDocs.set(String(property), { en, zh });
  };
}

/** Records the JSON Schema fragment that `rule` stands for on `property` of `target`'s class. */
export function addSchemaFragment(target: object, property: string, rule: string, fragment: SchemaFragment): void {
  const byProperty = of(target.constructor).fragments;
  const byRule = byProperty.get(property) ?? new Map<string, SchemaFragment>();
  byRule.set(rule, fragment);
  byProperty.set(property, byRule);
}

/** Records a rule over several fields on `property` of `target`'s class. */
export function addCrossFieldRule(target: object, property: string, rule: string, description: Bilingual): void {
  of(target.constructor).crossFieldRules.push({ property, rule, description });
}

/** Marks `property` of `target`'s class as optional. */
export function markOptional(target: object, property: string): void {
  of(target.constructor).optional.add(property);
}
