import { EVENT_CATALOGUE, type AgencyKind, type ValidationIssue } from '@hub/contracts';
import { PROVINCIAL_KINDS } from '../agencies/index.js';
import type { PolicyDocument, SubscribeGrant } from './policy-document.js';

const PUBLISHERS_BY_TYPE: ReadonlyMap<string, ReadonlySet<AgencyKind>> = (() => {
  const byType = new Map<string, Set<AgencyKind>>();
  for (const contract of EVENT_CATALOGUE) {
    const kinds = byType.get(contract.type) ?? new Set<AgencyKind>();
    for (const kind of contract.publishers) kinds.add(kind);
    byType.set(contract.type, kinds);
  }
  return byType;
})();

/** Every event type of the catalogue, in catalogue order. */
export const CATALOGUE_EVENT_TYPES: readonly string[] = [...PUBLISHERS_BY_TYPE.keys()];

/** The catalogue's types an entry of `eventTypes` names: itself, or every type of its domain for `domain.*`. */
export function expandEventType(entry: string): string[] {
  if (!entry.endsWith('.*')) return PUBLISHERS_BY_TYPE.has(entry) ? [entry] : [];
  const domain = entry.slice(0, -1);
  return CATALOGUE_EVENT_TYPES.filter((type) => type.startsWith(domain));
}

/**
 * What the DTO rules cannot see: every event type is in the catalogue (EVENT_CATALOGUE); a publish
 * grant names only kinds the type's contract lists as publishers; `own-province` only for
 * provincial kinds; no kind is granted the same type twice (its purpose would be ambiguous); and
 * every subscribing kind has exactly one projection. Issues carry paths under `prefix`.
 */
export function checkPolicy(policy: PolicyDocument, prefix = ''): ValidationIssue[] {
  const at = (path: string): string => (prefix ? `${prefix}.${path}` : path);
  const issues: ValidationIssue[] = [
    ...checkGrants(policy.publish, 'publish', at),
    ...checkGrants(policy.subscribe, 'subscribe', at),
    ...checkProjections(policy, at),
  ];
  policy.publish.forEach((grant, i) => {
    grant.agencyKinds.forEach((kind, k) => {
      const forbidden = grant.eventTypes.flatMap(expandEventType).filter((type) => !PUBLISHERS_BY_TYPE.get(type)?.has(kind));
      if (forbidden.length > 0) {
        issues.push({
          path: at(`publish[${i}].agencyKinds[${k}]`),
          rule: 'isContractPublisher',
          message: `${at(`publish[${i}].agencyKinds[${k}]`)}: ${kind} is not a publisher of ${forbidden.join(', ')} in the event contracts`,
        });
      }
      if (grant.regions === 'own-province' && !PROVINCIAL_KINDS.includes(kind)) {
        issues.push({
          path: at(`publish[${i}].regions`),
          rule: 'fitsAgencyKinds',
          message: `${at(`publish[${i}].regions`)}: own-province needs a provincial kind (${PROVINCIAL_KINDS.join(', ')}), but ${kind} is national`,
        });
      }
    });
  });
  return issues;
}

function checkGrants(grants: readonly SubscribeGrant[], list: 'publish' | 'subscribe', at: (path: string) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const grantedBy = new Map<string, number>();
  grants.forEach((grant, i) => {
    grant.eventTypes.forEach((entry, j) => {
      const path = at(`${list}[${i}].eventTypes[${j}]`);
      const types = expandEventType(entry);
      if (types.length === 0) {
        issues.push({ path, rule: 'knownEventType', message: `${path}: ${entry} is not an event type of the catalogue` });
      }
      for (const kind of grant.agencyKinds) {
        for (const type of types) {
          const earlier = grantedBy.get(`${kind} ${type}`);
          if (earlier !== undefined && earlier !== i) {
            issues.push({ path, rule: 'uniqueGrant', message: `${path}: ${kind} is already granted ${type} by ${list}[${earlier}]` });
          }
          grantedBy.set(`${kind} ${type}`, i);
        }
      }
    });
  });
  return issues;
}

function checkProjections(policy: PolicyDocument, at: (path: string) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const names = new Set<string>();
  const kinds = new Map<AgencyKind, string>();
  policy.projections.forEach((projection, i) => {
    if (names.has(projection.name)) {
      issues.push({ path: at(`projections[${i}].name`), rule: 'uniqueName', message: `projection ${projection.name} is defined twice` });
    }
    names.add(projection.name);
    issues.push(...checkExceptions(projection, i, at));
    projection.subscriberKinds.forEach((kind, k) => {
      const other = kinds.get(kind);
      if (other !== undefined) {
        const path = at(`projections[${i}].subscriberKinds[${k}]`);
        issues.push({ path, rule: 'uniqueSubscriberKind', message: `${path}: ${kind} already has projection ${other}` });
      }
      kinds.set(kind, projection.name);
    });
  });
  const subscribers = new Set(policy.subscribe.flatMap((grant) => grant.agencyKinds));
  const uncovered = [...subscribers].filter((kind) => !kinds.has(kind));
  if (uncovered.length > 0) {
    issues.push({
      path: at('projections'),
      rule: 'coversSubscribers',
      message: `${at('projections')}: no projection names subscriber kind ${uncovered.join(', ')}; each subscribing kind needs one`,
    });
  }
  return issues;
}

/** documentNumbers and rawIdentifiersIn loosen `rawIdentifiers: false`; with true they say nothing, so they are refused. */
function checkExceptions(projection: PolicyDocument['projections'][number], i: number, at: (path: string) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const only = (field: string): void => {
    const path = at(`projections[${i}].${field}`);
    issues.push({ path, rule: 'needsRawIdentifiersFalse', message: `${path} applies only with rawIdentifiers false; leave it out` });
  };
  if (projection.rawIdentifiers && projection.documentNumbers !== undefined) only('documentNumbers');
  if (projection.rawIdentifiers && projection.rawIdentifiersIn !== undefined) only('rawIdentifiersIn');
  (projection.rawIdentifiersIn ?? []).forEach((entry, j) => {
    const path = at(`projections[${i}].rawIdentifiersIn[${j}]`);
    if (expandEventType(entry).length === 0) {
      issues.push({ path, rule: 'knownEventType', message: `${path}: ${entry} is not an event type of the catalogue` });
    }
  });
  return issues;
}
