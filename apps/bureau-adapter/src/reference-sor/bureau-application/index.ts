/**
 * The reference bureau's own application: ordinary business transactions on its system of record,
 * written as a bureau's application would be (plain SQL, its own version bumps). The adapter knows
 * nothing of this code and needs no change in it: it captures what the transactions commit.
 */
export { issuePermit, type IssuePermit } from './issue-permit.js';
export { changeEmployer } from './change-employer.js';
export { cancelPermit, revokePermit } from './end-permit.js';
export { inBureauTransaction } from './bureau-transaction.js';
export type { EmployerInput, HolderInput } from './bureau-parties.js';
export { submitApplication, type SubmitApplication } from './submit-application.js';
export { acceptApplication, type AcceptApplication } from './accept-application.js';
export { supplyDocuments, type ReceivedDocument } from './supply-documents.js';
export { verifyCommitment, type CommitmentVerification } from './verify-commitment.js';
export type { DocumentType } from './document-type.js';
