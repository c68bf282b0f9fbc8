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

/** At most this many issues are kept and answered; `totalIssues` says how many there were. */
export const MAX_ISSUES = 100;

/** Input that breaks the contract. Never retriable: the sender must fix it. */
export class ValidationFailedError extends HubError {
  /** The first MAX_ISSUES issues. */
  readonly issues: readonly ValidationIssue[];
  /** How many issues were found (at least `issues.length`; more when the list was cut). */
  readonly totalIssues: number;

  constructor(issues: readonly ValidationIssue[], totalIssues = issues.length) {
    const kept = issues.slice(0, MAX_ISSUES);
    const total = Math.max(totalIssues, issues.length);
    const named = kept.slice(0, 20).map((i) => `${i.path} (${i.rule})`);
    const more = total > named.length ? ` and ${total - named.length} more` : '';
    super('VALIDATION_FAILED', `The event breaks its contract: ${named.join(', ')}${more}. Fix these fields and send it again.`, {
      retriable: false,
    });
    this.issues = kept.map((issue) => ({ ...issue, messageZh: issue.messageZh ?? messageZh(issue.path, issue.rule) }));
    this.totalIssues = total;
  }
}
