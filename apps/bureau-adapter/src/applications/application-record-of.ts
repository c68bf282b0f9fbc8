import type { PermitClass } from '@hub/contracts';
import type { ApplicationDocument } from './application-document.js';
import { applicationRecordId, type AcceptanceMode, type ApplicationDocumentState, type ApplicationRecord } from './application-record.js';

/** The bureau's document types as the contracts' document-kind codes. */
const DOCUMENT_KINDS: Record<string, string> = {
  PASSPORT: 'passport',
  DEGREE: 'degree-certificate',
  WORK_EXPERIENCE: 'work-experience',
  NO_CRIMINAL_RECORD: 'criminal-record',
  HEALTH_CHECK: 'health-certificate',
  EMPLOYMENT_CONTRACT: 'employment-contract',
};

const MODES: Record<NonNullable<ApplicationDocument['acceptanceMode']>, AcceptanceMode> = {
  COMPLETE: 'complete',
  MISSING_DOCUMENTS: 'missing-documents',
  COMMITMENT: 'commitment',
};

/**
 * The bureau's application row as the adapter publishes it. Values are passed on as the bureau holds
 * them (a document type without a contract code keeps the bureau's own, which the contract
 * validation then names), with the bureau's record id.
 */
export function applicationRecordOf(document: ApplicationDocument): ApplicationRecord {
  return {
    recordId: applicationRecordId(document.applicationId),
    version: document.version,
    applicationNo: document.applicationNo,
    holder: {
      name: `${document.holder.givenNames} ${document.holder.familyName}`,
      nationality: document.holder.nationality,
      passportNo: document.holder.passportNo,
      birthDate: document.holder.birthDate,
    },
    employer: { creditCode: document.employer.uscc, name: document.employer.nameZh },
    position: document.positionTitle,
    requestedClass: document.permitClass as PermitClass,
    submittedOn: document.submittedOn,
    inChina: document.inChina,
    path: document.path.toLowerCase() as ApplicationRecord['path'],
    workRegion: document.workRegion,
    ...(document.acceptedOn !== null && document.acceptanceMode !== null
      ? { acceptance: { acceptedOn: document.acceptedOn, mode: MODES[document.acceptanceMode] } }
      : {}),
    documents: document.documents.map(documentStateOf),
  };
}

function documentStateOf(d: ApplicationDocument['documents'][number]): ApplicationDocumentState {
  return {
    kind: DOCUMENT_KINDS[d.docType] ?? d.docType,
    ...(d.dueOn === null ? {} : { dueOn: d.dueOn }),
    ...(d.receivedOn === null ? {} : { suppliedOn: d.receivedOn }),
    ...(d.commitmentNo !== null && d.commitmentSignedOn !== null && d.verifyBy !== null
      ? { commitment: { commitmentNo: d.commitmentNo, signedOn: d.commitmentSignedOn, verifyBy: d.verifyBy } }
      : {}),
    ...(d.verifiedOn !== null && d.verificationResult !== null
      ? {
          verification: {
            verifiedOn: d.verifiedOn,
            result: d.verificationResult === 'FULFILLED' ? 'fulfilled' : 'untrue',
            ...(d.verificationNote === null ? {} : { note: d.verificationNote }),
          },
        }
      : {}),
  };
}
