import type pg from 'pg';
import { inBureauTransaction } from './bureau-transaction.js';
import type { DocumentType } from './document-type.js';
import { updateApplication } from './update-application.js';

/** How the bureau accepts an application (受理): complete, with documents owed by a due date (容缺), or on signed commitments (告知承诺). */
export type AcceptApplication =
  | { readonly acceptedOn: string; readonly mode: 'COMPLETE' }
  | { readonly acceptedOn: string; readonly mode: 'MISSING_DOCUMENTS'; readonly owed: readonly { docType: DocumentType; dueOn: string }[] }
  | {
      readonly acceptedOn: string;
      readonly mode: 'COMMITMENT';
      readonly commitments: readonly { docType: DocumentType; commitmentNo: string; signedOn: string; verifyBy: string }[];
    };

/** Accepts the application and records the documents it owes or the commitments signed in their place, in one transaction. */
export async function acceptApplication(pool: pg.Pool, applicationId: number, acceptance: AcceptApplication): Promise<void> {
  await inBureauTransaction(pool, async (client) => {
    if (acceptance.mode === 'MISSING_DOCUMENTS') {
      for (const { docType, dueOn } of acceptance.owed)
        await client.query('INSERT INTO fwp.document (application_id, doc_type, due_on) VALUES ($1, $2, $3)', [
          applicationId,
          docType,
          dueOn,
        ]);
    }
    if (acceptance.mode === 'COMMITMENT') {
      for (const c of acceptance.commitments)
        await client.query(
          `INSERT INTO fwp.document (application_id, doc_type, commitment_no, commitment_signed_on, verify_by) VALUES ($1, $2, $3, $4, $5)`,
          [applicationId, c.docType, c.commitmentNo, c.signedOn, c.verifyBy],
        );
    }
    await updateApplication(client, applicationId, `status = 'ACCEPTED', accepted_on = $2, acceptance_mode = $3`, [
      acceptance.acceptedOn,
      acceptance.mode,
    ]);
  });
}
