import type { ValidatedEvent } from '@hub/contracts';
import { canonicalForms, EventSignatureError, verifyEventSignature, type CanonicalForms, type VerifyEventOptions } from '@hub/identity';
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

/** What authorization adds to an event: the purpose of its grant and, once its signature was checked, its canonical text. */
export interface AuthorizedEvent {
  readonly purpose: string;
  /** RFC 8785 text of the event as received (see canonicalForms), from the signature check, for the content hash. */
  readonly canonical: string | undefined;
}

type Outcome = AuthorizedEvent | { readonly refusal: PublishRefusal };

/**
 * Deny by default: every event must name the authenticated agency, be allowed by the policy in
 * force for its type and region, and carry that agency's valid signature over what was sent.
 * Returns each event's grant purpose and canonical text, in order; throws PublishRefusedError
 * listing every refused event otherwise. The signatures of all events are checked together, by
 * `verify` when given (a worker pool), so a large request does not hold the event loop.
 */
export async function authorizeEvents(
  agency: Agency,
  events: readonly ReceivedEvent[],
  policy: PolicyService,
  registry: AgencyRegistry,
  verify?: VerifyEventOptions['verify'],
): Promise<AuthorizedEvent[]> {
  const at = (prefix: string, field: string): string => (prefix ? `${prefix}.${field}` : field);
  const outcomes = await Promise.all(
    events.map(async ({ raw, validated, prefix }): Promise<Outcome> => {
      const { envelope } = validated;
      if (envelope.agency !== agency.id) {
        return {
          refusal: {
            path: at(prefix, 'agency'),
            rule: 'AGENCY_MISMATCH',
            message: `the event names agency ${envelope.agency}, but the request is authenticated as ${agency.id}; an agency publishes only its own events`,
          },
        };
      }
      const decision = policy.mayPublish(agency, envelope.type, envelope.region);
      if (!decision.allowed) return { refusal: { path: at(prefix, 'type'), rule: 'PUBLISH_DENIED', message: decision.reason } };
      // One canonicalization serves the signature and, later, the content hash.
      let forms: CanonicalForms | undefined;
      const signingInput = (event: object): Uint8Array => (forms ??= canonicalForms(event)).signed;
      try {
        await verifyEventSignature(raw as Record<string, unknown>, (keyId) => registry.signingKey(keyId), { signingInput, verify });
        return { purpose: decision.purpose, canonical: forms?.whole };
      } catch (error) {
        if (!(error instanceof EventSignatureError)) throw error;
        return { refusal: { path: at(prefix, 'signature'), rule: error.code, message: error.message } };
      }
    }),
  );
  const refusals = outcomes.flatMap((outcome) => ('refusal' in outcome ? [outcome.refusal] : []));
  if (refusals.length > 0) throw new PublishRefusedError(agency.id, refusals);
  return outcomes as AuthorizedEvent[];
}
