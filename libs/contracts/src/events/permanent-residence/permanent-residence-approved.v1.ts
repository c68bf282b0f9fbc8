import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, ReferenceNo } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { IsAfterProperty, IsNotBeforeProperty } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';
import { PermanentResidenceCardNo } from './card-no.js';
import { PERMANENT_RESIDENCE_BASES } from './code-lists.js';

/** `permanent-residence.approved` v1: permanent residence was granted and a Foreign Permanent Resident ID Card issued. */
@Doc(
  'Permanent residence in China was granted and a Foreign Permanent Resident ID Card issued',
  '已批准在中国永久居留并签发外国人永久居留身份证',
)
export class PermanentResidenceApprovedV1 {
  @Doc('Number of the application that was approved', '获批申请的受理编号')
  @ReferenceNo(40)
  applicationNo: string;

  @Doc(
    'Number of the Foreign Permanent Resident ID Card: 18 characters, 9 followed by 16 digits and a check digit or X (format in use since 1 December 2023)',
    '外国人永久居留身份证号码：18 位，首位为 9，后接 16 位数字和 1 位校验码（数字或 X）（2023 年 12 月 1 日起启用的格式）',
  )
  @PermanentResidenceCardNo()
  cardNo: string;

  @Doc('The new permanent resident', '获得永久居留资格的外国人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Ground on which permanent residence was granted', '获批的申请类别')
  @Code(PERMANENT_RESIDENCE_BASES)
  basis: string;

  @Doc('Date of the approval decision', '批准日期')
  @CalendarDate()
  approvedOn: string;

  @Doc('First day of validity of the card; on or after approvedOn', '证件有效期起始日，不早于批准日期')
  @CalendarDate()
  @IsNotBeforeProperty('approvedOn')
  validFrom: string;

  @Doc(
    'Last day of validity of the card, after validFrom (10 years for holders aged 18 or over, 5 years for minors); the status itself does not expire with the card',
    '证件有效期截止日，晚于起始日（年满 18 周岁者 10 年，未满 18 周岁者 5 年）；永久居留资格不随证件到期而终止',
  )
  @CalendarDate()
  @IsAfterProperty('validFrom')
  validTo: string;
}

export const PERMANENT_RESIDENCE_APPROVED_V1 = defineEvent({
  type: 'permanent-residence.approved',
  version: 1,
  topic: CANONICAL_TOPICS.permanentResidence,
  publishers: ['psb'],
  title: { en: 'Permanent residence approved', zh: '永久居留批准' },
  description: {
    en: 'Public security approved an application for permanent residence in China and issued a Foreign Permanent Resident ID Card. The card number is the identifier other agencies use for the holder from then on.',
    zh: '公安机关批准了外国人在中国永久居留申请并签发外国人永久居留身份证。此后各部门以该证件号码识别持证人。',
  },
  payload: PermanentResidenceApprovedV1,
  identify: (data) => data.holder,
  example: (): PermanentResidenceApprovedV1 => ({
    applicationNo: 'PR-310000-2030-000187',
    cardNo: '931250198804120017',
    holder: examplePerson(),
    basis: 'market-salary',
    approvedOn: '2030-07-15',
    validFrom: '2030-07-22',
    validTo: '2040-07-21',
  }),
});
