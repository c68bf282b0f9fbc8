import type { ValidationIssue } from '@hub/contracts';

/** The body of every error answer: a stable code, a message that says what to do, and each broken rule. */
export interface ErrorResponse {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly issues?: readonly ValidationIssue[];
    readonly correlationId?: string;
  };
}

export function errorResponse(code: string, message: string, issues?: readonly ValidationIssue[]): ErrorResponse {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}
