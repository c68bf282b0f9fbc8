import { HubError } from '@hub/contracts';

/** One broken rule of a request: the parameter, the rule and what to send instead, in English and Chinese. */
export interface ReportIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: { readonly en: string; readonly zh: string };
}

/** A report asked for with parameters that break their rules; answered 400 with every issue. */
export class ReportQueryInvalidError extends HubError {
  constructor(readonly issues: readonly ReportIssue[]) {
    super(
      'REPORT_QUERY_INVALID',
      `The report query is invalid: ${issues.map((issue) => `${issue.path} (${issue.rule})`).join(', ')}. Fix these parameters and ask again.`,
      { retriable: false },
    );
  }
}
