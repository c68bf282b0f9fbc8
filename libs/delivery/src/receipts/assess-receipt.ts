import type { ExpectedReceipt, ReceiptVerifier } from '../delivery-ports.js';
import { isReceiptProblem, RECEIPT_PROBLEMS, receiptMismatch, type ReceiptProblem, type WebhookReceipt } from './webhook-receipt.js';

/** A receipt that passed every check, with the key that signed it. */
export interface AcceptedReceipt {
  readonly receipt: WebhookReceipt;
  readonly keyId: string;
  readonly alg: string;
}

/**
 * Checks that a receipt (as read by readReceipt or receiptFromResponse) names this delivery, event
 * and agency, and has its signature verified. Never throws: whatever is wrong comes back as a problem.
 */
export async function assessReceipt(
  receipt: WebhookReceipt | ReceiptProblem,
  expected: ExpectedReceipt,
  verify: ReceiptVerifier | undefined,
): Promise<AcceptedReceipt | ReceiptProblem> {
  if (isReceiptProblem(receipt)) return receipt;
  const mismatch = receiptMismatch(receipt, expected);
  if (mismatch) return mismatch;
  if (!verify) return { code: RECEIPT_PROBLEMS.unverifiable, message: 'no receipt verifier is configured, so receipts cannot be checked' };
  try {
    const verdict = await verify(receipt, expected);
    if (!verdict.valid) return { code: verdict.code, message: verdict.message };
    return { receipt, keyId: verdict.keyId, alg: verdict.alg };
  } catch (error) {
    return { code: RECEIPT_PROBLEMS.unverifiable, message: `the receipt could not be verified: ${String(error)}` };
  }
}

export function describeProblem(problem: ReceiptProblem): string {
  return `${problem.code}: ${problem.message}`.slice(0, 1000);
}
