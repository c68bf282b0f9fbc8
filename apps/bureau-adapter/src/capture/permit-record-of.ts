import type { PermitClass } from '@hub/contracts';
import type { PermitRecord, PermitStatus } from '../permits/permit-record.js';
import { permitRecordId, type PermitDocument } from './permit-document.js';

const STATUS: Record<PermitDocument['status'], PermitStatus> = {
  VALID: 'issued',
  REVOKED: 'revoked',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
};

/**
 * The bureau's permit row as the adapter publishes it. A valid permit past version 1 is `changed`.
 * Values are passed on as the bureau holds them: the contracts' validation (at the adapter and again
 * at the hub) names any field that does not meet its rule, with the bureau's record id.
 */
export function permitRecordOf(document: PermitDocument): PermitRecord {
  const status = document.status === 'VALID' && document.version > 1 ? 'changed' : STATUS[document.status];
  return {
    recordId: permitRecordId(document.permitId),
    version: document.version,
    permitNo: document.permitNo,
    permitClass: document.permitClass as PermitClass,
    ...(document.points === null ? {} : { points: document.points }),
    holder: {
      name: `${document.holder.givenNames} ${document.holder.familyName}`,
      nationality: document.holder.nationality,
      passportNo: document.holder.passportNo,
      birthDate: document.holder.birthDate,
    },
    employer: { creditCode: document.employer.uscc, name: document.employer.nameZh },
    occupation: { title: document.positionTitle, ...(document.occupationCode === null ? {} : { code: document.occupationCode }) },
    workRegion: document.workRegion,
    issuedOn: document.issuedOn,
    validFrom: document.validFrom,
    validUntil: document.validUntil,
    status,
    ...(document.statusChangedOn === null ? {} : { statusOn: document.statusChangedOn }),
    ...(document.statusReason === null ? {} : { statusReason: document.statusReason }),
  };
}
