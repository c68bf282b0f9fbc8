import type { ValidationIssue } from '@hub/contracts';
import { RAW_IDENTIFIER_FIELDS } from '@hub/identity';
import { DOCUMENT_NUMBER_FIELDS, type ProjectionRule } from '../project-event.js';
import type { SubscribedType, SubscriptionFilters } from '../subscription.js';

/** Envelope attributes a filter may use whatever the projection. */
const ENVELOPE_ATTRIBUTES = new Set(['region', 'type', 'agency', 'contractversion']);

/**
 * What each filter looks at, as matchesFilters reads it: `permitClasses` the data's `permitClass`;
 * `visaCategories` its `visaCategory`, and for visa events also `category`; `attributes` each
 * condition's path. A filter on a field the agency never receives would tell it that field's value
 * (a tax authority filtering on talent class learns each subject's class), so every one must lie
 * inside the agency's projection.
 */
export function filterIssues(
  filters: SubscriptionFilters | undefined,
  projection: ProjectionRule,
  eventTypes: readonly SubscribedType[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const refuse = (path: string, field: string): void =>
    void issues.push({
      path,
      rule: 'projection',
      message: `${path} filters on ${field}, which is not among the fields this agency receives (projection ${projection.name}); filter only on fields you receive`,
    });
  if (filters?.permitClasses?.length && !filterable('data.permitClass', projection)) refuse('filters.permitClasses', 'data.permitClass');
  if (filters?.visaCategories?.length) {
    const read = ['data.visaCategory', ...(eventTypes.some((t) => t.type.startsWith('visa.')) ? ['data.category'] : [])];
    const hidden = read.filter((field) => !filterable(field, projection));
    if (hidden.length > 0) refuse('filters.visaCategories', hidden.join(' and '));
  }
  (filters?.attributes ?? []).forEach((condition, i) => {
    if (!filterable(condition.path, projection)) refuse(`filters.attributes[${i}].path`, condition.path);
  });
  return issues;
}

/** Whether a filter may look at `path`: envelope attributes always, data fields only inside the projection. */
export function filterable(path: string, projection: ProjectionRule): boolean {
  if (ENVELOPE_ATTRIBUTES.has(path)) return true;
  const field = path.replace(/^data\./, '');
  if (!projection.rawIdentifiers) {
    const raw = RAW_IDENTIFIER_FIELDS.some((protectedField) => protectedField.path === field);
    const documentNumber = DOCUMENT_NUMBER_FIELDS.has(field.split('.').at(-1) ?? '') && projection.documentNumbers !== true;
    if (raw || documentNumber) return false;
  }
  return projection.fields.some(
    (allowed) => allowed === '*' || allowed === field || (allowed.endsWith('.*') && field.startsWith(allowed.slice(0, -1))),
  );
}
