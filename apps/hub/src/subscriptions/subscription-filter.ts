import type { AttributeCondition, SubscriptionFilters } from './subscription.js';

/** What a filter looks at: the envelope's attributes and its data. */
export interface FilterableEvent {
  readonly region: string;
  readonly data: unknown;
  readonly [attribute: string]: unknown;
}

/** Whether `event` passes every filter of a subscription. */
export function matchesFilters(filters: SubscriptionFilters, event: FilterableEvent): boolean {
  if (filters.regions?.length && !filters.regions.some((code) => regionWithin(event.region, code))) return false;
  if (filters.permitClasses?.length && !filters.permitClasses.includes(String(valueAt(event, 'data.permitClass')))) return false;
  if (filters.visaCategories?.length && !filters.visaCategories.includes(String(visaCategoryOf(event)))) return false;
  return (filters.attributes ?? []).every((condition) => holds(condition, valueAt(event, condition.path)));
}

/** The visa category an event names: `data.visaCategory` (work-permit notices), or `data.category` of visa events. */
function visaCategoryOf(event: FilterableEvent): unknown {
  return valueAt(event, 'data.visaCategory') ?? (String(event['type']).startsWith('visa.') ? valueAt(event, 'data.category') : undefined);
}

/** Whether `region` is `code` or lies within it (a province `310000` or prefecture `310100` code). */
export function regionWithin(region: string, code: string): boolean {
  if (code.endsWith('0000')) return region.slice(0, 2) === code.slice(0, 2);
  if (code.endsWith('00')) return region.slice(0, 4) === code.slice(0, 4);
  return region === code;
}

function holds(condition: AttributeCondition, value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  const text = String(value);
  switch (condition.op) {
    case 'equals':
      return text === condition.value;
    case 'in':
      return Array.isArray(condition.value) && condition.value.includes(text);
    case 'prefix':
      return typeof condition.value === 'string' && text.startsWith(condition.value);
  }
}

/** The value at a dotted path (`data.employer.creditCode`), or undefined. */
export function valueAt(source: unknown, path: string): unknown {
  let node = source;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
