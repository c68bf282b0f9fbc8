import { HubError } from './hub-error.js';

/** One broken rule: where (`data.holder.passportNo`), which rule (`matches`) and why. */
export interface ValidationIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/** Input that breaks the contract. Never retriable: the sender must fix it. */
export class ValidationFailedError extends HubError {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(
      'VALIDATION_FAILED',
      `The event breaks its contract: ${issues.map((i) => `${i.path} (${i.rule})`).join(', ')}. Fix these fields and send it again.`,
      {
        retriable: false,
      },
    );
  }
}
