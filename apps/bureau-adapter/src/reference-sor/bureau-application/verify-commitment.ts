import type pg from 'pg';
import { inBureauTransaction } from './bureau-transaction.js';
import type { DocumentType } from './document-type.js';
import { updateApplication } from './update-application.js';

/** What the bureau's check of a signed commitment found (承诺核查). */
export interface CommitmentVerification {
  readonly docType: DocumentType;
  readonly verifiedOn: string;
  readonly result: 'FULFILLED' | 'UNTRUE';
  readonly note?: string;
}

/** Records the verification of the commitment that replaced a document, raising the application's version, in one transaction. */
export async function verifyCommitment(pool: pg.Pool, applicationId: number, verification: CommitmentVerification): Promise<void> {
  await inBureauTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      `UPDATE fwp.document SET verified_on = $3, verification_result = $4, verification_note = $5, version = version + 1, updated_at = now()
        WHERE application_id = $1 AND doc_type = $2 AND commitment_no IS NOT NULL`,
      [applicationId, verification.docType, verification.verifiedOn, verification.result, verification.note ?? null],
    );
    if (rowCount !== 1) throw new Error(`Application ${applicationId} has no commitment in place of ${verification.docType}.`);
    await updateApplication(client, applicationId);
  });
}
