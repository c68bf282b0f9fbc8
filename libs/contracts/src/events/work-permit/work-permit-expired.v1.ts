import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { CalendarDate, WorkPermitNo } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';

/** `work-permit.expired` v1: a work permit reached the end of its validity without extension. */
@Doc("A Foreigner's Work Permit reached the end of its validity without being extended", '外国人工作许可证有效期届满且未延期')
export class WorkPermitExpiredV1 {
  @Doc('Lifelong permit number: 18 digits', '终身不变的工作许可证号（18 位数字）')
  @WorkPermitNo()
  permitNo: string;

  @Doc('The permit holder', '持证人')
  @Nested(() => Person)
  holder: Person;

  @Doc(
    'First day on which the permit is no longer valid: the day after its last day of validity (validTo)',
    '失效日期：有效期截止日（validTo）的次日，自该日起许可证不再有效',
  )
  @CalendarDate()
  expiredOn: string;
}

export const WORK_PERMIT_EXPIRED_V1 = defineEvent({
  type: 'work-permit.expired',
  version: 1,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Work permit expired', zh: '工作许可证期满失效' },
  description: {
    en: "A Foreigner's Work Permit reached the end of its validity without an extension. Public security must see to it that the work-type residence permit does not outlast it.",
    zh: '外国人工作许可证有效期届满且未延期。公安出入境管理机构应确保工作类居留许可不超过工作许可有效期。',
  },
  payload: WorkPermitExpiredV1,
  identify: (data) => data.holder,
  example: () => ({
    permitNo: '310000202600001234',
    holder: examplePerson(),
    expiredOn: '2028-03-01',
  }),
});
