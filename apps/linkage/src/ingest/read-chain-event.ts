import type { ReadEvent } from '@hub/agency-kit';
import { ValidationFailedError, validateEvent } from '@hub/contracts';
import type { ChainEvent } from '../chain/person-chain.types.js';

/**
 * Reads a delivered event for a person's chain: the whole event (the linkage service's projection
 * is every field) checked against its contract version in the catalogue, as the hub checked it
 * when it accepted it; the subject the hub set is required. `linkage.*` events (the service's own,
 * should a subscription ever bring them) are left alone.
 */
export function readChainEvent(json: unknown): ReadEvent<ChainEvent> {
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && type.startsWith('linkage.')) return { kind: 'ignored', type };
  try {
    const { envelope } = validateEvent(json);
    if (typeof envelope.subject !== 'string' || envelope.subject === '') {
      return { kind: 'invalid', issues: [{ path: 'subject', rule: 'isNotEmpty' }] };
    }
    // A plain copy: the validated envelope is a class instance, the chain stores JSON.
    return { kind: 'event', event: JSON.parse(JSON.stringify(envelope)) as ChainEvent };
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return { kind: 'invalid', issues: error.issues.map((issue) => ({ path: issue.path || '(event)', rule: issue.rule })) };
  }
}
