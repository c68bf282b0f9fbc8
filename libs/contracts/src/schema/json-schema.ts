import { getMetadataStorage } from 'class-validator';
import type { CodeList } from '../code-lists/code-list.js';
import { EventEnvelope } from '../envelope/event-envelope.js';
import type { EventContract } from '../events/event-contract.js';
import { nestedTypeOf } from '../validation/nested.js';
import { codeListByName } from '../validation/rules.js';
import { annotationsOf, type SchemaFragment } from './annotations.js';

/** A JSON Schema (draft 2020-12) node. */
export type JsonSchema = Record<string, unknown>;

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

type Constructor = new () => object;
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** The URI naming the JSON Schema of one contract version (also the events' `dataschema`). */
export function schemaId(type: string, version: number): string {
  return `urn:hub:contract:${type}:v${version}`;
}

/**
 * The JSON Schema of a whole event of one type and version: the envelope with `type` and
 * `contractversion` fixed and `data` the contract's payload. Derived from the class-validator
 * metadata of the contract classes; a rule with no JSON Schema meaning fails generation, so the
 * published schema never silently says less than the hub checks (rules over several fields, which
 * JSON Schema cannot express, are listed under `x-hub-rules`).
 */
export function eventSchema(contract: EventContract): JsonSchema {
  const defs = new Definitions();
  const envelope = objectSchema(EventEnvelope, defs);
  const properties = envelope['properties'] as Record<string, JsonSchema>;
  properties['type'] = { ...properties['type'], const: contract.type };
  properties['contractversion'] = { ...withoutKeys(properties['contractversion'], ['minimum']), const: contract.version };
  properties['data'] = { ...withoutKeys(properties['data'], ['type']), $ref: defs.refTo(contract.payload) };
  // With no person in data to derive it from, the publisher names the subject itself.
  if (!contract.identify) envelope['required'] = [...(envelope['required'] as string[]), 'subject'];
  envelope['x-hub-rules'] = [...((envelope['x-hub-rules'] as JsonSchema[] | undefined) ?? []), SOURCE_MATCHES_AGENCY];
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: schemaId(contract.type, contract.version),
    title: `${contract.type} v${contract.version}`,
    description: contract.description.en,
    'x-description-zh': contract.description.zh,
    'x-title-zh': contract.title.zh,
    'x-hub-topic': contract.topic,
    'x-hub-publishers': [...contract.publishers],
    ...envelope,
    $defs: defs.toObject(),
  };
}

/** The envelope rule that validateEvent checks beside the class rules. */
const SOURCE_MATCHES_AGENCY: JsonSchema = {
  property: 'source',
  rule: 'matchesAgency',
  description: 'source must be urn:hub:agency:<agency>, naming the same agency as the agency attribute',
  'x-description-zh': 'source 必须为 urn:hub:agency:<agency>，与 agency 属性为同一机构',
};

/** Collects the `$defs` of one schema document: one entry per contract class and per code list. */
class Definitions {
  private readonly byName = new Map<string, JsonSchema>();
  private readonly classes = new Map<string, Constructor>();

  refTo(type: Constructor): string {
    const name = type.name;
    const known = this.classes.get(name);
    if (known && known !== type) throw new Error(`Two contract classes are named ${name}; give one another name`);
    if (!known) {
      this.classes.set(name, type);
      this.byName.set(name, {});
      this.byName.set(name, objectSchema(type, this));
    }
    return `#/$defs/${name}`;
  }

  addCodeList(name: string, list: CodeList): void {
    if (this.byName.has(name)) return;
    this.byName.set(name, {
      type: 'string',
      enum: list.entries.map((entry) => entry.code),
      description: `${list.name} code list v${list.version} (${list.source})`,
      'x-hub-code-list': { name: list.name, version: list.version, source: list.source },
    });
  }

