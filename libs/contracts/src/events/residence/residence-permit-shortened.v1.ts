import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, ReferenceNo, Text, WorkPermitNo } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { IsBeforeProperty, IsNotBeforeProperty, Optional } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';
import { RESIDENCE_PERMIT_SHORTENING_REASONS } from './code-lists.js';

/** `residence-permit.shortened` v1: public security brought forward the end of a residence permit's validity. */
@Doc("Public security shortened a residence permit's validity", '公安机关出入境管理机构缩短了居留证件的有效期')
export class ResidencePermitShortenedV1 {
  @Doc('Number of the residence permit', '居留证件号码')
  @ReferenceNo(20)
  permitNo: string;

  @Doc('The permit holder', '持证人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Date of the decision to shorten', '缩短决定日期')
  @CalendarDate()
  shortenedOn: string;

  @Doc('Last day of validity before the decision', '缩短前的有效期截止日')
  @CalendarDate()
  previousValidTo: string;

  @Doc(
    'New last day of validity: before previousValidTo, and on or after shortenedOn (ending residence at once is a cancellation)',
    '缩短后的有效期截止日：早于原截止日，且不早于决定日期（立即终止居留应为注销）',
  )
  @CalendarDate()
  @IsBeforeProperty('previousValidTo')
  @IsNotBeforeProperty('shortenedOn')
  validTo: string;

  @Doc('Why the validity was shortened', '缩短原因')
  @Code(RESIDENCE_PERMIT_SHORTENING_REASONS)
  reason: string;

  @Doc(
    "For a work-type permit, the number of the Foreigner's Work Permit whose change caused the shortening (18 digits)",
    '工作类居留证件因工作许可变化而缩短时，该外国人工作许可证号（18 位数字）',
  )
  @Optional()
  @WorkPermitNo()
  workPermitNo?: string;

  @Doc('Further explanation, in words', '补充说明')
  @Optional()
  @Text(500)
  remarks?: string;
}

export const RESIDENCE_PERMIT_SHORTENED_V1 = defineEvent({
  type: 'residence-permit.shortened',
  version: 1,
  topic: CANONICAL_TOPICS.residencePermit,
  publishers: ['psb'],
  title: { en: 'Residence permit shortened', zh: '居留期限缩短' },
  description: {
    en: "A public security exit-entry administration brought forward the last day of a residence permit's validity, for instance because the work permit it relies on was shortened.",
    zh: '公安机关出入境管理机构提前了居留证件的有效期截止日，例如因其所依据的工作许可证有效期缩短。',
  },
  payload: ResidencePermitShortenedV1,
  identify: (data) => data.holder,
  example: (): ResidencePermitShortenedV1 => ({
    permitNo: 'R310000260001234',
    holder: examplePerson(),
    shortenedOn: '2027-03-01',
    previousValidTo: '2028-02-29',
    validTo: '2027-08-31',
    reason: 'work-permit-shortened',
    workPermitNo: '310000202600001234',
  }),
});
