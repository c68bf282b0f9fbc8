import { provinceOf, type AgencyKind } from '@hub/contracts';
import type { AgencyIdentity } from '../agencies/index.js';
import { expandEventType } from './check-policy.js';
import type { PolicyDocument, Projection, PublishGrant, SubscribeGrant } from './policy-document.js';

export type PublishDecision = { readonly allowed: true; readonly purpose: string } | { readonly allowed: false; readonly reason: string };
export type SubscribeDecision =
  { readonly allowed: true; readonly purpose: string; readonly projection: string } | { readonly allowed: false; readonly reason: string };

/** A checked policy document, indexed for decisions: one map look-up per question. Deny unless a grant says otherwise. */
export class CompiledPolicy {
  private readonly publishGrants = new Map<string, PublishGrant>();
  private readonly subscribeGrants = new Map<string, SubscribeGrant>();
  private readonly projections = new Map<AgencyKind, Projection>();

  /** `policy` must have passed validation and checkPolicy. */
  constructor(readonly policy: PolicyDocument) {
    index(policy.publish, this.publishGrants);
    index(policy.subscribe, this.subscribeGrants);
    for (const projection of policy.projections) for (const kind of projection.subscriberKinds) this.projections.set(kind, projection);
  }

  get version(): number {
    return this.policy.version;
  }

  /** Whether `agency` may publish an event of `eventType` about `region` (a six-digit GB/T 2260 code). */
  mayPublish(agency: AgencyIdentity, eventType: string, region: string): PublishDecision {
    if (agency.status !== 'active') return deny(`agency ${agency.id} is ${agency.status}`);
    const grant = this.publishGrants.get(`${agency.kind} ${eventType}`);
    if (!grant) return deny(`policy v${this.version} does not let ${agency.kind} agencies publish ${eventType} (deny by default)`);
    if (grant.regions === 'own-province') {
      const province = provinceOf(region);
      if (!province) return deny(`region ${region} is not a GB/T 2260 region code`);
      if (agency.region === null || province !== agency.region) {
        return deny(`${agency.id} may publish ${eventType} only for its own province ${agency.region ?? '(none)'}, not for ${region}`);
      }
    }
    return { allowed: true, purpose: grant.purpose };
  }

  /** What subscribers of `kind` receive of each event, or undefined when the kind receives nothing. */
  projectionFor(kind: AgencyKind): Projection | undefined {
    return this.projections.get(kind);
  }

  /** Whether `agency` may receive events of `eventType`, under which purpose, and through which projection. */
  maySubscribe(agency: AgencyIdentity, eventType: string): SubscribeDecision {
    if (agency.status !== 'active') return deny(`agency ${agency.id} is ${agency.status}`);
    const grant = this.subscribeGrants.get(`${agency.kind} ${eventType}`);
    const projection = this.projections.get(agency.kind);
    if (!grant || !projection)
      return deny(`policy v${this.version} does not let ${agency.kind} agencies receive ${eventType} (deny by default)`);
    return { allowed: true, purpose: grant.purpose, projection: projection.name };
  }
}

function index<G extends SubscribeGrant>(grants: readonly G[], into: Map<string, G>): void {
  for (const grant of grants) {
    for (const type of grant.eventTypes.flatMap(expandEventType)) for (const kind of grant.agencyKinds) into.set(`${kind} ${type}`, grant);
  }
}

function deny(reason: string): { allowed: false; reason: string } {
  return { allowed: false, reason };
}
