import type { JsonSchema } from '../schema/json-schema.js';

/** Ways a new schema can refuse an event that the released one accepted. */
export type BreakingKind =
  | 'field-removed'
  | 'field-newly-required'
  | 'type-narrowed'
  | 'enum-narrowed'
  | 'const-changed'
  | 'format-changed'
  | 'pattern-changed'
  | 'constraint-tightened'
  | 'rule-added';

/** One incompatible difference, where (`data.holder.passportNo`) and what. */
export interface BreakingChange {
  readonly path: string;
  readonly kind: BreakingKind;
  readonly detail: string;
}

const MAX_DEPTH = 32;
const LOWER_BOUNDS = ['minLength', 'minimum', 'minItems', 'exclusiveMinimum'] as const;
const UPPER_BOUNDS = ['maxLength', 'maximum', 'maxItems', 'exclusiveMaximum'] as const;

/**
 * The changes that make `current` refuse events that `released` accepts: removed or renamed fields,
 * newly required fields, narrowed types and enums, changed formats and patterns, tightened bounds,
 * new rules over several fields. Widening (a new optional field, a new enum value, a looser bound)
 * is compatible. Both are schemas as eventSchema() writes them (local `$ref`s into `$defs`).
 */
export function breakingChanges(released: JsonSchema, current: JsonSchema): BreakingChange[] {
  const changes: BreakingChange[] = [];
  compare(resolve(released, released), resolve(current, current), '', released, current, changes, 0);
  return changes;
}

function compare(
  before: JsonSchema,
  after: JsonSchema,
  path: string,
  beforeRoot: JsonSchema,
  afterRoot: JsonSchema,
  changes: BreakingChange[],
  depth: number,
): void {
  // Contract classes do not nest themselves, but a hand-edited schema could; do not loop.
  if (depth > MAX_DEPTH) throw new Error(`Schemas nest deeper than ${MAX_DEPTH} levels at ${path}`);
  const at = path || '(event)';
  const report = (kind: BreakingKind, detail: string): void => void changes.push({ path: at, kind, detail });

  const typesBefore = types(before);
  const typesAfter = types(after);
  if (typesBefore && (!typesAfter || typesBefore.some((type) => !accepts(typesAfter, type)))) {
    if (typesAfter) report('type-narrowed', `type ${typesBefore.join('|')} became ${typesAfter.join('|')}`);
  } else if (!typesBefore && typesAfter) {
    report('type-narrowed', `any type became ${typesAfter.join('|')}`);
  }

  const enumBefore = before['enum'] as unknown[] | undefined;
  const enumAfter = after['enum'] as unknown[] | undefined;
  if (enumAfter) {
    const removed = enumBefore ? enumBefore.filter((value) => !enumAfter.some((other) => same(value, other))) : undefined;
    if (!removed) report('enum-narrowed', `now limited to ${enumAfter.length} values`);
    else if (removed.length > 0)
      report('enum-narrowed', `values no longer allowed: ${removed.map((value) => JSON.stringify(value)).join(', ')}`);
  }

  if ('const' in after && !('const' in before && same(before['const'], after['const']))) {
    report(
      'const-changed',
      `must now be ${JSON.stringify(after['const'])}${'const' in before ? ` (was ${JSON.stringify(before['const'])})` : ''}`,
    );
  }

  if (after['format'] !== undefined && after['format'] !== before['format']) {
    report('format-changed', `format ${JSON.stringify(before['format'] ?? null)} became ${JSON.stringify(after['format'])}`);
  }

  const patternsBefore = patterns(before);
  const added = patterns(after).filter((pattern) => !patternsBefore.includes(pattern));
  if (added.length > 0) report('pattern-changed', `must now match ${added.map((pattern) => `/${pattern}/`).join(' and ')}`);

  for (const bound of LOWER_BOUNDS) {
    const was = before[bound] as number | undefined;
    const now = after[bound] as number | undefined;
    if (now !== undefined && (was === undefined || now > was)) report('constraint-tightened', `${bound} ${was ?? '(none)'} became ${now}`);
  }
  for (const bound of UPPER_BOUNDS) {
    const was = before[bound] as number | undefined;
    const now = after[bound] as number | undefined;
    if (now !== undefined && (was === undefined || now < was)) report('constraint-tightened', `${bound} ${was ?? '(none)'} became ${now}`);
  }
  if (after['uniqueItems'] === true && before['uniqueItems'] !== true) report('constraint-tightened', 'items must now be unique');
  if (after['additionalProperties'] === false && before['additionalProperties'] !== false) {
    report('constraint-tightened', 'unknown fields are now refused');
  }

  const rulesBefore = ruleKeys(before);
  for (const rule of ruleKeys(after)) if (!rulesBefore.includes(rule)) report('rule-added', `new rule ${rule}`);

  const propertiesBefore = (before['properties'] ?? {}) as Record<string, JsonSchema>;
  const propertiesAfter = (after['properties'] ?? {}) as Record<string, JsonSchema>;
  const requiredBefore = (before['required'] ?? []) as string[];
  const requiredAfter = (after['required'] ?? []) as string[];
  const child = (name: string): string => (path ? `${path}.${name}` : name);
  for (const [name, schema] of Object.entries(propertiesBefore)) {
    const next = propertiesAfter[name];
    if (!next) {
      if (after['additionalProperties'] === false) {
        changes.push({
          path: child(name),
          kind: 'field-removed',
          detail: 'field removed or renamed; events that carry it are now refused',
        });
      }
      continue;
    }
    compare(resolve(schema, beforeRoot), resolve(next, afterRoot), child(name), beforeRoot, afterRoot, changes, depth + 1);
  }
  for (const name of requiredAfter) {
    if (requiredBefore.includes(name)) continue;
    changes.push({
      path: child(name),
      kind: 'field-newly-required',
      detail: propertiesBefore[name] ? 'optional field became required' : 'new required field',
    });
  }

  const itemsBefore = before['items'] as JsonSchema | undefined;
  const itemsAfter = after['items'] as JsonSchema | undefined;
  if (itemsAfter) {
    compare(resolve(itemsBefore ?? {}, beforeRoot), resolve(itemsAfter, afterRoot), `${path}[]`, beforeRoot, afterRoot, changes, depth + 1);
  }
}

/** The node with a local `$ref` replaced by its target (sibling keywords kept). */
function resolve(node: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  if (!ref.startsWith('#/')) throw new Error(`Only local references can be compared, not ${ref}`);
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (!target || typeof target !== 'object') throw new Error(`Unresolvable reference ${ref}`);
  const siblings = Object.fromEntries(Object.entries(node).filter(([keyword]) => keyword !== '$ref'));
  return resolve({ ...(target as JsonSchema), ...siblings }, root);
}

function types(node: JsonSchema): string[] | undefined {
  const type = node['type'];
  if (type === undefined) return undefined;
  return Array.isArray(type) ? (type as string[]) : [type as string];
}

function accepts(allowed: string[], type: string): boolean {
  return allowed.includes(type) || (type === 'integer' && allowed.includes('number'));
}

function patterns(node: JsonSchema): string[] {
  const own = typeof node['pattern'] === 'string' ? [node['pattern']] : [];
  const all = ((node['allOf'] as JsonSchema[] | undefined) ?? []).flatMap((part) =>
    typeof part['pattern'] === 'string' ? [part['pattern']] : [],
  );
  return [...own, ...all];
}

function ruleKeys(node: JsonSchema): string[] {
  return ((node['x-hub-rules'] as { property: string; rule: string }[] | undefined) ?? []).map((rule) => `${rule.property}:${rule.rule}`);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
