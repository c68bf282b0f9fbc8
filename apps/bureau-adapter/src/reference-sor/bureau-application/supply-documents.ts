import type pg from 'pg';
import { inBureauTransaction } from './bureau-transaction.js';
import type { DocumentType } from './document-type.js';
import { updateApplication } from './update-application.js';

/** A document the bureau received for an application. */
export interface ReceivedDocument {
  readonly docType: DocumentType;
  readonly fileName: string;
  readonly sha256: string;
  /** When it was received (RFC 3339). */
  readonly receivedAt: string;
}

/** Records documents received for an application (those it owed, or others), raising the application's version, in one transaction. */
export async function supplyDocuments(pool: pg.Pool, applicationId: number, documents: readonly ReceivedDocument[]): Promise<void> {
  await inBureauTransaction(pool, async (client) => {
    for (const d of documents) {
      await client.query(
        `INSERT INTO fwp.document (application_id, doc_type, file_name, sha256, received_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (application_id, doc_type) DO UPDATE
           SET file_name = EXCLUDED.file_name, sha256 = EXCLUDED.sha256, received_at = EXCLUDED.received_at,
               version = fwp.document.version + 1, updated_at = now()`,
        [applicationId, d.docType, d.fileName, d.sha256, d.receivedAt],
      );
    }
    await updateApplication(client, applicationId);
  });
}