  toObject(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.byName.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** The object schema of a contract class. */
function objectSchema(type: Constructor, defs: Definitions): JsonSchema {
  if (Object.getPrototypeOf(type) !== Function.prototype) {
    throw new Error(`Contract class ${type.name} extends another class; contract classes stand alone`);
  }
  const notes = annotationsOf(type);
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const item of metadata) byProperty.set(item.propertyName, [...(byProperty.get(item.propertyName) ?? []), item]);

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [property, rules] of byProperty) {
    const where = `${type.name}.${property}`;
    const own = new Node(where);
    const items = new Node(`${where}[]`);
    let optional = false;
    for (const item of rules) {
      if (item.type === 'conditionalValidation') {
        if (!notes.optional.has(property))
          throw new Error(`${where}: use Optional() from the contracts' rules, not IsOptional or ValidateIf`);
        optional = true;
        continue;
      }
      const target = item.each ? items : own;
      if (item.type === 'nestedValidation') {
        const nested = nestedTypeOf(type, property);
        if (!nested) throw new Error(`${where}: nested objects must be declared with @Nested`);
        (item.each ? items : own).add({ $ref: defs.refTo(nested) });
        if (item.each) own.add({ type: 'array' });
        continue;
      }
      if (item.type === 'isDefined' || item.type === 'whitelistValidation') continue;
      const name = item.name ?? item.type;
      const fragment = notes.fragments.get(property)?.get(name);
      if (fragment) {
        target.add(resolveCodeList(fragment, defs));
        continue;
      }
      target.add(
        builtIn(
          name,
          item.constraints as unknown[] | undefined,
          where,
          notes.crossFieldRules.some((r) => r.property === property && r.rule === name),
        ),
      );
    }
    const schema = own.toSchema();
    if (!items.isEmpty()) schema['items'] = items.toSchema();
    const doc = notes.fieldDocs.get(property);
    if (doc) Object.assign(schema, { description: doc.en, 'x-description-zh': doc.zh });
    properties[property] = schema;
    if (!optional) required.push(property);
  }

  const schema: JsonSchema = { type: 'object' };
  if (notes.doc) Object.assign(schema, { description: notes.doc.en, 'x-description-zh': notes.doc.zh });
  Object.assign(schema, { properties, required, additionalProperties: false });
  if (notes.crossFieldRules.length > 0) {
    schema['x-hub-rules'] = notes.crossFieldRules.map((rule) => ({
      property: rule.property,
      rule: rule.rule,
      description: rule.description.en,
      'x-description-zh': rule.description.zh,
    }));
  }
  return schema;
}

/** The fragment of a class-validator built-in rule. */
function builtIn(name: string, constraints: unknown[] | undefined, where: string, crossField: boolean): SchemaFragment {
  const first = constraints?.[0];
  switch (name) {
    case 'isString':
      return { type: 'string' };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'maxLength':
      return { type: 'string', maxLength: first };
    case 'minLength':
      return { type: 'string', minLength: first };
    case 'matches': {
      if (!(first instanceof RegExp) || first.flags.replace('u', '') !== '') {
        throw new Error(`${where}: Matches needs a regular expression without flags`);
      }
      return { type: 'string', pattern: first.source };
    }
    case 'isIn':
      return { enum: [...(first as unknown[])] };
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'min':
      return { minimum: first };
    case 'max':
      return { maximum: first };
    case 'isUuid':
      return { type: 'string', format: 'uuid', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' };
    case 'isObject':
      return { type: 'object' };
    case 'isArray':
      return { type: 'array' };
    case 'arrayMinSize':
      return { type: 'array', minItems: first };
    case 'arrayMaxSize':
      return { type: 'array', maxItems: first };
    case 'arrayUnique':
      return { type: 'array', uniqueItems: true };
    default:
      if (crossField) return {};
      throw new Error(`${where}: rule ${name} has no JSON Schema mapping; use a contract rule from validation/rules.ts or fields.ts`);
  }
}

function resolveCodeList(fragment: SchemaFragment, defs: Definitions): SchemaFragment {
  const ref = fragment['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/code-list.')) return fragment;
  const name = fragment['x-hub-code-list'] as string;
  const list = codeListByName(name);
  if (!list) throw new Error(`Code list ${name} is not registered`);
  defs.addCodeList(ref.slice('#/$defs/'.length), list);
  return { $ref: ref };
}

/** One property's schema, built from its rules' fragments; conflicting fragments fail generation. */
class Node {
  private readonly schema: JsonSchema = {};

  constructor(private readonly where: string) {}

  add(fragment: SchemaFragment): void {
    for (const [key, value] of Object.entries(fragment)) {
      const existing = this.schema[key];
      if (existing === undefined || JSON.stringify(existing) === JSON.stringify(value)) this.schema[key] = value;
      else if (key === 'pattern')
        this.schema['allOf'] = [...((this.schema['allOf'] as JsonSchema[] | undefined) ?? []), { pattern: value }];
      else throw new Error(`${this.where}: rules disagree on ${key} (${JSON.stringify(existing)} vs ${JSON.stringify(value)})`);
    }
  }

  isEmpty(): boolean {
    return Object.keys(this.schema).length === 0;
  }

  toSchema(): JsonSchema {
    return { ...this.schema };
  }
}

function withoutKeys(schema: JsonSchema | undefined, keys: string[]): JsonSchema {
  return Object.fromEntries(Object.entries(schema ?? {}).filter(([key]) => !keys.includes(key)));
}
