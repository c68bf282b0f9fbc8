import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, ReferenceNo, Text } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { Optional } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';
import { PERMANENT_RESIDENCE_REJECTION_REASONS } from './code-lists.js';

/** `permanent-residence.rejected` v1: an application for permanent residence was rejected. */
@Doc('An application for permanent residence was rejected', '外国人永久居留申请未获批准')
export class PermanentResidenceRejectedV1 {
  @Doc('Number of the rejected application', '未获批准申请的受理编号')
  @ReferenceNo(40)
  applicationNo: string;

  @Doc('The applicant', '申请人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Date of the rejection decision', '不予批准决定日期')
  @CalendarDate()
  rejectedOn: string;

  @Doc('Why the application was rejected', '不予批准的原因')
  @Code(PERMANENT_RESIDENCE_REJECTION_REASONS)
  reason: string;

  @Doc('Further explanation, in words', '补充说明')
  @Optional()
  @Text(500)
  remarks?: string;
}

export const PERMANENT_RESIDENCE_REJECTED_V1 = defineEvent({
  type: 'permanent-residence.rejected',
  version: 1,
  topic: CANONICAL_TOPICS.permanentResidence,
  publishers: ['psb'],
  title: { en: 'Permanent-residence application rejected', zh: '永久居留申请不予批准' },
  description: {
    en: 'Public security rejected an application for permanent residence in China. The applicant keeps any residence permit they already hold.',
    zh: '公安机关对外国人在中国永久居留申请作出不予批准决定。申请人已持有的居留证件不受影响。',
  },
  payload: PermanentResidenceRejectedV1,
  identify: (data) => data.holder,
  example: (): PermanentResidenceRejectedV1 => ({
    applicationNo: 'PR-310000-2030-000187',
    holder: examplePerson(),
    rejectedOn: '2030-07-15',
    reason: 'income-or-tax-below-threshold',
    remarks: 'Individual income tax paid in 2028 was below 20 % of the salary reported by the tax authority.',
  }),
});
