import type { ApplicationDocumentState, ApplicationRecord } from './application-record.js';

/**
 * The `data` of each event an ApplicationRecord stands for, field by field as the contracts name
 * them (contracts/schemas/work-permit.application-submitted …). Optional fields the record lacks
 * are left out; a required one it lacks stays missing, so the contract's validation names it.
 */

/** `work-permit.application-submitted` v2: the application as filed, with its path. */
export function submittedData(record: ApplicationRecord): object {
  return {
    applicationNo: record.applicationNo,
    holder: record.holder,
    employer: record.employer,
    position: record.position,
    requestedClass: record.requestedClass,
    submittedOn: record.submittedOn,
    inChina: record.inChina,
    path: record.path,
  };
}

/** `work-permit.application-accepted` v1: the day and mode, with the documents owed (and due dates) or the commitments signed. */
export function acceptedData(record: ApplicationRecord, acceptance: NonNullable<ApplicationRecord['acceptance']>): object {
  const owed = record.documents.filter((d) => d.dueOn !== undefined);
  const committed = record.documents.flatMap((d) => (d.commitment ? [{ kind: d.kind, ...d.commitment }] : []));
  return {
    applicationNo: record.applicationNo,
    holder: record.holder,
    acceptedOn: acceptance.acceptedOn,
    mode: acceptance.mode,
    ...(acceptance.mode === 'missing-documents' ? { missingDocuments: owed.map((d) => ({ kind: d.kind, dueDate: d.dueOn })) } : {}),
    ...(acceptance.mode === 'commitment' ? { commitments: committed } : {}),
  };
}

/** `work-permit.documents-supplied` v1: documents owed at acceptance that have now been received. */
export function suppliedData(record: ApplicationRecord, supplied: readonly ApplicationDocumentState[]): object {
  return {
    applicationNo: record.applicationNo,
    holder: record.holder,
    documents: supplied.map((d) => ({ kind: d.kind, suppliedOn: d.suppliedOn })),
  };
}

/** `work-permit.commitment-verified` v1: what the check of one commitment found. */
export function verifiedData(record: ApplicationRecord, document: ApplicationDocumentState): object {
  return {
    applicationNo: record.applicationNo,
    holder: record.holder,
    commitmentNo: document.commitment?.commitmentNo,
    documentKind: document.kind,
    result: document.verification?.result,
    verifiedOn: document.verification?.verifiedOn,
    ...(document.verification?.note === undefined ? {} : { note: document.verification.note }),
  };
}
