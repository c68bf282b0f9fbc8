import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { Doc } from '../../schema/annotations.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, IsNotBeforeProperty, Optional } from '../../validation/rules.js';
import { CalendarDate, ReferenceNo, WorkPermitNo } from '../../validation/fields.js';
import { defineEvent } from '../event-contract.js';
import { Person } from '../shared/person.js';
import { examplePerson } from '../shared/examples.js';

/** `work-permit.extended` v1: a bureau extended the validity of a work permit. */
@Doc("A bureau extended the validity of a Foreigner's Work Permit", '外国人工作许可证已延期')
export class WorkPermitExtendedV1 {
  @Doc('Lifelong permit number: 18 digits', '终身不变的工作许可证号（18 位数字）')
  @WorkPermitNo()
  permitNo: string;

  @Doc('The permit holder', '持证人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Application number of the extension request, when there was one', '延期申请编号（如有）')
  @Optional()
  @ReferenceNo(40)
  applicationNo?: string;

  @Doc('Day the bureau approved the extension', '批准延期日期')
  @CalendarDate()
  extendedOn: string;

  @Doc(
    'Last day of validity before the extension, on or after extendedOn (a permit must be extended before it expires)',
    '延期前的有效期截止日（不早于批准延期日期：许可证须在到期前延期）',
  )
  @CalendarDate()
  @IsNotBeforeProperty('extendedOn')
  previousValidTo: string;

  @Doc(
    'New last day of validity, after previousValidTo; a residence permit may now run until this day',
    '延期后的有效期截止日（晚于延期前的截止日）；工作类居留许可的有效期可据此延长',
  )
  @CalendarDate()
  @IsAfterProperty('previousValidTo')
  validTo: string;
}

export const WORK_PERMIT_EXTENDED_V1 = defineEvent({
  type: 'work-permit.extended',
  version: 1,
  topic: CANONICAL_TOPICS.workPermit,
  publishers: ['bureau'],
  title: { en: 'Work permit extended', zh: '工作许可证延期' },
  description: {
    en: "A provincial foreign-expert bureau extended the validity of a Foreigner's Work Permit before it expired. Public security may extend the work-type residence permit up to the new last day of validity.",
    zh: '省级外国专家主管部门在外国人工作许可证到期前批准延期。公安出入境管理机构可据此将工作类居留许可延至新的有效期截止日。',
  },
  payload: WorkPermitExtendedV1,
  identify: (data) => data.holder,
  example: () => ({
    permitNo: '310000202600001234',
    holder: examplePerson(),
    applicationNo: 'WPX-310000-2028-000031',
    extendedOn: '2028-01-20',
    previousValidTo: '2028-02-29',
    validTo: '2030-02-28',
  }),
});
