import { Doc } from '../../schema/annotations.js';
import { CalendarDate, Code, Text } from '../../validation/fields.js';
import { Nested } from '../../validation/nested.js';
import { Optional } from '../../validation/rules.js';
import { CANONICAL_TOPICS } from '../../topics/topics.js';
import { defineEvent } from '../event-contract.js';
import { examplePerson } from '../shared/examples.js';
import { Person } from '../shared/person.js';
import { AnyPermanentResidenceCardNo } from './card-no.js';
import { PERMANENT_RESIDENCE_REVOCATION_REASONS } from './code-lists.js';

/** `permanent-residence.revoked` v1: a foreign national's permanent-residence status was revoked. */
@Doc("A foreign national's permanent-residence status was revoked", '外国人在中国永久居留资格被取消')
export class PermanentResidenceRevokedV1 {
  @Doc(
    'Number of the Foreign Permanent Resident ID Card: 18 characters (9, 16 digits, a check digit or X) or, for a card issued before December 2023 and still in use, 3 upper-case letters and 12 digits',
    '外国人永久居留身份证号码：18 位（首位为 9，后接 16 位数字和 1 位校验码或 X）；2023 年 12 月前签发且仍在使用的旧版证件为 3 位大写字母加 12 位数字',
  )
  @AnyPermanentResidenceCardNo()
  cardNo: string;

  @Doc('The former permanent resident', '被取消永久居留资格的外国人')
  @Nested(() => Person)
  holder: Person;

  @Doc('Date of the revocation decision', '取消决定日期')
  @CalendarDate()
  revokedOn: string;

  @Doc('Why permanent residence was revoked', '取消永久居留资格的原因')
  @Code(PERMANENT_RESIDENCE_REVOCATION_REASONS)
  reason: string;

  @Doc('Further explanation, in words', '补充说明')
  @Optional()
  @Text(500)
  remarks?: string;
}

export const PERMANENT_RESIDENCE_REVOKED_V1 = defineEvent({
  type: 'permanent-residence.revoked',
  version: 1,
  topic: CANONICAL_TOPICS.permanentResidence,
  publishers: ['psb'],
  title: { en: 'Permanent residence revoked', zh: '永久居留资格取消' },
  description: {
    en: "Public security revoked a foreign national's permanent-residence status; the Foreign Permanent Resident ID Card is void from the revocation date.",
    zh: '公安机关取消了外国人在中国永久居留资格，其外国人永久居留身份证自取消之日起作废。',
  },
  payload: PermanentResidenceRevokedV1,
  identify: (data) => data.holder,
  example: (): PermanentResidenceRevokedV1 => ({
    cardNo: '931250198804120017',
    holder: examplePerson(),
    revokedOn: '2034-11-03',
    reason: 'obtained-by-fraud',
    remarks: 'Salary certificates submitted with the application were found to be forged.',
  }),
});
