import { createHash } from 'node:crypto';
import { canonicalJson } from '@hub/contracts';
import { AdminInputInvalidError, validateInput } from '../kernel/index.js';
import { checkPolicy } from './check-policy.js';
import { CompiledPolicy } from './compiled-policy.js';
import { PolicyDocument } from './policy-document.js';

/**
 * Reads a policy document strictly: the DTO rules (unknown fields refused) and then checkPolicy
 * against the event catalogue. Throws AdminInputInvalidError listing every issue under `prefix`.
 */
export function readPolicy(raw: unknown, prefix = ''): CompiledPolicy {
  const policy = validateInput(PolicyDocument, raw, prefix);
  const issues = checkPolicy(policy, prefix);
  if (issues.length > 0) throw new AdminInputInvalidError(issues);
  return new CompiledPolicy(policy);
}

/** SHA-256 of the document's canonical JSON: the same for the file, the PUT body and the stored jsonb. */
export function policySha256(raw: unknown): string {
  return createHash('sha256').update(canonicalJson(raw)).digest('hex');
}

/** One line per issue, for errors at start-up. */
export function describeIssues(error: unknown): string {
  return error instanceof AdminInputInvalidError
    ? error.issues.map((issue) => `  ${issue.path || '(document)'}: ${issue.message}`).join('\n')
    : String(error);
}
