import { HubError } from './hub-error.js';
import { messageZh } from './messages-zh.js';

/** One broken rule: where (`data.holder.passportNo`), which rule (`matches`) and why, in English and Chinese. */
export interface ValidationIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
  /** The same in Simplified Chinese; filled in by ValidationFailedError when left out. */
  readonly messageZh?: string;
}

/** Input that breaks the contract. Never retriable: the sender must fix it. */
export class ValidationFailedError extends HubError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(
      'VALIDATION_FAILED',
      `The event breaks its contract: ${issues.map((i) => `${i.path} (${i.rule})`).join(', ')}. Fix these fields and send it again.`,
      {
        retriable: false,
      },
    );
    this.issues = issues.map((issue) => ({ ...issue, messageZh: issue.messageZh ?? messageZh(issue.path, issue.rule) }));
  }
}
