import { validateEvent } from '@hub/contracts';
import { signEvent, type SignEventOptions } from '@hub/identity';
import { contractEvent, type ContractEvent, type ContractEventSpec } from './contract-event.js';

/** A contract event as the agency signed it. */
export type SignedContractEvent<T extends string = string> = ContractEvent<T> & { readonly signature: string };

/**
 * An agency's signing identity: its id, and the key the hub has registered for it (alg, key id,
 * private key). It signs what the agency publishes (events, receipts) the one way the hub verifies:
 * `signature` = `<alg>:<keyId>:<base64url>` over the JCS form of the event without `signature` and
 * `subject` (see signEvent).
 */
export class AgencySigner {
  constructor(
    readonly agencyId: string,
    readonly key: SignEventOptions,
  ) {}

  /** A signed copy of `event` (anything signEvent takes: an event, a receipt). */
  sign<T extends object>(event: T): T & { signature: string } {
    return signEvent(event, this.key);
  }

  /**
   * The contract event `spec` states, built (see contractEvent), checked against its contract and
   * signed. Throws ValidationFailedError naming each field path and rule the contract refuses.
   */
  signedEvent<T extends string>(spec: ContractEventSpec<T>): SignedContractEvent<T> {
    const event = contractEvent(this.agencyId, spec);
    validateEvent(event);
    return this.sign(event);
  }
}
