import type { ValidationIssue } from '@hub/contracts';
import type { RowIssue } from '../read/source-row.js';
import type { MappedField } from './import-mapping.js';

/** Which permit field an event path comes from, so a contract's complaint lands on the file's column. */
const FIELD_OF_PATH: Readonly<Record<string, MappedField>> = {
  'data.permitNo': 'permitNo',
  'data.permitClass': 'permitClass',
  'data.points': 'points',
  'data.holder.name': 'holder.name',
  'data.holder.nationality': 'holder.nationality',
  'data.holder.passportNo': 'holder.passportNo',
  'data.previousPassportNo': 'holder.passportNo',
  'data.holder.birthDate': 'holder.birthDate',
  'data.employer.name': 'employer.name',
  'data.employer.creditCode': 'employer.creditCode',
  'data.occupation.title': 'occupation.title',
  'data.position': 'occupation.title',
  'data.occupation.code': 'occupation.code',
  'data.workRegion': 'workRegion',
  region: 'workRegion',
  'data.validity.from': 'validFrom',
  'data.validity.to': 'validUntil',
  'data.validTo': 'validUntil',
  'data.previousValidTo': 'validUntil',
  'data.revokedOn': 'statusOn',
  'data.cancelledOn': 'statusOn',
  'data.expiredOn': 'statusOn',
  'data.effectiveOn': 'statusOn',
  'data.extendedOn': 'statusOn',
  'data.reason': 'statusReason',
  'data.remarks': 'remarks',
  'data.applicationNo': 'applicationNo',
  time: 'issuedOn',
  recordid: 'recordId',
  recordversion: 'version',
};

/** The issues of an event's contract validation as error-report lines: the row, the column, the rule, both messages. */
export function contractIssues(row: number, issues: readonly ValidationIssue[], columnOf: (field: MappedField) => string): RowIssue[] {
  return issues.map(({ path, rule, message, messageZh }) => {
    const field = FIELD_OF_PATH[path];
    return { row, column: field ? columnOf(field) : path, rule, messageZh: messageZh ?? message, messageEn: message };
  });
}
