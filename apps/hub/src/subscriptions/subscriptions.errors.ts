import { HubError, type ValidationIssue } from '@hub/contracts';

/** A subscription the policy does not allow, or that asks for more than the agency may see; answered 403 with each reason. */
export class SubscriptionRefusedError extends HubError {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(
      'SUBSCRIPTION_REFUSED',
      `The subscription is outside the sharing policy: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}.`,
      { retriable: false },
    );
  }
}
