import type { ValidatedEvent } from '@hub/contracts';
import { EventSignatureError, verifyEventSignature } from '@hub/identity';
import type { Agency, AgencyRegistry } from '../../agencies/index.js';
import type { PolicyService } from '../../policy/index.js';
import { PublishRefusedError, type PublishRefusal } from '../events.errors.js';

/** A validated event with what it was validated from and where it sits in the request. */
export interface ReceivedEvent {
  readonly raw: unknown;
  readonly validated: ValidatedEvent;
  /** `events[3]` in a batch, empty for a single event. */
  readonly prefix: string;
}

/**
 * Deny by default: every event must name the authenticated agency, be allowed by the policy in
 * force for its type and region, and carry that agency's valid signature over what was sent.
 * Returns the purpose (legal basis) of each event's grant, in order; throws PublishRefusedError
 * listing every refused event otherwise.
 */
export async function authorizeEvents(
  agency: Agency,
  events: readonly ReceivedEvent[],
  policy: PolicyService,
  registry: AgencyRegistry,
): Promise<string[]> {
  const refusals: PublishRefusal[] = [];
  const purposes: string[] = [];
  const at = (prefix: string, field: string): string => (prefix ? `${prefix}.${field}` : field);
  for (const { raw, validated, prefix } of events) {
    const { envelope } = validated;
    if (envelope.agency !== agency.id) {
      refusals.push({
        path: at(prefix, 'agency'),
        rule: 'AGENCY_MISMATCH',
        message: `the event names agency ${envelope.agency}, but the request is authenticated as ${agency.id}; an agency publishes only its own events`,
      });
      continue;
    }
    const decision = policy.mayPublish(agency, envelope.type, envelope.region);
    if (!decision.allowed) {
      refusals.push({ path: at(prefix, 'type'), rule: 'PUBLISH_DENIED', message: decision.reason });
      continue;
    }
    try {
      await verifyEventSignature(raw as Record<string, unknown>, (keyId) => registry.signingKey(keyId));
      purposes.push(decision.purpose);
    } catch (error) {
      if (!(error instanceof EventSignatureError)) throw error;
      refusals.push({ path: at(prefix, 'signature'), rule: error.code, message: error.message });
    }
  }
  if (refusals.length > 0) throw new PublishRefusedError(agency.id, refusals);
  return purposes;
}
